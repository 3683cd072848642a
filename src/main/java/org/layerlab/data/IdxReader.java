package org.layerlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.layerlab.error.UserInputException;

/**
 * Reads an IDX image file and its label file (the MNIST format), gzip'd or raw.
 *
 * <p>Everything the header promises is checked against what follows it, so a truncated download,
 * trailing bytes or a swapped pair of files is reported instead of silently training on garbage.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** Far above any IDX image side in use; guards against a corrupt header asking for gigabytes. */
    private static final int MAX_SIDE = 1 << 14;

    private IdxReader() {}

    private record Idx(int count, int rows, int cols, byte[] data) {}

    /** Images as one-channel {@link ImageDataset}; labels must lie in {@code [0, classNames.size())}. */
    public static ImageDataset read(Path images, Path labels, String name, List<String> classNames) {
        Idx img = readFile(images, true);
        Idx lab = readFile(labels, false);
        if (img.count() != lab.count()) {
            throw new UserInputException(
                    labels + ": " + lab.count() + " labels but " + images + " holds " + img.count() + " images");
        }
        int[] lb = new int[lab.count()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = lab.data()[i] & 0xff;
            if (lb[i] >= classNames.size()) {
                throw new UserInputException(
                        labels + ": label " + lb[i] + " of item " + i + " is outside 0.." + (classNames.size() - 1));
            }
        }
        return new ImageDataset(name, 1, img.rows(), img.cols(), img.data(), lb, classNames);
    }

    /**
     * The file for a published {@code .gz} name in {@code dir}: the gzip'd file itself, or else its
     * uncompressed form without {@code .gz} (what {@code gunzip} leaves behind).
     */
    public static Optional<Path> find(Path dir, String publishedName) {
        Path gz = dir.resolve(publishedName);
        if (Files.isRegularFile(gz)) {
            return Optional.of(gz);
        }
        if (publishedName.endsWith(".gz")) {
            Path raw = dir.resolve(publishedName.substring(0, publishedName.length() - 3));
            if (Files.isRegularFile(raw)) {
                return Optional.of(raw);
            }
        }
        return Optional.empty();
    }

    private static Idx readFile(Path file, boolean images) {
        boolean gzip = false;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            gzip = isGzip(raw);
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return parse(file, in, images);
            }
        } catch (EOFException e) {
            // Only the gzip decoder throws this; for raw files a short read is reported by parse().
            throw new UserInputException(file + ": truncated gzip stream (unexpected end of file)", e);
        } catch (ZipException e) {
            throw new UserInputException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": does not exist", e);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read " + (gzip ? "gzip " : "") + "file", e);
        }
    }

    /** Gzip is recognised by its magic bytes, not the file name: a gunzip'd file may keep its {@code .gz}. */
    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static Idx parse(Path file, InputStream in, boolean images) throws IOException {
        String what = images ? "images" : "labels";
        // The magic is checked before the rest of the header, so a swapped or foreign file says so.
        byte[] header = new byte[images ? 16 : 8];
        int got = in.readNBytes(header, 0, 4);
        ByteBuffer h = ByteBuffer.wrap(header);
        int expected = images ? IMAGES_MAGIC : LABELS_MAGIC;
        int magic = got == 4 ? h.getInt() : -1;
        if (got == 4 && magic != expected) {
            String hint = magic == (images ? LABELS_MAGIC : IMAGES_MAGIC)
                    ? " (this is an IDX " + (images ? "labels" : "images") + " file)"
                    : "";
            throw new UserInputException(String.format(
                    "%s: wrong IDX magic 0x%08x, expected 0x%08x for %s%s", file, magic, expected, what, hint));
        }
        got += in.readNBytes(header, got, header.length - got);
        if (got < header.length) {
            throw new UserInputException(file + ": truncated IDX header (" + got + " of " + header.length + " bytes)");
        }
        int count = h.getInt();
        int rows = images ? h.getInt() : 1;
        int cols = images ? h.getInt() : 1;
        if (count < 0 || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new UserInputException(
                    file + ": implausible IDX dimensions " + count + (images ? " x " + rows + " x " + cols : ""));
        }
        long payload = (long) count * rows * cols;
        if (payload > Integer.MAX_VALUE - 64) {
            throw new UserInputException(
                    file + ": IDX header declares " + payload + " bytes, more than one array holds");
        }
        byte[] data = new byte[(int) payload];
        int n = in.readNBytes(data, 0, data.length);
        if (n < data.length) {
            throw new UserInputException(file + ": truncated: the header declares " + count + " " + what
                    + (images ? " of " + rows + "x" + cols : "") + " (" + payload + " bytes) but only " + n
                    + " bytes follow");
        }
        if (in.read() != -1) {
            throw new UserInputException(
                    file + ": trailing data after the " + count + " " + what + " the header declares");
        }
        return new Idx(count, rows, cols, data);
    }
}
