package org.layerlab.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.DatasetLocator;
import org.layerlab.data.Origin;
import org.layerlab.testing.SharedData;

/** The shared byte-exact copy, found as a user's $LAYERLAB_DATA would hold it, with nanoGPT's numbers. */
class RealTinyShakespeareTest {
    @Test
    void splitsAndVocabularyAreNanoGptsShakespeareChar(@TempDir Path home) {
        Optional<Path> copy = SharedData.file("text/tinyshakespeare.txt");
        SharedData.assumePresent(copy, "shared Tiny Shakespeare copy");
        Path root = copy.get().getParent().getParent();
        DatasetLocator locator = DatasetLocator.builder()
                .optEnv(Map.of(DatasetLocator.DATA_ENV, root.toString()))
                .optHome(home)
                .optDownload(false)
                .build();
        TextData d = new TextDatasets(locator, p -> {
                    throw new AssertionError("no subword tokenizer here");
                })
                .load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null));

        // nanoGPT's prepare.py prints: length of dataset in characters: 1,115,394; vocab size: 65;
        // train has 1,003,854 tokens; val has 111,540 tokens.
        assertEquals(1_003_854, d.train().length);
        assertEquals(111_540, d.test().length);
        assertEquals(65, d.vocabulary().size());
        assertEquals(
                "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                String.join("", d.vocabulary().symbols()));
        assertTrue(d.tokenizer().decode(java.util.Arrays.copyOf(d.train(), 14)).equals("First Citizen:"));
        assertEquals(Origin.ENV, d.source().origin());
        assertEquals(
                Map.of("tinyshakespeare.txt", "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"),
                d.source().sha256ByFile());
    }
}
