package org.layerlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerlab.error.UserInputException;

/**
 * Puts a class-folder copy of a dataset back into its original record order.
 *
 * <p>Class folders lose the order of the original files, which matters because "the first N images"
 * is how quick runs subset the data: in class-folder order the first 5,000 CIFAR-10 images are all
 * airplanes. When the image files of a class are named by their running index within that class in
 * the original order (as in our CIFAR-10 JPEG copy), the original labels list is enough to rebuild the
 * order: record i is the k-th image of class {@code label[i]}, where k counts earlier records of that
 * class. Labels stay correct whatever the file naming; only the order depends on it.
 */
public final class OriginalOrder {
    private OriginalOrder() {}

    /** One label per line, as in {@code train_labels_all50000.txt}. */
    public static int[] readLabels(Path file, int numClasses) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        int[] labels = lines.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .mapToInt(s -> {
                    try {
                        return Integer.parseInt(s);
                    } catch (NumberFormatException e) {
                        throw new UserInputException(file + ": not a label: '" + s + "'");
                    }
                })
                .toArray();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new UserInputException(
                        file + ": label " + labels[i] + " on line " + (i + 1) + " is outside 0.." + (numClasses - 1));
            }
        }
        return labels;
    }

    /**
     * Reorders {@code classMajor} (sorted by label, files in index order within each class) so that
     * its labels equal {@code labels}; {@code labelFile} is named in errors.
     */
    public static ImageDataset restore(ImageDataset classMajor, int[] labels, Path labelFile) {
        int classes = classMajor.numClasses();
        int[] start = new int[classes + 1];
        int[] have = classMajor.labels();
        for (int i = 0; i < have.length; i++) {
            if (i > 0 && have[i] < have[i - 1]) {
                throw new IllegalArgumentException(classMajor.name() + " is not sorted by class");
            }
            start[have[i] + 1]++;
        }
        for (int c = 0; c < classes; c++) {
            start[c + 1] += start[c];
        }
        if (labels.length != have.length) {
            throw new UserInputException(labelFile + ": lists " + labels.length + " labels but " + classMajor.name()
                    + " has " + have.length + " images");
        }
        int[] seen = new int[classes];
        int[] order = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            order[i] = start[c] + seen[c]++;
            if (order[i] >= start[c + 1]) {
                throw new UserInputException(labelFile + ": lists more images of class " + c + " than "
                        + classMajor.name() + " has (" + (start[c + 1] - start[c]) + ")");
            }
        }
        return classMajor.select(order);
    }
}
