package org.layerlab.data;

import java.util.List;
import java.util.Objects;

/**
 * One split of an image classification dataset, held as raw uint8 pixels in NCHW order.
 *
 * <p>Pixels stay as bytes (a quarter of the float size) until a batch is assembled, so CIFAR-10 or a
 * decoded image-folder cache fits comfortably in memory and normalization is a batch-time choice.
 *
 * @param name a short name for messages and provenance, e.g. {@code mnist/train}
 * @param pixels {@code count * channels * height * width} bytes, unsigned, image-major then channel-major
 * @param labels one label in {@code [0, classNames.size())} per image
 */
public record ImageDataset(
        String name, int channels, int height, int width, byte[] pixels, int[] labels, List<String> classNames) {

    public ImageDataset {
        Objects.requireNonNull(name);
        classNames = List.copyOf(classNames);
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixel bytes for images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The first {@code n} images, in order (the study's quick subsets keep the original order). */
    public ImageDataset head(int n) {
        if (n >= size()) {
            return this;
        }
        byte[] px = java.util.Arrays.copyOf(pixels, n * imageBytes());
        int[] lb = java.util.Arrays.copyOf(labels, n);
        return new ImageDataset(name, channels, height, width, px, lb, classNames);
    }
}
