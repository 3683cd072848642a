package org.layerlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.layerlab.error.UserInputException;

/**
 * How CIFAR-10 sits in a dataset folder. Looked for in this order: the binary batches (in the folder
 * or its {@code cifar-10-batches-bin/}), a single class-folder {@code .zip}, or {@code train/} and
 * {@code test/} class folders.
 *
 * @param kind which of the three forms was found
 * @param dir the dataset folder that was searched
 * @param source the folder holding the batches, the zip, or {@code dir} for class folders
 * @param files what the data is read from (batches and meta, or the zip, or the two split folders),
 *     followed by the original-order label lists when present
 */
public record CifarFolder(Kind kind, Path dir, Path source, List<Path> files) {
    public enum Kind {
        BINARY,
        ZIP,
        TREE
    }

    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    public static final String BATCHES_DIR = "cifar-10-batches-bin";
    public static final List<String> TRAIN_BATCHES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_BATCH = "test_batch.bin";
    public static final String META = "batches.meta.txt";
    /**
     * Labels of all images in original record order, one per line. With them, class folders (which
     * lose that order) are put back in it; our shared copy keeps them in {@code partial/}.
     */
    public static final String TRAIN_ORDER = "train_labels_all50000.txt";

    public static final String TEST_ORDER = "test_labels_all10000.txt";

    public CifarFolder {
        files = List.copyOf(files);
    }

    public static Optional<CifarFolder> find(Path dir) {
        for (Path d : List.of(dir, dir.resolve(BATCHES_DIR))) {
            if (TRAIN_BATCHES.stream().allMatch(b -> Files.isRegularFile(d.resolve(b)))
                    && Files.isRegularFile(d.resolve(TEST_BATCH))) {
                List<Path> files = new ArrayList<>();
                TRAIN_BATCHES.forEach(b -> files.add(d.resolve(b)));
                files.add(d.resolve(TEST_BATCH));
                if (Files.isRegularFile(d.resolve(META))) {
                    files.add(d.resolve(META));
                }
                return Optional.of(new CifarFolder(Kind.BINARY, dir, d, files));
            }
        }
        List<Path> zips = zipsIn(dir);
        if (zips.size() > 1) {
            throw new UserInputException(dir + ": holds several zips ("
                    + zips.stream()
                            .map(z -> z.getFileName().toString())
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("")
                    + "); keep one CIFAR-10 class-folder zip there");
        }
        if (zips.size() == 1) {
            return Optional.of(new CifarFolder(Kind.ZIP, dir, zips.get(0), withOrder(dir, List.of(zips.get(0)))));
        }
        if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
            return Optional.of(new CifarFolder(
                    Kind.TREE, dir, dir, withOrder(dir, List.of(dir.resolve("train"), dir.resolve("test")))));
        }
        return Optional.empty();
    }

    public List<Path> trainBatches() {
        return TRAIN_BATCHES.stream().map(source::resolve).toList();
    }

    public Path testBatch() {
        return source.resolve(TEST_BATCH);
    }

    public Optional<Path> meta() {
        return named(META);
    }

    public Optional<Path> trainOrder() {
        return named(TRAIN_ORDER);
    }

    public Optional<Path> testOrder() {
        return named(TEST_ORDER);
    }

    private Optional<Path> named(String name) {
        return files.stream()
                .filter(f -> f.getFileName().toString().equals(name))
                .findFirst();
    }

    private static List<Path> withOrder(Path dir, List<Path> data) {
        List<Path> files = new ArrayList<>(data);
        for (String name : List.of(TRAIN_ORDER, TEST_ORDER)) {
            Stream.of(dir.resolve(name), dir.resolve("partial").resolve(name))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .ifPresent(files::add);
        }
        return files;
    }

    private static List<Path> zipsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".zip") && !n.startsWith(".") && Files.isRegularFile(p);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw UserInputException.io(dir, "cannot list", e);
        }
    }
}
