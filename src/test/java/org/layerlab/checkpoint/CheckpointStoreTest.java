package org.layerlab.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    /** Values whose bits a lossy round trip would change: −0, NaN, subnormals, extremes, non-decimal fractions. */
    static final float[] AWKWARD = {
        -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MIN_NORMAL, 0.1f, 1f / 3, Float.NEGATIVE_INFINITY
    };

    static Checkpoint checkpoint(int epoch) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("layer1.weight", new Tensor(new int[] {2, 4}, AWKWARD.clone()));
        w.put("layer1.bias", new Tensor(new int[] {2}, new float[] {epoch, -epoch}));
        // A tensor of more than 16,384 floats crosses the 64 KiB write/read buffer.
        float[] big = new float[20_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i + epoch);
        }
        w.put("layer2.weight", new Tensor(new int[] {100, 200}, big));
        Map<String, Tensor> opt = new HashMap<>();
        opt.put("layer2.weight", new Tensor(new int[] {100, 200}, big.clone()));
        opt.put("layer1.weight", new Tensor(new int[] {2, 4}, new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
        return new Checkpoint(epoch, new WeightSnapshot(w), opt);
    }

    @Test
    void aCheckpointRoundTripsBitExactly() {
        CheckpointStore store = new CheckpointStore(dir);
        Checkpoint c = checkpoint(3);
        store.save(c);
        Checkpoint back = store.load(3);
        assertEquals(3, back.epoch());
        assertEquals(c.weights(), back.weights());
        assertEquals(
                List.copyOf(c.weights().names()), List.copyOf(back.weights().names()), "tensor order is kept");
        assertEquals(c.optimizerState(), back.optimizerState());
        assertArrayEquals(
                new int[] {100, 200}, back.weights().get("layer2.weight").shape());
    }

    @Test
    void theManifestListsEpochsInOrderWithEachFilesHashAndSize() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        for (int e : new int[] {5, 0, 2}) {
            store.save(checkpoint(e));
        }
        store.save(checkpoint(2));
        assertEquals(List.of(0, 2, 5), store.epochs());
        for (CheckpointStore.Entry e : store.manifest().checkpoints()) {
            Path f = dir.resolve(e.file());
            assertEquals(CheckpointStore.fileName(e.epoch()), e.file());
            assertEquals(Hashes.sha256(f), e.sha256());
            assertEquals(Files.size(f), e.bytes());
        }
        assertEquals("epoch-005.ckpt", CheckpointStore.fileName(5));
        assertThrows(UserInputException.class, () -> store.load(1));
    }

    @Test
    void resumeStateIsSavedReplacedAndCleared() {
        CheckpointStore store = new CheckpointStore(dir);
        assertTrue(store.loadResume().isEmpty());
        store.save(checkpoint(0));
        store.saveResume(checkpoint(1));
        store.saveResume(checkpoint(2));
        Checkpoint r = store.loadResume().orElseThrow();
        assertEquals(2, r.epoch());
        assertEquals(checkpoint(2).weights(), r.weights());
        assertEquals(checkpoint(2).optimizerState(), r.optimizerState());
        assertEquals(List.of(0), store.epochs(), "resume state is not a kept checkpoint");

        store.clearResume();
        assertTrue(store.loadResume().isEmpty());
        assertNull(store.manifest().resume());
        assertFalse(Files.exists(dir.resolve("resume.ckpt")));
        assertEquals(checkpoint(0).weights(), store.load(0).weights(), "kept checkpoints survive");
    }

    @Test
    void aFlippedByteIsCaughtByTheHash() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(1));
        Path f = dir.resolve(CheckpointStore.fileName(1));
        byte[] b = Files.readAllBytes(f);
        b[b.length - 100] ^= 0x01; // one bit of one float: still a perfectly parseable file
        Files.write(f, b);
        UserInputException e = assertThrows(UserInputException.class, () -> store.load(1));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void aTruncatedFileIsCaught() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.saveResume(checkpoint(1));
        Path f = dir.resolve("resume-001.ckpt");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
        UserInputException e = assertThrows(UserInputException.class, store::loadResume);
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("resume-001.ckpt"), e.getMessage());
    }

    @Test
    void savingTheSameCheckpointTwiceGivesIdenticalBytes() throws IOException {
        // The optimizer state is a HashMap here: its iteration order must not reach the file.
        CheckpointStore a = new CheckpointStore(dir.resolve("a"));
        CheckpointStore b = new CheckpointStore(dir.resolve("b"));
        a.save(checkpoint(4));
        Checkpoint reordered = new Checkpoint(
                4,
                checkpoint(4).weights(),
                new java.util.TreeMap<>(checkpoint(4).optimizerState()).descendingMap());
        b.save(reordered);
        byte[] first = Files.readAllBytes(dir.resolve("a").resolve("epoch-004.ckpt"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("b").resolve("epoch-004.ckpt")));
        a.save(checkpoint(4));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("a").resolve("epoch-004.ckpt")));
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(0));
        store.saveResume(checkpoint(1));
        try (var s = Files.list(dir)) {
            assertEquals(
                    List.of("epoch-000.ckpt", "manifest.json", "resume-001.ckpt"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anUnreadableManifestIsAUserError() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        UserInputException e = assertThrows(UserInputException.class, () -> new CheckpointStore(dir).epochs());
        assertTrue(e.getMessage().contains("manifest.json") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anEpochsCheckpointAndResumeStateCommitInOneManifestWrite() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(0));
        store.commitEpoch(checkpoint(1), true, false);
        assertEquals(List.of(0, 1), store.epochs());
        assertEquals(1, store.manifest().resume().epoch());
        store.commitEpoch(checkpoint(2), false, false);
        assertEquals(2, store.loadResume().orElseThrow().epoch());
        assertFalse(Files.exists(dir.resolve("resume-001.ckpt")), "the older resume state is removed once replaced");
        // The manifest cannot be replaced (a folder in its way): the epoch-3 files are written but the
        // committed state stays at epoch 2, as after a kill between the writes.
        String before = Files.readString(dir.resolve("manifest.json"));
        Path blocked = dir.resolve("manifest.json");
        Files.move(blocked, dir.resolve("manifest.saved"));
        Files.createDirectories(blocked.resolve("obstacle"));
        assertThrows(RuntimeException.class, () -> store.commitEpoch(checkpoint(3), true, false));
        Files.delete(blocked.resolve("obstacle"));
        Files.delete(blocked);
        Files.move(dir.resolve("manifest.saved"), blocked);
        assertEquals(before, Files.readString(blocked));
        assertEquals(List.of(0, 1), store.epochs());
        assertEquals(2, store.loadResume().orElseThrow().epoch(), "still the last committed resume state");
        store.commitEpoch(checkpoint(3), true, true);
        assertNull(store.manifest().resume(), "finished: no resume state");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("resume")), "resume files removed");
        }
    }

    /** Edits manifest.json's text and expects loading to be bad input naming the manifest, in plain words. */
    private void expectBadManifest(String from, String to, String mention) throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(0));
        store.saveResume(checkpoint(1));
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m);
        assertTrue(text.contains(from), text);
        Files.writeString(m, text.replace(from, to));
        UserInputException e = assertThrows(UserInputException.class, () -> {
            store.load(0);
            store.loadResume();
        });
        assertTrue(e.getMessage().contains("manifest.json") || e.getMessage().contains(mention), e.getMessage());
        assertTrue(e.getMessage().contains(mention), e.getMessage());
        for (String internal : List.of("java.", "Exception", "Jackson", "`")) {
            assertFalse(e.getMessage().contains(internal), e.getMessage());
        }
    }

    @Test
    void aManifestPointingOutsideItsFolderIsRefused() throws IOException {
        expectBadManifest("\"epoch-000.ckpt\"", "\"/dev/zero\"", "epoch-NNN.ckpt");
    }

    @Test
    void aManifestPointingUpwardsIsRefused() throws IOException {
        expectBadManifest("\"resume-001.ckpt\"", "\"../../etc/passwd\"", "resume-NNN.ckpt");
    }

    @Test
    void aNullHashIsRefused() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(0));
        String sha = store.manifest().checkpoints().get(0).sha256();
        Files.delete(dir.resolve("manifest.json"));
        expectBadManifest("\"" + sha + "\"", "null", "SHA-256");
    }

    @Test
    void aMalformedHashIsRefused() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(0));
        String sha = store.manifest().checkpoints().get(0).sha256();
        Files.delete(dir.resolve("manifest.json"));
        expectBadManifest("\"" + sha + "\"", "\"xyz\"", "SHA-256");
    }

    @Test
    void aWrongTypeInTheManifestIsRefusedInPlainWords() throws IOException {
        expectBadManifest("\"epoch\" : 0", "\"epoch\" : \"zero\"", "checkpoints");
    }
}
