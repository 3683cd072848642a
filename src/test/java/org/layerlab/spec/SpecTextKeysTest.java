package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;

/** data.tokenizer and the text datasets: each key only where it has an effect, text never to an image network. */
class SpecTextKeysTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), yaml);
    }

    private String failure(String yaml) throws IOException {
        Path f = file(yaml);
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void imageKeysSetForATextDatasetAreRefused() throws IOException {
        assertEquals(
                "data.augment: applies only to image datasets; tinyshakespeare is text (remove data.augment)",
                failure("data:\n  name: tinyshakespeare\n  augment: true\n"));
        assertEquals(
                "data.normalize: applies only to image datasets; textfile is text (remove data.normalize)",
                failure("data:\n  name: textfile\n  dir: corpus.txt\n  normalize: standardize\n"));
        assertEquals(
                "data.image_size: applies only to image datasets; tinyshakespeare is text (remove data.image_size)",
                failure("data:\n  name: tinyshakespeare\n  image_size: 32\n"));
        assertEquals(
                "data.train_per_class: applies only to image datasets; tinyshakespeare is text and has no classes",
                failure("data:\n  name: tinyshakespeare\n  train_per_class: 5\n"));
    }

    @Test
    void aTokenizerForAnImageDatasetIsRefused() throws IOException {
        assertEquals(
                "data.tokenizer: applies only to text datasets (lm1b, textfile, tinyshakespeare); mnist is images"
                        + " (remove data.tokenizer)",
                failure("data:\n  tokenizer: /models/tokenizer.json\n"));
        UserInputException set = assertThrows(
                UserInputException.class, () -> SpecLoader.load("fcn-mnist-quick", List.of("data.tokenizer=tok.json")));
        assertEquals(
                "--set data.tokenizer=tok.json: data.tokenizer: applies only to text datasets (lm1b, textfile,"
                        + " tinyshakespeare); mnist is images (remove data.tokenizer)",
                set.getMessage());
        assertEquals(
                "data.tokenizer: must be char or the path of a HuggingFace tokenizer.json, got ''",
                failure("data:\n  name: tinyshakespeare\n  tokenizer: ''\n"));
    }

    @Test
    void textDatasetsNeedWhatTheyRead() throws IOException {
        assertEquals(
                "data.dir: is required for data.name: textfile (a UTF-8 text file or a folder of them)",
                failure("data:\n  name: textfile\n"));
        String lm1b = failure("data:\n  name: lm1b\n");
        assertTrue(lm1b.startsWith("data.tokenizer: lm1b is modeled in subword tokens, not characters"), lm1b);
        assertTrue(lm1b.endsWith("set data.tokenizer to the path of a HuggingFace tokenizer.json"), lm1b);
    }

    /** A run made before data.tokenizer existed keeps its training identity; a subword tokenizer is part of it. */
    @Test
    void theDefaultTokenizerIsNotPartOfATrainingIdentity() throws IOException {
        ExperimentSpec image = SpecLoader.load("fcn-mnist", List.of());
        assertEquals("char", image.data().tokenizer());
        assertFalse(SpecLoader.trainingIdentity(image).contains("tokenizer"), SpecLoader.trainingIdentity(image));
        String written = SpecLoader.toYaml(image);
        assertTrue(written.contains("tokenizer: char"), "spec.yaml states it");
        Path f = Files.writeString(dir.resolve("resolved.yaml"), written);
        assertEquals(image, SpecLoader.readResolved(f));

        DataSpec d = image.data();
        DataSpec withPath = new DataSpec("lm1b", null, 10, 10, null, "scale", false, null, "tok/tokenizer.json");
        ExperimentSpec text =
                new ExperimentSpec("x", 0, "cpu", withPath, image.model(), image.train(), image.analysis());
        assertTrue(SpecLoader.trainingIdentity(text).contains("tokenizer: tok/tokenizer.json"));
        assertEquals("mnist", d.name());
    }
}
