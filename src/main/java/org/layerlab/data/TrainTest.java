package org.layerlab.data;

import java.util.Objects;

/** The training and test split of one dataset, with the same classes and image shape. */
public record TrainTest(ImageDataset train, ImageDataset test) {
    public TrainTest {
        Objects.requireNonNull(train);
        Objects.requireNonNull(test);
        if (!train.classNames().equals(test.classNames()) || train.imageBytes() != test.imageBytes()) {
            throw new IllegalArgumentException(train.name() + " and " + test.name() + " differ in classes or shape");
        }
    }
}
