package org.layerlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.layerlab.error.UserInputException;

/**
 * The One Billion Word benchmark (Chelba et al., 2013) in its own layout, as its archive
 * {@value #ARCHIVE} unpacks:
 *
 * <pre>
 * 1-billion-word-language-modeling-benchmark-r13output/
 *   training-monolingual.tokenized.shuffled/news.en-00001-of-00100 … news.en-00099-of-00100
 *   heldout-monolingual.tokenized.shuffled/news.en.heldout-00000-of-00050 … -00049-of-00050
 * </pre>
 *
 * One sentence per line, already tokenized into space-separated words. A folder holds the data when
 * it (or its {@value #TOP} subfolder) has at least one training shard and the held-out shard 00000.
 *
 * <p>Training uses the training shards present, in shard order. The test split is held-out shard 00000
 * alone, as the benchmark's authors define the test set and as Tensor2Tensor and most papers use it;
 * TensorFlow Datasets' {@code lm1b} instead tests on all 50 held-out shards (306,688 sentences), so its
 * numbers are not comparable to ours. The other held-out shards are not read.
 */
public record Lm1bFolder(Path root, List<Path> trainShards, Path testShard) {
    public static final String ARCHIVE = "1-billion-word-language-modeling-benchmark-r13output.tar.gz";
    public static final String TOP = "1-billion-word-language-modeling-benchmark-r13output";
    public static final String TRAIN_DIR = "training-monolingual.tokenized.shuffled";
    public static final String HELDOUT_DIR = "heldout-monolingual.tokenized.shuffled";
    public static final String TEST_SHARD = "news.en.heldout-00000-of-00050";
    private static final Pattern TRAIN_SHARD = Pattern.compile("news\\.en-\\d{5}-of-00100");

    public Lm1bFolder {
        trainShards = List.copyOf(trainShards);
    }

    /** The data in {@code dir} or in its {@value #TOP} subfolder, if either holds it. */
    public static Optional<Lm1bFolder> find(Path dir) {
        return in(dir).or(() -> in(dir.resolve(TOP)));
    }

    private static Optional<Lm1bFolder> in(Path root) {
        Path test = root.resolve(HELDOUT_DIR).resolve(TEST_SHARD);
        Path trainDir = root.resolve(TRAIN_DIR);
        if (!Files.isRegularFile(test) || !Files.isDirectory(trainDir)) {
            return Optional.empty();
        }
        List<Path> shards;
        try (Stream<Path> s = Files.list(trainDir)) {
            // Names are zero-padded, so name order is shard order.
            shards = s.filter(
                            p -> TRAIN_SHARD.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw UserInputException.io(trainDir, "cannot list", e);
        }
        return shards.isEmpty() ? Optional.empty() : Optional.of(new Lm1bFolder(root, shards, test));
    }

    /** The two folders the data is read from (for a cheap listing digest; the shards read are hashed as read). */
    public List<Path> folders() {
        return List.of(root.resolve(TRAIN_DIR), root.resolve(HELDOUT_DIR));
    }
}
