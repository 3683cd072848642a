package org.layerlab.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.io.Hashes;

/**
 * A run's {@code checkpoints/} folder: one file per kept epoch, a rolling {@code resume.ckpt} written
 * after every epoch, and {@code manifest.json} with each file's SHA-256. A file is listed in the
 * manifest only after it is completely on disk, and is checked against its hash whenever it is read.
 */
public final class CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String RESUME = "resume.ckpt";

    /** One line of the manifest. */
    public record Entry(int epoch, String file, String sha256, long bytes) {}

    /** The manifest: kept checkpoints by epoch, plus the resume state (null when training finished). */
    public record Manifest(String format, List<Entry> checkpoints, Entry resume) {}

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public static String fileName(int epoch) {
        return String.format("epoch-%03d.ckpt", epoch);
    }

    public void save(Checkpoint c) {
        Entry e = write(c, fileName(c.epoch()));
        Manifest m = manifest();
        TreeMap<Integer, Entry> byEpoch = new TreeMap<>();
        m.checkpoints().forEach(x -> byEpoch.put(x.epoch(), x));
        byEpoch.put(c.epoch(), e);
        writeManifest(new Manifest(m.format(), new ArrayList<>(byEpoch.values()), m.resume()));
    }

    public void saveResume(Checkpoint c) {
        Entry e = write(c, RESUME);
        Manifest m = manifest();
        writeManifest(new Manifest(m.format(), m.checkpoints(), e));
    }

    /** Drops the resume state once training is complete: the last checkpoint holds the same weights. */
    public void clearResume() {
        Manifest m = manifest();
        writeManifest(new Manifest(m.format(), m.checkpoints(), null));
        try {
            Files.deleteIfExists(dir.resolve(RESUME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Integer> epochs() {
        return manifest().checkpoints().stream().map(Entry::epoch).toList();
    }

    public Checkpoint load(int epoch) {
        for (Entry e : manifest().checkpoints()) {
            if (e.epoch() == epoch) {
                return read(e);
            }
        }
        throw new UserInputException(dir.resolve("manifest.json") + ": no checkpoint for epoch " + epoch);
    }

    public Optional<Checkpoint> loadResume() {
        Entry r = manifest().resume();
        return r == null ? Optional.empty() : Optional.of(read(r));
    }

    public Manifest manifest() {
        Path f = dir.resolve("manifest.json");
        if (!Files.exists(f)) {
            return new Manifest("layerlab-checkpoints/1", List.of(), null);
        }
        try {
            return JSON.readValue(f.toFile(), Manifest.class);
        } catch (IOException e) {
            throw UserInputException.io(f, "unreadable manifest", e);
        }
    }

    private Entry write(Checkpoint c, String name) {
        MessageDigest md = Hashes.digest("SHA-256");
        long[] bytes = new long[1];
        AtomicFiles.write(dir.resolve(name), out -> {
            var counting = new java.io.FilterOutputStream(new DigestOutputStream(out, md)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes[0] += len;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes[0]++;
                }
            };
            CheckpointFormat.write(c, counting);
            counting.flush();
        });
        return new Entry(c.epoch(), name, HexFormat.of().formatHex(md.digest()), bytes[0]);
    }

    private Checkpoint read(Entry e) {
        Path f = dir.resolve(e.file());
        byte[] data;
        try {
            data = Files.readAllBytes(f);
        } catch (IOException ex) {
            throw UserInputException.io(f, "cannot read checkpoint", ex);
        }
        String actual = Hashes.sha256(data);
        if (!actual.equals(e.sha256())) {
            throw new UserInputException(
                    f + ": SHA-256 mismatch (manifest " + e.sha256().substring(0, 12) + "…, file "
                            + actual.substring(0, 12) + "…): the checkpoint is corrupt");
        }
        try {
            return CheckpointFormat.read(new ByteArrayInputStream(data));
        } catch (IOException ex) {
            throw new UserInputException(f + ": " + UserInputException.reason(ex), ex);
        }
    }

    private void writeManifest(Manifest m) {
        try {
            AtomicFiles.writeBytes(dir.resolve("manifest.json"), JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
