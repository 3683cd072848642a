package org.layerlab.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.layerlab.data.Lm1bFolder;

/**
 * A miniature One Billion Word benchmark in its own layout (nothing of LM1B can be downloaded here):
 * two training shards, the test shard heldout-00000 and one more held-out shard that must not be read.
 * Sentences use the words of {@link TokenizerJsonFixtures#WORDS}.
 */
public final class Lm1bFixture {
    public static final List<String> SHARD1 = List.of("the cat sat on the mat .", "a dog ran .", "the dog sat .");
    public static final List<String> SHARD2 = List.of("a cat ran , and a dog sat .", "the mat .");
    public static final List<String> TEST = List.of("the cat ran .", "a dog sat on a mat .");
    public static final List<String> HELDOUT1 = List.of("a mat , a cat .");

    public static final String SHARD1_NAME = "news.en-00001-of-00100";
    public static final String SHARD2_NAME = "news.en-00002-of-00100";

    private Lm1bFixture() {}

    /** Relative path → contents, under the archive's top folder. */
    public static Map<String, String> files() {
        String train = Lm1bFolder.TRAIN_DIR + "/";
        String heldout = Lm1bFolder.HELDOUT_DIR + "/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(train + SHARD1_NAME, lines(SHARD1));
        // A blank last line, as a hand-edited shard may have: not a sentence.
        files.put(train + SHARD2_NAME, lines(SHARD2) + "\n");
        files.put(heldout + Lm1bFolder.TEST_SHARD, lines(TEST));
        files.put(heldout + "news.en.heldout-00001-of-00050", lines(HELDOUT1));
        return files;
    }

    private static String lines(List<String> sentences) {
        return String.join("\n", sentences) + "\n";
    }

    /** The layout under {@code root} (no top folder). */
    public static Path folder(Path root) {
        try {
            for (Map.Entry<String, String> e : files().entrySet()) {
                Path p = root.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The archive as the benchmark publishes it: everything under its top folder, gzip'd tar. */
    public static Path archive(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file);
                    GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                // Its paths are longer than ustar's 100 bytes; GNU tar (which made the real one) writes long names so.
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
                for (Map.Entry<String, String> e : files().entrySet()) {
                    byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry entry = new TarArchiveEntry(Lm1bFolder.TOP + "/" + e.getKey());
                    entry.setSize(bytes.length);
                    tar.putArchiveEntry(entry);
                    tar.write(bytes);
                    tar.closeArchiveEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
