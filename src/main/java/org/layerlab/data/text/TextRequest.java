package org.layerlab.data.text;

import java.nio.file.Path;
import java.util.Objects;
import org.layerlab.error.UserInputException;

/**
 * What text a run asks for; the spec's {@code data.*} keys.
 *
 * @param name {@code tinyshakespeare}, {@code textfile} or {@code lm1b}
 * @param dir an explicit folder ({@code textfile}: a UTF-8 file or a folder of them; {@code lm1b}: the
 *     benchmark's folder, or a folder holding its archive, or the archive itself); null to search
 * @param tokenizer {@value #CHAR}, or the path of a HuggingFace tokenizer.json (or of a folder holding one)
 * @param trainLimit keep the first N tokens of the training split ({@code lm1b}: the first N sentences);
 *     null keeps all
 * @param testLimit the same for the test split; null keeps all (the paper's protocol)
 */
public record TextRequest(String name, Path dir, String tokenizer, Integer trainLimit, Integer testLimit) {
    public static final String CHAR = "char";

    public TextRequest {
        Objects.requireNonNull(name, "dataset name");
        if (!TextDatasets.NAMES.contains(name)) {
            throw new UserInputException("data.name: '" + name + "' is not a text dataset (choose "
                    + String.join(", ", TextDatasets.NAMES) + ")");
        }
        tokenizer = tokenizer == null ? CHAR : tokenizer;
        if (tokenizer.isBlank()) {
            throw new UserInputException("data.tokenizer: must be char or the path of a tokenizer.json, got ''");
        }
        positive("data.train_limit", trainLimit);
        positive("data.test_limit", testLimit);
        if (TextDatasets.TEXTFILE.equals(name) && dir == null) {
            throw new UserInputException(
                    "data.dir: is required for data.name: textfile (a UTF-8 text file or a folder of them)");
        }
        if (TextDatasets.LM1B.equals(name) && CHAR.equals(tokenizer)) {
            throw new UserInputException(TextDatasets.LM1B_NEEDS_SUBWORDS);
        }
    }

    /** The whole corpus {@code name}, character level, found by the usual search (or in {@code dir}). */
    public static TextRequest of(String name, Path dir) {
        return new TextRequest(name, dir, CHAR, null, null);
    }

    /** True for the character tokenizer built from the corpus itself. */
    public boolean charLevel() {
        return CHAR.equals(tokenizer);
    }

    /** The tokenizer.json (or folder) named by {@link #tokenizer()}; only for a subword tokenizer. */
    public Path tokenizerPath() {
        if (charLevel()) {
            throw new IllegalStateException("the char tokenizer has no file");
        }
        return Path.of(tokenizer);
    }

    private static void positive(String key, Integer v) {
        if (v != null && v < 1) {
            throw new UserInputException(key + ": must be ≥ 1 or null, got " + v);
        }
    }
}
