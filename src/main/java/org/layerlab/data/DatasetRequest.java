package org.layerlab.data;

import java.nio.file.Path;
import java.util.Objects;
import org.layerlab.error.UserInputException;

/**
 * What data a run asks for.
 *
 * @param name {@code mnist}, {@code fashion-mnist}, {@code cifar10} or {@code imagefolder}
 * @param dir an explicit folder (for {@code imagefolder} a folder or a {@code .zip}); null to search
 * @param trainLimit keep only the first N training images (after {@code trainPerClass}); null keeps all
 * @param testLimit keep only the first N test images; null keeps all
 * @param trainPerClass keep only the first N training images of each class; null keeps all
 * @param imageFolder resize and crop for {@code imagefolder}; null means none
 */
public record DatasetRequest(
        String name,
        Path dir,
        Integer trainLimit,
        Integer testLimit,
        Integer trainPerClass,
        ImageFolderOptions imageFolder) {
    public static final String IMAGEFOLDER = "imagefolder";

    public DatasetRequest {
        Objects.requireNonNull(name, "dataset name");
        positive(name, "train limit", trainLimit);
        positive(name, "test limit", testLimit);
        positive(name, "trainPerClass", trainPerClass);
        if (imageFolder == null) {
            imageFolder = ImageFolderOptions.NONE;
        }
        if (imageFolder.trainPerClass() != null
                && trainPerClass != null
                && !imageFolder.trainPerClass().equals(trainPerClass)) {
            throw new UserInputException("dataset " + name + ": trainPerClass given twice (" + trainPerClass + " and "
                    + imageFolder.trainPerClass() + ")");
        }
        if (imageFolder.trainPerClass() != null) {
            trainPerClass = imageFolder.trainPerClass();
        }
        imageFolder = imageFolder.withTrainPerClass(trainPerClass);
        if (IMAGEFOLDER.equals(name) && dir == null) {
            throw new UserInputException(
                    "dataset imagefolder: needs an explicit data dir (a folder or .zip with train/ and test/)");
        }
        if (!IMAGEFOLDER.equals(name) && (imageFolder.resizeShorter() != null || imageFolder.cropSize() != null)) {
            throw new UserInputException("dataset " + name + ": resize and crop options apply only to imagefolder");
        }
    }

    public static DatasetRequest of(String name) {
        return new DatasetRequest(name, null, null, null, null, null);
    }

    public static DatasetRequest of(String name, Path dir) {
        return new DatasetRequest(name, dir, null, null, null, null);
    }

    private static void positive(String name, String what, Integer v) {
        if (v != null && v < 1) {
            throw new UserInputException("dataset " + name + ": " + what + " must be at least 1, got " + v);
        }
    }
}
