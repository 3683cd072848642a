package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.text.TextData;
import org.layerlab.data.text.TextDatasets;
import org.layerlab.data.text.TextRequest;
import org.layerlab.error.UserInputException;
import org.layerlab.testing.SharedData;

/**
 * Tiny Shakespeare downloaded into the cache from a loopback mirror ({@code LAYERLAB_MIRROR}), with
 * the catalog's size and SHA-256: a good copy is used and then found in the cache; a copy of the right
 * size with other bytes, or of another size, is refused and nothing is left in the cache.
 */
class TextDownloadTest {
    private static final String URL_PATH = "/tinyshakespeare/input.txt";

    @TempDir
    Path tmp;

    private final TestMirror mirror = new TestMirror();

    @AfterEach
    void stop() {
        mirror.close();
    }

    private TextDatasets datasets() {
        DatasetLocator locator = DatasetLocator.builder()
                .optEnv(Map.of(DatasetLocator.MIRROR_ENV, mirror.root().toString()))
                .optHome(tmp.resolve("home"))
                .build();
        return new TextDatasets(locator, p -> {
            throw new AssertionError("char level only");
        });
    }

    private Path cache() {
        return tmp.resolve("home/.cache/layerlab");
    }

    private List<Path> cacheFiles() throws IOException {
        if (!Files.exists(cache())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] realCopy() throws IOException {
        Optional<Path> copy = SharedData.file("text/tinyshakespeare.txt");
        SharedData.assumePresent(copy, "shared Tiny Shakespeare copy");
        return Files.readAllBytes(copy.get());
    }

    @Test
    void aVerifiedDownloadIsUsedAndThenFoundInTheCache() throws IOException {
        mirror.serve(URL_PATH, realCopy());
        TextData d = datasets().load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null));
        assertEquals(Origin.DOWNLOAD, d.source().origin());
        assertEquals(1_003_854, d.train().length);
        assertEquals(List.of(cache().resolve("tinyshakespeare/input.txt")), cacheFiles());

        TextData again = datasets().load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null));
        assertEquals(Origin.CACHE, again.source().origin());
        assertEquals(1, mirror.requests(URL_PATH), "the cached copy is not fetched again");
        assertEquals(d.vocabulary(), again.vocabulary());
    }

    /** Same size, one byte changed: only the SHA-256 can tell, and it does. */
    @Test
    void aCopyWithOtherBytesIsRefusedAndNotKept() throws IOException {
        byte[] bytes = realCopy();
        bytes[1000] = (byte) (bytes[1000] == 'x' ? 'y' : 'x');
        mirror.serve(URL_PATH, bytes);
        UserInputException e = assertThrows(
                UserInputException.class, () -> datasets().load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null)));
        assertTrue(
                e.getMessage()
                        .startsWith("input.txt: download failed from every mirror: " + mirror.root()
                                + "tinyshakespeare/" + "input.txt (SHA-256 mismatch: got "),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith(", expected 86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed)"),
                e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    /** Needs no shared copy: the size is checked before the checksum. */
    @Test
    void aCopyOfAnotherSizeIsRefused() throws IOException {
        mirror.serve(URL_PATH, "To be, or not to be\n".getBytes(StandardCharsets.UTF_8));
        UserInputException e = assertThrows(
                UserInputException.class, () -> datasets().load(TextRequest.of(TextDatasets.TINYSHAKESPEARE, null)));
        assertEquals(
                "input.txt: download failed from every mirror: " + mirror.root()
                        + "tinyshakespeare/input.txt (truncated: 20 of 1115394 bytes)",
                e.getMessage());
        assertEquals(List.of(), cacheFiles());
        assertFalse(Files.exists(cache().resolve("tinyshakespeare/input.txt")));
    }
}
