package org.layerlab.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.layerlab.data.ImageDataset;

/** Small images: random datasets in memory, and images and class-folder trees written with ImageIO. */
public final class ImageFixtures {
    private ImageFixtures() {}

    /** {@code n} random images of shape c×h×w, all from one seed, labelled 0, 1, 2, 0, … (classes a, b, c). */
    public static ImageDataset random(long seed, int n, int c, int h, int w) {
        byte[] px = new byte[n * c * h * w];
        new Random(seed).nextBytes(px);
        int[] labels = IntStream.range(0, n).map(i -> i % 3).toArray();
        return new ImageDataset("r", c, h, w, px, labels, List.of("a", "b", "c"));
    }

    /** Pixel (y, x) has red = seed + 10y + x, green = 100 + seed, blue = 255 - seed - x. */
    public static int rgb(int seed, int y, int x) {
        int r = (seed + 10 * y + x) & 0xff;
        int g = (100 + seed) & 0xff;
        int b = (255 - seed - x) & 0xff;
        return r << 16 | g << 8 | b;
    }

    public static BufferedImage pattern(int seed, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(seed, y, x));
            }
        }
        return img;
    }

    public static byte[] png(int seed, int h, int w) {
        return encode(pattern(seed, h, w), "png");
    }

    public static byte[] jpeg(int seed, int h, int w) {
        return encode(pattern(seed, h, w), "jpeg");
    }

    /** A greyscale PNG whose stored samples are all {@code value}. */
    public static byte[] greyPng(int value, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return encode(img, "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of the given entries, in the given order (names ending in / are folders). */
    public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    public static Path folder(Path root, Map<String, byte[]> entries) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path p = root.resolve(e.getKey());
            if (e.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        }
        return root;
    }
}
