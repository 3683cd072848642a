package org.layerlab.data;

import java.nio.file.Files;
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
    },
    /**
     * One UTF-8 text file, under its published name or as {@code <name>.txt} (the shared data folder's
     * {@code text/tinyshakespeare.txt}); also looked for in {@code $LAYERLAB_DATA/text/}.
     */
    TEXT(false) {
        @Override
        public List<Path> filesIn(KnownDataset dataset, Path dir) {
            for (String name : List.of(dataset.files().get(0).name(), dataset.name() + ".txt")) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return List.of(dir.resolve(name));
                }
            }
            return List.of();
        }

        @Override
        public List<String> dataFolders(KnownDataset dataset) {
            return List.of(dataset.name(), "text");
        }
    },
    /** The One Billion Word benchmark's folders ({@link Lm1bFolder}), or its archive to extract. */
    LM1B(true) {
        @Override
        public List<Path> filesIn(KnownDataset dataset, Path dir) {
            return Lm1bFolder.find(dir).map(Lm1bFolder::folders).orElse(List.of());
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

    /** The folders under {@code $LAYERLAB_DATA} that may hold the dataset, in the order they are searched. */
    public List<String> dataFolders(KnownDataset dataset) {
        return List.of(dataset.name());
    }
}
