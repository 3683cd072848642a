package org.layerlab.engine;

import java.util.Arrays;
import org.layerlab.train.BatchSource;

/**
 * What a network is built for: one example's input shape, the number of classes (or the vocabulary
 * size) and whether inputs are pixels or token ids.
 *
 * @param example per-example input shape: (channels, height, width) for images, (context) for text
 */
public record DataShape(int[] example, int classes, BatchSource.Inputs inputs) {
    public DataShape {
        example = example.clone();
    }

    public static DataShape of(BatchSource source) {
        return new DataShape(source.exampleShape(), source.numClasses(), source.inputs());
    }

    /** An image shape (channels, height, width) with {@code classes} classes. */
    public static DataShape images(int[] chw, int classes) {
        return new DataShape(chw, classes, BatchSource.Inputs.PIXELS);
    }

    @Override
    public int[] example() {
        return example.clone();
    }

    public boolean tokens() {
        return inputs == BatchSource.Inputs.TOKENS;
    }

    /** For messages: {@code 3×32×32 images} or {@code windows of 256 tokens}. */
    public String describe() {
        if (tokens()) {
            return "windows of " + example[0] + " tokens";
        }
        return String.join(
                        "×", Arrays.stream(example).mapToObj(Integer::toString).toList()) + " images";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataShape d
                && Arrays.equals(example, d.example)
                && classes == d.classes
                && inputs == d.inputs;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(example) + classes) + inputs.hashCode();
    }
}
