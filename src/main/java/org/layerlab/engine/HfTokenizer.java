package org.layerlab.engine;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layerlab.data.text.TokenBuffer;
import org.layerlab.data.text.Tokenizer;
import org.layerlab.data.text.Vocabulary;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;

/**
 * A HuggingFace {@code tokenizer.json} (BPE, WordPiece, Unigram/SentencePiece or WordLevel) as a
 * {@link Tokenizer}, through DJL's binding of the Rust {@code tokenizers} library. Its CPU natives
 * ship inside the jar and are loaded from there: nothing is downloaded.
 *
 * <p>Only the tokenizer.json itself is read; a {@code tokenizer_config.json} beside it is ignored, so
 * the file's SHA-256 ({@link Vocabulary#tokenizerSha256()}) fixes everything the ids depend on. No
 * truncation or padding is applied, whatever the file asks for: a corpus is encoded in full.
 *
 * <p>Running text ({@link #encode}) gets no special tokens. A text longer than {@value #PIECE}
 * characters is encoded in pieces that end at a line break followed by a non-space character, so the
 * native encoding (which keeps every token's string and offsets) stays small; a tokenizer that marks
 * the start of a text (SentencePiece's {@code ▁} prefix) then marks each piece's start as well, once
 * per million characters. A sentence ({@link #encodeSentence}) gets the special tokens the file's
 * post-processor adds, e.g. {@code </s>} after it for a T5-style SentencePiece tokenizer.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {
    /** Characters encoded in one native call at most (unless a single line is longer). */
    static final int PIECE = 1 << 20;
    /** A tokenizer.json is at most a few tens of MiB (large multilingual vocabularies); more is not one. */
    static final long MAX_FILE_BYTES = 512L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final Path file;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, Vocabulary vocabulary, Path file) {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.file = file;
    }

    /**
     * Loads {@code path}, a tokenizer.json or a folder holding one. A missing or unreadable file, or one
     * that is not a tokenizer.json the library can load, is bad input whose one line names the file.
     */
    public static HfTokenizer load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        byte[] bytes = read(file);
        int size = vocabularySize(file, bytes);
        // A native library that cannot load is this installation's fault, not the file's: it stays an internal error.
        ensureOffline();
        LibUtils.checkStatus();
        HuggingFaceTokenizer t;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            t = HuggingFaceTokenizer.newInstance(in, OPTIONS);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null
                    ? "rejected by the tokenizers library"
                    : e.getMessage().strip().lines().findFirst().orElse("");
            throw new UserInputException(
                    file + ": not a HuggingFace tokenizer.json the tokenizers library can load (" + why + ")", e);
        }
        return new HfTokenizer(t, Vocabulary.huggingFace(Hashes.sha256(bytes), size), file);
    }

    /** DJL phones home (an EC2 metadata probe) when a tokenizer is created, unless told it is offline. */
    private static void ensureOffline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UserInputException(
                        file + ": not a tokenizer.json (larger than " + (MAX_FILE_BYTES >> 20) + " MiB)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read the tokenizer", e);
        }
    }

    /**
     * The number of ids: one more than the largest id of the model's vocabulary (an object token → id
     * for BPE, WordPiece and WordLevel; a list of [piece, score] for Unigram) and of the added tokens.
     * The library does not report it, and a model's embedding needs it.
     */
    static int vocabularySize(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UserInputException(
                    file + ": not a tokenizer.json (JSON error at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")",
                    e);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read the tokenizer", e);
        }
        JsonNode vocab = root == null ? null : root.path("model").get("vocab");
        if (vocab == null || !(vocab.isObject() || vocab.isArray())) {
            throw new UserInputException(file + ": not a tokenizer.json (it has no model.vocab)");
        }
        long max = -1;
        if (vocab.isArray()) {
            max = vocab.size() - 1L;
        } else {
            for (JsonNode id : (Iterable<JsonNode>) vocab::elements) {
                if (!id.canConvertToLong() || !id.isIntegralNumber() || id.longValue() < 0) {
                    throw new UserInputException(
                            file + ": not a tokenizer.json (model.vocab maps a token to " + id + ", not an id)");
                }
                max = Math.max(max, id.longValue());
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            JsonNode id = added.get("id");
            if (id != null && id.canConvertToLong() && id.longValue() >= 0) {
                max = Math.max(max, id.longValue());
            }
        }
        if (max < 0) {
            throw new UserInputException(file + ": not a tokenizer.json (its vocabulary is empty)");
        }
        if (max >= Integer.MAX_VALUE) {
            throw new UserInputException(file + ": a vocabulary with id " + max + " is too large for a model");
        }
        return (int) max + 1;
    }

    @Override
    public int[] encode(String text) {
        TokenBuffer ids = new TokenBuffer("the text");
        for (int start = 0; start < text.length(); ) {
            int end = pieceEnd(text, start);
            ids.add(check(
                    tokenizer.encode(text.substring(start, end), false, false).getIds()));
            start = end;
        }
        return ids.toArray();
    }

    /**
     * Where a piece starting at {@code start} ends: right after the last line break within {@value
     * #PIECE} characters that a non-space character follows (so runs of spaces and blank lines stay
     * whole), else after the first such line break beyond, else at the end of the text.
     */
    static int pieceEnd(String text, int start) {
        if (text.length() - start <= PIECE) {
            return text.length();
        }
        int limit = start + PIECE;
        for (int i = limit - 1; i > start; i--) {
            if (cutAfter(text, i)) {
                return i + 1;
            }
        }
        for (int i = limit; i < text.length() - 1; i++) {
            if (cutAfter(text, i)) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static boolean cutAfter(String text, int i) {
        return text.charAt(i) == '\n' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1));
    }

    @Override
    public int[] encodeSentence(String sentence) {
        return check(tokenizer.encode(sentence, true, false).getIds());
    }

    @Override
    public int[][] encodeSentences(List<String> sentences) {
        Encoding[] encodings = tokenizer.batchEncode(sentences.toArray(String[]::new), true, false);
        int[][] out = new int[encodings.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = check(encodings[i].getIds());
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabulary.size()) {
                throw new IllegalArgumentException(
                        "id " + ids[i] + " is outside the vocabulary of " + vocabulary.size() + " ids");
            }
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The tokenizer.json this was loaded from. */
    public Path file() {
        return file;
    }

    /** Frees the native tokenizer now rather than when it is collected. */
    @Override
    public void close() {
        tokenizer.close();
    }

    private int[] check(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabulary.size()) {
                throw new IllegalStateException(
                        file + ": the tokenizer gave id " + ids[i] + " beyond its " + vocabulary.size() + " ids");
            }
            out[i] = (int) ids[i];
        }
        return out;
    }
}
