package org.layerlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a known dataset's files sit in a folder, and so whether a folder holds the dataset. */
public enum DatasetLayout {
    /** Four IDX files (MNIST, Fashion-MNIST), each gzip'd under its published name or uncompressed without {@code .gz}. */
    IDX(false) {
        @Override
        public List<Path> filesIn(KnownDataset dataset, Path dir) {
            List<Path> found = new ArrayList<>();
            for (DatasetFile f : dataset.files()) {
                Optional<Path> p = IdxReader.find(dir, f.name());
                if (p.isEmpty()) {
                    return List.of();
                }
                found.add(p.get());
            }
            return found;
        }
    },
    /** CIFAR-10 as binary batches, or as class folders (a zip or train/ + test/). */
    CIFAR10(true) {
        @Override
        public List<Path> filesIn(KnownDataset dataset, Path dir) {
            return CifarFolder.find(dir).map(CifarFolder::files).orElse(List.of());
        }
    };

    private final boolean archived;

    DatasetLayout(boolean archived) {
        this.archived = archived;
    }

    /** True when the published files are archives to extract into the cache, false when they are used as they are. */
    public boolean archived() {
        return archived;
    }

    /**
     * The files (or, for a class-folder tree, the split folders) the dataset would be read from, or
     * an empty list when {@code dir} does not hold the whole dataset.
     */
    public abstract List<Path> filesIn(KnownDataset dataset, Path dir);
}
