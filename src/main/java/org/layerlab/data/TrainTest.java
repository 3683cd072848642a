package org.layerlab.data;

import java.util.Objects;

/** The training and test split of one dataset, with the same classes and image shape. */
public record TrainTest(ImageDataset train, ImageDataset test) {
    public TrainTest {
        Objects.requireNonNull(train);
        Objects.requireNonNull(test);
        if (!train.classNames().equals(test.classNames()) || train.imageBytes() != test.imageBytes()) {
            // Readers check their files' shapes and name them; reaching this is a bug in a reader.
            throw new IllegalArgumentException(train.name() + " (" + train.channels() + "x" + train.height() + "x"
                    + train.width() + ", classes " + train.classNames() + ") and " + test.name() + " ("
                    + test.channels() + "x" + test.height() + "x" + test.width() + ", classes "
                    + test.classNames() + ") differ in classes or shape");
        }
    }
}
