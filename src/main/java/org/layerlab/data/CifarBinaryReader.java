package org.layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.layerlab.error.UserInputException;

/**
 * Reads the CIFAR-10 binary batches: records of one label byte and 3072 pixel bytes, the red, green
 * and blue 32x32 planes one after the other, each row-major. That is already CHW, so pixels are
 * copied straight into {@link ImageDataset}.
 */
public final class CifarBinaryReader {
    public static final int SIDE = 32;
    public static final int PIXELS = 3 * SIDE * SIDE;
    public static final int RECORD = 1 + PIXELS;
    /** Records read per chunk: large enough for fast I/O, small enough that no file-sized buffer is needed. */
    private static final int CHUNK_RECORDS = 1024;

    private CifarBinaryReader() {}

    public static ImageDataset read(List<Path> files, List<String> classNames, String name) {
        long total = 0;
        for (Path f : files) {
            long size = size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new UserInputException(
                        f + ": " + size + " bytes is not a whole number of " + RECORD + "-byte CIFAR records");
            }
            total += size / RECORD;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 64) {
            throw new UserInputException(files.get(0) + ": " + total + " records are more than one array holds");
        }
        int count = (int) total;
        byte[] pixels = new byte[count * PIXELS];
        int[] labels = new int[count];
        int next = 0;
        for (Path f : files) {
            next = readInto(f, classNames.size(), pixels, labels, next);
        }
        return new ImageDataset(name, 3, SIDE, SIDE, pixels, labels, classNames);
    }

    /** {@code batches.meta.txt}: one class name per line, blank lines ignored. */
    public static List<String> readClassNames(Path meta) {
        try {
            List<String> names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (names.isEmpty()) {
                throw new UserInputException(meta + ": no class names in it");
            }
            return names;
        } catch (NoSuchFileException e) {
            throw new UserInputException(meta + ": does not exist", e);
        } catch (IOException e) {
            throw UserInputException.io(meta, "cannot read", e);
        }
    }

    private static int readInto(Path file, int numClasses, byte[] pixels, int[] labels, int first) {
        byte[] buf = new byte[CHUNK_RECORDS * RECORD];
        int index = first;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                if (n % RECORD != 0 || index + n / RECORD > labels.length) {
                    throw new UserInputException(file + ": changed size while being read");
                }
                for (int off = 0; off < n; off += RECORD, index++) {
                    int label = buf[off] & 0xff;
                    if (label >= numClasses) {
                        throw new UserInputException(file + ": record " + (index - first) + " has label " + label
                                + ", outside 0.." + (numClasses - 1));
                    }
                    labels[index] = label;
                    System.arraycopy(buf, off + 1, pixels, index * PIXELS, PIXELS);
                }
            }
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        return index;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (NoSuchFileException e) {
            throw new UserInputException(f + ": does not exist", e);
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot read", e);
        }
    }
}
