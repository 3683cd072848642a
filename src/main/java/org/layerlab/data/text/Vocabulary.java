package org.layerlab.data.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;

/**
 * What a tokenizer's ids mean. Two tokenizers whose vocabularies are equal give the same ids for the
 * same text, so a run stores its vocabulary and a re-analysis compares it with the one its data gives
 * now ({@link #requireSame}): equal means the trained weights still read the ids they were trained on.
 *
 * @param kind {@value #CHAR} (a character vocabulary) or {@value #HF} (a HuggingFace tokenizer.json)
 * @param size the number of ids
 * @param symbols for {@code char}: the characters in id order, each one Unicode code point (a
 *     supplementary character such as an emoji is one symbol, as in Python, not two UTF-16 halves),
 *     in increasing code point order; empty for {@code hf}
 * @param tokenizerSha256 for {@code hf}: the SHA-256 of the tokenizer.json file's bytes, which fix its
 *     vocabulary, merges, normalization and special tokens; null for {@code char}
 */
public record Vocabulary(String kind, int size, List<String> symbols, String tokenizerSha256) {
    public static final String CHAR = "char";
    public static final String HF = "hf";

    /** A vocabulary file is small (a char vocabulary of all of Unicode is about 10 MiB); anything larger is not one. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder()
            // ASCII only: invisible or look-alike characters (a BOM, a non-breaking space) show as \\uXXXX.
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    public Vocabulary {
        Objects.requireNonNull(kind, "kind");
        symbols = List.copyOf(symbols == null ? List.of() : symbols);
        switch (kind) {
            case CHAR -> {
                if (tokenizerSha256 != null) {
                    throw new IllegalArgumentException("a char vocabulary has no tokenizer file");
                }
                if (size != symbols.size()) {
                    throw new IllegalArgumentException(
                            "size " + size + " but " + symbols.size() + " characters are listed");
                }
                int previous = -1;
                for (String s : symbols) {
                    int cp = singleCodePoint(s);
                    if (cp <= previous) {
                        throw new IllegalArgumentException(
                                "characters must be distinct and in increasing code point order, " + describe(cp)
                                        + " comes after " + describe(previous));
                    }
                    previous = cp;
                }
            }
            case HF -> {
                if (tokenizerSha256 == null || !tokenizerSha256.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(
                            "tokenizer_sha256 must be 64 lower-case hex digits, got " + tokenizerSha256);
                }
                if (!symbols.isEmpty()) {
                    throw new IllegalArgumentException("an hf vocabulary lists no characters");
                }
            }
            default -> throw new IllegalArgumentException("kind must be char or hf, got '" + kind + "'");
        }
        if (size < 1) {
            throw new IllegalArgumentException("a vocabulary has at least one id, got size " + size);
        }
    }

    /** The characters {@code codePoints} (any order, repeats allowed) as a vocabulary sorted by code point. */
    public static Vocabulary chars(int[] codePoints) {
        BitSet distinct = new BitSet();
        for (int cp : codePoints) {
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                throw new IllegalArgumentException("not a code point: " + cp);
            }
            distinct.set(cp);
        }
        List<String> symbols = new ArrayList<>(distinct.cardinality());
        distinct.stream().forEach(cp -> symbols.add(Character.toString(cp)));
        return new Vocabulary(CHAR, symbols.size(), symbols, null);
    }

    /** A HuggingFace tokenizer's vocabulary, identified by its file's SHA-256. */
    public static Vocabulary huggingFace(String tokenizerSha256, int size) {
        return new Vocabulary(HF, size, List.of(), tokenizerSha256);
    }

    /** The characters of a {@code char} vocabulary as code points, in id order. */
    public int[] codePoints() {
        return symbols.stream().mapToInt(s -> s.codePointAt(0)).toArray();
    }

    /** In words, for messages: {@code a char vocabulary of 65 characters}. */
    public String describe() {
        return CHAR.equals(kind)
                ? "a char vocabulary of " + size + " characters"
                : "the tokenizer.json with SHA-256 " + tokenizerSha256.substring(0, 12) + "… (" + size + " ids)";
    }

    /**
     * Refuses to go on when the data now gives another vocabulary than the one stored with a run: the
     * run's weights would read every id as a different token. The one line names the stored file, both
     * vocabularies and, for characters, which ones differ.
     */
    public static void requireSame(Vocabulary stored, Path storedFile, Vocabulary now) {
        if (stored.equals(now)) {
            return;
        }
        StringBuilder m = new StringBuilder()
                .append(storedFile)
                .append(": the run was trained with ")
                .append(stored.describe())
                .append(", but the data and data.tokenizer now give ")
                .append(now.describe());
        if (CHAR.equals(stored.kind()) && CHAR.equals(now.kind())) {
            m.append(differences(stored, now));
        }
        m.append(" (token ids would mean other tokens; use the data and data.tokenizer the run was trained with)");
        throw new UserInputException(m.toString());
    }

    private static String differences(Vocabulary a, Vocabulary b) {
        Set<String> added = new TreeSet<>(b.symbols());
        added.removeAll(a.symbols());
        Set<String> removed = new TreeSet<>(a.symbols());
        removed.removeAll(b.symbols());
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new " + list(added));
        }
        if (!removed.isEmpty()) {
            parts.add("missing " + list(removed));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    private static String list(Set<String> symbols) {
        List<String> shown = new ArrayList<>();
        Iterator<String> it = symbols.iterator();
        for (int i = 0; i < 5 && it.hasNext(); i++) {
            shown.add(describe(it.next().codePointAt(0)));
        }
        int more = symbols.size() - shown.size();
        return String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
    }

    /**
     * A character for messages: {@code 'é' (U+00E9)}; one that would not show (a control, a space other
     * than ' ', an unpaired surrogate) by its code point only.
     */
    public static String describe(int codePoint) {
        String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
        boolean visible = codePoint == ' '
                || (Character.isDefined(codePoint)
                        && !Character.isISOControl(codePoint)
                        && !Character.isWhitespace(codePoint)
                        && Character.getType(codePoint) != Character.SURROGATE
                        && Character.getType(codePoint) != Character.FORMAT
                        && Character.getType(codePoint) != Character.SPACE_SEPARATOR
                        && Character.getType(codePoint) != Character.PRIVATE_USE);
        return visible ? "'" + Character.toString(codePoint) + "' (" + hex + ")" : hex;
    }

    /** Writes the vocabulary as JSON, atomically (a reader sees the old file or the new one). */
    public void save(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind);
        root.put("size", size);
        if (CHAR.equals(kind)) {
            ArrayNode a = root.putArray("symbols");
            symbols.forEach(a::add);
        } else {
            root.put("tokenizer_sha256", tokenizerSha256);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a vocabulary", e);
        }
        byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        withNewline[bytes.length] = '\n';
        AtomicFiles.writeBytes(file, withNewline);
    }

    /** Reads a file written by {@link #save}; anything else (edited, truncated, another file) is bad input naming it. */
    public static Vocabulary load(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new UserInputException(
                        file + ": not a vocabulary file (larger than " + (MAX_FILE_BYTES >> 20) + " MiB)");
            }
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UserInputException(
                    file + ": not a vocabulary file (JSON error at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")",
                    e);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": not a valid vocabulary file (" + e.getMessage() + ")", e);
        }
    }

    private static Vocabulary fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        Set<String> known = Set.of("kind", "size", "symbols", "tokenizer_sha256");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "'");
            }
        }
        JsonNode kind = root.get("kind");
        JsonNode size = root.get("size");
        if (kind == null || !kind.isTextual()) {
            throw new IllegalArgumentException("kind must be \"char\" or \"hf\"");
        }
        if (size == null || !size.canConvertToInt() || !size.isIntegralNumber()) {
            throw new IllegalArgumentException("size must be a whole number");
        }
        List<String> symbols = new ArrayList<>();
        JsonNode s = root.get("symbols");
        if (s != null) {
            if (!s.isArray()) {
                throw new IllegalArgumentException("symbols must be a list of characters");
            }
            for (JsonNode n : s) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("symbols must be a list of characters, found " + n);
                }
                symbols.add(n.textValue());
            }
        } else if (CHAR.equals(kind.textValue())) {
            throw new IllegalArgumentException("a char vocabulary lists its symbols");
        }
        JsonNode sha = root.get("tokenizer_sha256");
        if (sha != null && !sha.isTextual()) {
            throw new IllegalArgumentException("tokenizer_sha256 must be a string");
        }
        return new Vocabulary(kind.textValue(), size.intValue(), symbols, sha == null ? null : sha.textValue());
    }

    private static int singleCodePoint(String s) {
        if (s == null || s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw new IllegalArgumentException(
                    "each symbol is one character, got " + (s == null ? "null" : "\"" + s + "\""));
        }
        int cp = s.codePointAt(0);
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            throw new IllegalArgumentException("symbol " + describe(cp) + " is half of a UTF-16 pair, not a character");
        }
        return cp;
    }
}
