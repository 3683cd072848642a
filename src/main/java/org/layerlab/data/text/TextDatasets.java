package org.layerlab.data.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.layerlab.data.DatasetCatalog;
import org.layerlab.data.DatasetLocator;
import org.layerlab.data.Datasets;
import org.layerlab.data.KnownDataset;
import org.layerlab.data.Lm1bFolder;
import org.layerlab.data.LocatedDataset;
import org.layerlab.data.Origin;
import org.layerlab.error.UserInputException;

/**
 * The one entry point for text corpora: find, read strictly as UTF-8, split, tokenize.
 *
 * <ul>
 *   <li>{@code tinyshakespeare}: Karpathy's char-rnn file, found like MNIST ({@code --data} or
 *       {@code data.dir}, {@code $LAYERLAB_DATA/tinyshakespeare/} or {@code $LAYERLAB_DATA/text/},
 *       the cache, else a checksum-verified download into the cache).
 *   <li>{@code textfile}: the user's UTF-8 corpus, one file or a folder of files ({@link #corpusFiles}).
 *   <li>{@code lm1b}: the One Billion Word benchmark ({@link Lm1bFolder}), sentence by sentence.
 * </ul>
 *
 * <p>A running-text corpus is split as nanoGPT's {@code prepare.py} does: the first
 * {@code int(n * 0.9)} of its n characters (code points) for training, the rest for test, each split
 * then encoded on its own. The char vocabulary comes from the whole corpus, so it does not depend on
 * the split or on {@code data.train_limit}/{@code data.test_limit}, which keep the first N tokens of
 * each split (for LM1B, the first N sentences).
 */
public final class TextDatasets {
    public static final String TINYSHAKESPEARE = DatasetCatalog.TINYSHAKESPEARE;
    public static final String TEXTFILE = "textfile";
    public static final String LM1B = DatasetCatalog.LM1B;
    /** The text datasets, in the order messages list them. */
    public static final List<String> NAMES = List.of(TINYSHAKESPEARE, TEXTFILE, LM1B);
    /** nanoGPT's {@code n = len(data); train = data[:int(n*0.9)]}. */
    public static final double TRAIN_FRACTION = 0.9;

    /** A running-text corpus is held in memory whole (as a String, then its ids): at most 1 GiB of UTF-8. */
    static final long MAX_CORPUS_BYTES = 1L << 30;
    /** LM1B shards are about 40 MiB; one far larger is not a shard. */
    static final long MAX_SHARD_BYTES = 1L << 30;
    /** Sentences handed to the tokenizer at once (it encodes a batch in parallel). */
    static final int SENTENCE_BATCH = 4096;

    static final String LM1B_NEEDS_SUBWORDS = "data.tokenizer: lm1b is modeled in subword tokens, not characters"
            + " (the paper used a SentencePiece vocabulary; a char vocabulary would need all 4 GB read before training"
            + " and make every sequence about five times longer): set data.tokenizer to the path of a HuggingFace"
            + " tokenizer.json";

    private final DatasetLocator locator;
    private final Function<Path, Tokenizer> subwordTokenizers;

    /**
     * @param locator finds and downloads {@code tinyshakespeare} and {@code lm1b}
     * @param subwordTokenizers loads a tokenizer.json (or a folder holding one) for {@code data.tokenizer};
     *     in the program {@code org.layerlab.engine.HfTokenizer::load}, which keeps DJL inside the engine
     */
    public TextDatasets(DatasetLocator locator, Function<Path, Tokenizer> subwordTokenizers) {
        this.locator = locator;
        this.subwordTokenizers = subwordTokenizers;
    }

    /** Searches and caches as {@link Datasets#standard()} does. */
    public static TextDatasets standard(Function<Path, Tokenizer> subwordTokenizers) {
        return new TextDatasets(Datasets.standardLocator(), subwordTokenizers);
    }

    /** The corpus, split and encoded; anything wrong with it or with the tokenizer is bad input naming the file. */
    public TextData load(TextRequest request) {
        return switch (request.name()) {
            case TINYSHAKESPEARE -> tinyShakespeare(request);
            case TEXTFILE -> textFile(request);
            default -> lm1b(request);
        };
    }

    private TextData tinyShakespeare(TextRequest r) {
        KnownDataset ds = locator.catalog().get(TINYSHAKESPEARE);
        LocatedDataset where = locator.locate(TINYSHAKESPEARE, r.dir());
        Path file = ds.layout().filesIn(ds, where.dir()).get(0);
        return split(Utf8Text.read(file, MAX_CORPUS_BYTES).text(), file.toString(), r, where);
    }

