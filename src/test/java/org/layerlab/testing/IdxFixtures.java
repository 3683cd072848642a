package org.layerlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;
import org.layerlab.data.IdxReader;

/**
 * Small synthetic IDX files for tests: {@link #images} (pixel value of image i at p is (i * 31 + p) mod 256)
 * for shapes and errors, {@link #blockImages} for data a network can learn.
 */
public final class IdxFixtures {
    private IdxFixtures() {}

    public static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                b.put((byte) (i * 31 + p));
            }
        }
        return b.array();
    }

    /**
     * 28×28 images a small network learns in a few epochs: dim texture (0..63) with a bright 7×7 block
     * (192..255) in the cell of a 4×4 grid numbered by the image's label, so up to 16 classes.
     */
    public static byte[] blockImages(int... labels) {
        int side = 28;
        int cell = 7;
        ByteBuffer b = ByteBuffer.allocate(16 + labels.length * side * side);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(labels.length).putInt(side).putInt(side);
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= 16) {
                throw new IllegalArgumentException("label " + label + " has no cell of its own");
            }
            int top = label / 4 * cell;
            int left = label % 4 * cell;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int texture = (i * 31 + y * 7 + x * 13) % 64;
                    boolean inBlock = y >= top && y < top + cell && x >= left && x < left + cell;
                    b.put((byte) (inBlock ? 192 + texture : texture));
                }
            }
        }
        return b.array();
    }

    public static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    public static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
