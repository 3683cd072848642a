package org.layerlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layerlab.data.IdxReader;
import org.layerlab.random.Rng;

/**
 * A folder of the four MNIST files (gzip'd IDX), 28×28, made up for a test: either learnable (each class
 * lights its own band of rows, plus noise) or with labels that have nothing to do with the images.
 */
public final class MnistFolder {
    private MnistFolder() {}

    private static final String[] NAMES = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"
    };

    /** Learnable: a network separates the classes within an epoch or two. */
    public static Path learnable(Path dir, int train, int test) {
        return write(dir, train, test, true);
    }

    /** Labels drawn independently of the images: no network can beat chance on the test split. */
    public static Path unlearnable(Path dir, int train, int test) {
        return write(dir, train, test, false);
    }

    private static Path write(Path dir, int train, int test, boolean learnable) {
        Rng rng = new Rng(learnable ? 1 : 2);
        try {
            Files.createDirectories(dir);
            int[][] counts = {{train, 0}, {test, 2}};
            for (int[] split : counts) {
                int n = split[0];
                int[] labels = new int[n];
                ByteBuffer images = ByteBuffer.allocate(16 + n * 28 * 28);
                images.putInt(IdxReader.IMAGES_MAGIC).putInt(n).putInt(28).putInt(28);
                for (int i = 0; i < n; i++) {
                    labels[i] = rng.nextInt(10);
                    int shown = learnable ? labels[i] : rng.nextInt(10);
                    for (int p = 0; p < 28 * 28; p++) {
                        boolean band = p / 28 >= shown * 2 + 4 && p / 28 < shown * 2 + 6;
                        images.put((byte) (band ? 200 + rng.nextInt(56) : rng.nextInt(40)));
                    }
                }
                Files.write(dir.resolve(NAMES[split[1]]), IdxFixtures.gzip(images.array()));
                Files.write(dir.resolve(NAMES[split[1] + 1]), IdxFixtures.gzip(IdxFixtures.labels(labels)));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
