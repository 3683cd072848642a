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

    /** The images at {@code indices}, in that order (a reordering or a subset). */
    public ImageDataset select(int[] indices) {
        int bytes = imageBytes();
        byte[] px = new byte[indices.length * bytes];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, px, i * bytes, bytes);
            lb[i] = labels[indices[i]];
        }
        return new ImageDataset(name, channels, height, width, px, lb, classNames);
    }

    /** The first {@code n} images of each class, keeping their order (a class-balanced subset). */
    public ImageDataset firstPerClass(int n) {
        int[] taken = new int[numClasses()];
        int[] keep = new int[size()];
        int kept = 0;
        for (int i = 0; i < size(); i++) {
            if (taken[labels[i]]++ < n) {
                keep[kept++] = i;
            }
        }
        return kept == size() ? this : select(java.util.Arrays.copyOf(keep, kept));
    }
}
