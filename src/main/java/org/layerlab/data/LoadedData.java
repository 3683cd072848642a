package org.layerlab.data;

import java.util.Objects;

/** Both splits of a loaded dataset and where they came from (for provenance). */
public record LoadedData(ImageDataset train, ImageDataset test, LocatedDataset where) {
    public LoadedData {
        Objects.requireNonNull(train);
        Objects.requireNonNull(test);
        Objects.requireNonNull(where);
    }
}