    private TextData textFile(TextRequest r) {
        Path source = r.dir();
        List<Path> files = corpusFiles(source);
        StringBuilder text = new StringBuilder();
        Map<String, String> sha = new TreeMap<>();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Utf8Text t = Utf8Text.read(f, MAX_CORPUS_BYTES);
            bytes += t.bytes();
            if (bytes > MAX_CORPUS_BYTES) {
                throw new UserInputException(source + ": the corpus is larger than " + Utf8Text.mib(MAX_CORPUS_BYTES)
                        + ", more text than layerlab reads into memory at once (use a part of it)");
            }
            text.append(t.text());
            // A file's last line must not run into the next file's first.
            if (i + 1 < files.size() && !t.text().isEmpty() && !t.text().endsWith("\n")) {
                text.append('\n');
            }
            sha.put(f.equals(source) ? f.getFileName().toString() : key(source, f), t.sha256());
        }
        return split(text.toString(), source.toString(), r, new LocatedDataset(TEXTFILE, source, Origin.EXPLICIT, sha));
    }

    /**
     * The files of a {@code textfile} corpus: the file itself, or every regular file under the folder
     * (sub-folders included, symbolic links to files followed; names starting with '.' skipped, at any
     * level) sorted by their path relative to the folder, compared in Unicode code point order with '/'
     * between names (so {@code 01.txt, 02.txt, 10.txt, a/x.txt, b.txt}). They are read in that order
     * and joined, with a line break added after a file that does not end in one.
     */
    public static List<Path> corpusFiles(Path source) {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw new UserInputException("data dir " + source + ": "
                    + (Files.exists(source) ? "neither a file nor a folder" : "does not exist"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(source)) {
            files = s.filter(p -> !p.equals(source))
                    .filter(p -> !hidden(source.relativize(p)))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> key(source, p), TextDatasets::compareCodePoints))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw UserInputException.io(source, "cannot list", io);
        }
        if (files.isEmpty()) {
            throw new UserInputException(source + ": empty corpus, the folder holds no text files"
                    + " (every file under it is read, except hidden ones)");
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String key(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** nanoGPT's split of running text, then the tokenizer, the encoding of each split and the limits. */
    private TextData split(String text, String source, TextRequest r, LocatedDataset where) {
        int n = text.codePointCount(0, text.length());
        if (n == 0) {
            throw new UserInputException(source + ": empty corpus (no text to train on)");
        }
        int cut = trainLength(n);
        if (cut == 0 || cut == n) {
            throw new UserInputException(source + ": a corpus of " + n + " character" + (n == 1 ? "" : "s")
                    + " cannot be split into training text (the first 90 %) and test text (the rest)");
        }
        int at = text.offsetByCodePoints(0, cut);
        Tokenizer tokenizer =
                r.charLevel() ? CharTokenizer.fromCorpus(text) : subwordTokenizers.apply(r.tokenizerPath());
        int[] train = encode(tokenizer, text.substring(0, at), source);
        int[] test = encode(tokenizer, text.substring(at), source);
        requireTokens(train, "training split (the first 90 % of " + source + ")", r);
        requireTokens(test, "test split (the last 10 % of " + source + ")", r);
        return new TextData(head(train, r.trainLimit()), head(test, r.testLimit()), tokenizer, where);
    }

    /** The characters of a corpus of {@code n} that go to training: {@code int(n * 0.9)}, as nanoGPT computes it. */
    public static int trainLength(int n) {
        return (int) (n * TRAIN_FRACTION);
    }

    private static int[] encode(Tokenizer tokenizer, String text, String source) {
        return tokenizer instanceof CharTokenizer c ? c.encode(text, source) : tokenizer.encode(text);
    }

    private static void requireTokens(int[] ids, String what, TextRequest r) {
        if (ids.length == 0) {
            throw new UserInputException("the " + what + " encodes to no tokens with the tokenizer " + r.tokenizer());
        }
    }

    private static int[] head(int[] ids, Integer limit) {
        return limit == null || limit >= ids.length ? ids : Arrays.copyOf(ids, limit);
    }

    private TextData lm1b(TextRequest r) {
        Path dir = r.dir();
        // The archive itself names its folder (the locator checks its checksum and extracts it into the cache).
        if (dir != null
                && Files.isRegularFile(dir)
                && dir.getFileName().toString().equals(Lm1bFolder.ARCHIVE)) {
            dir = dir.toAbsolutePath().getParent();
        }
        LocatedDataset where = locator.locate(LM1B, dir);
        Lm1bFolder folder = Lm1bFolder.find(where.dir())
                .orElseThrow(() -> new IllegalStateException(where.dir() + " lost its LM1B data"));
        Tokenizer tokenizer = subwordTokenizers.apply(r.tokenizerPath());
        Map<String, String> sha = new TreeMap<>();
        int[] train = sentences(folder.trainShards(), r.trainLimit(), tokenizer, where.dir(), sha, "training");
        int[] test = sentences(List.of(folder.testShard()), r.testLimit(), tokenizer, where.dir(), sha, "test");
        return new TextData(train, test, tokenizer, new LocatedDataset(LM1B, where.dir(), where.origin(), sha));
    }

    /**
     * The sentences of {@code shards} in order (one per line; blank lines are not sentences), at most
     * {@code limit} of them, each encoded as a sentence and appended. Only the shards read are hashed.
     */
    private static int[] sentences(
            List<Path> shards, Integer limit, Tokenizer tokenizer, Path root, Map<String, String> sha, String split) {
        TokenBuffer ids = new TokenBuffer("the " + split + " split of " + root);
        long count = 0;
        for (Path shard : shards) {
            if (limit != null && count >= limit) {
                break;
            }
            Utf8Text t = Utf8Text.read(shard, MAX_SHARD_BYTES);
            sha.put(key(root, shard), t.sha256());
            List<String> batch = new ArrayList<>(SENTENCE_BATCH);
            for (Iterator<String> lines = t.text().lines().iterator();
                    lines.hasNext() && (limit == null || count < limit); ) {
                String sentence = lines.next();
                if (sentence.isBlank()) {
                    continue;
                }
                batch.add(sentence);
                count++;
                if (batch.size() == SENTENCE_BATCH) {
                    addAll(ids, tokenizer.encodeSentences(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                addAll(ids, tokenizer.encodeSentences(batch));
            }
        }
        if (ids.size() == 0) {
            throw new UserInputException(
                    shards.get(0) + ": the " + split + " split has no sentences (one sentence per line is expected)");
        }
        return ids.toArray();
    }

    private static void addAll(TokenBuffer ids, int[][] encoded) {
        for (int[] e : encoded) {
            ids.add(e);
        }
    }
}
