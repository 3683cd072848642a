package org.layerlab.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small HuggingFace tokenizer.json files, written by the tests (nothing is downloaded): a WordLevel
 * model that splits at whitespace and punctuation and frames a sentence as {@code $A </s>} (as T5's
 * SentencePiece tokenizer does), and a BPE model with one merge.
 */
public final class TokenizerJsonFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ids: [UNK] 0, </s> 1, then {@link #WORDS} from 2 on. */
    public static final List<String> WORDS =
            List.of("the", "cat", "sat", "on", "mat", ".", "a", "dog", "ran", ",", "and");

    private TokenizerJsonFixtures() {}

    public static int wordId(String word) {
        int i = WORDS.indexOf(word);
        return i < 0 ? 0 : i + 2;
    }

    /** The WordLevel tokenizer; {@code truncateAt} > 0 writes a truncation the file asks for (layerlab ignores it). */
    public static Path wordLevel(Path file, int truncateAt) {
        ObjectNode root = skeleton(truncateAt);
        ArrayNode added = root.putArray("added_tokens");
        added.add(addedToken(0, "[UNK]"));
        added.add(addedToken(1, "</s>"));
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        ObjectNode eos = post.putObject("special_tokens").putObject("</s>");
        eos.put("id", "</s>");
        eos.putArray("ids").add(1);
        eos.putArray("tokens").add("</s>");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("[UNK]", 0);
        vocab.put("</s>", 1);
        for (String w : WORDS) {
            vocab.put(w, wordId(w));
        }
        model.put("unk_token", "[UNK]");
        return write(file, root);
    }

    /** A character BPE over {a, b, c} with the merge "a b": "abcab" is ab, c, ab. Ids: a 0, b 1, c 2, ab 3. */
    public static Path bpe(Path file) {
        ObjectNode root = skeleton(0);
        root.putArray("added_tokens");
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        // Fuse joins the pieces without spaces, so decoding gives the text back.
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("a", 0);
        vocab.put("b", 1);
        vocab.put("c", 2);
        vocab.put("ab", 3);
        model.putArray("merges").add("a b");
        return write(file, root);
    }

    private static ObjectNode skeleton(int truncateAt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        if (truncateAt > 0) {
            ObjectNode t = root.putObject("truncation");
            t.put("direction", "Right");
            t.put("max_length", truncateAt);
            t.put("strategy", "LongestFirst");
            t.put("stride", 0);
        } else {
            root.putNull("truncation");
        }
        root.putNull("padding");
        root.putNull("normalizer");
        return root;
    }

    private static ObjectNode addedToken(int id, String content) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        return t;
    }

    private static Path write(Path file, ObjectNode root) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
