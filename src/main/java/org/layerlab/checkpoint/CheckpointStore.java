package org.layerlab.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.io.Hashes;

/**
 * A run's {@code checkpoints/} folder: one file per kept epoch, a resume state per finished epoch, and
 * {@code manifest.json} with each file's SHA-256 and size. The manifest is the only commit point: a
 * file counts only once the manifest (replaced atomically) lists it, and an epoch's kept checkpoint and
 * resume state enter it in one write, so a kill at any moment leaves either the old or the new state.
 * Files the manifest does not list are leftovers of an interrupted write and are never read.
 */
public final class CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FORMAT = "layerlab-checkpoints/1";
    private static final String MANIFEST = "manifest.json";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RESUME_FILE = Pattern.compile("resume-\\d{3,}\\.ckpt");

    /** One line of the manifest. */
    public record Entry(int epoch, String file, String sha256, long bytes) {}

    /** The manifest: kept checkpoints by epoch, plus the resume state (null when training finished). */
    public record Manifest(String format, List<Entry> checkpoints, Entry resume) {}

    private final Path dir;
    private final String unit;

    /** The checkpoints of an epoch-counted run. */
    public CheckpointStore(Path dir) {
        this(dir, "epoch");
    }

    /** @param unit {@code epoch} or {@code step}: what the positions of new checkpoints count */
    public CheckpointStore(Path dir, String unit) {
        if (!UNITS.contains(unit)) {
            throw new IllegalArgumentException("unit " + unit);
        }
        this.dir = dir;
        this.unit = unit;
    }

    private static final List<String> UNITS = List.of("epoch", "step");

    public Path dir() {
        return dir;
    }

    public static String fileName(int epoch) {
        return fileName("epoch", epoch);
    }

    /** {@code epoch-005.ckpt}, {@code step-2000.ckpt}. */
    public static String fileName(String unit, int position) {
        return String.format("%s-%03d.ckpt", unit, position);
    }

    static String resumeName(int epoch) {
        return String.format("resume-%03d.ckpt", epoch);
    }

    /** Keeps {@code c} as a checkpoint; the resume state is left as it is. */
    public void save(Checkpoint c) {
        commit(c, true, Optional.ofNullable(manifest().resume()));
    }

    /** Makes {@code c} the resume state. */
    public void saveResume(Checkpoint c) {
        commit(c, false, null);
    }

    /**
     * The end of a training epoch: keeps {@code c} when {@code keep}, and makes it the resume state unless
     * training is {@code finished} (then the resume state is dropped: the last kept checkpoint holds the
     * same weights). Both take effect in one manifest write.
     */
    public void commitEpoch(Checkpoint c, boolean keep, boolean finished) {
        commit(c, keep, finished ? Optional.empty() : null);
    }

    /** Drops the resume state once training is complete. */
    public void clearResume() {
        Manifest m = manifest();
        writeManifest(new Manifest(FORMAT, m.checkpoints(), null));
        removeUnlistedResumeFiles(null);
    }

    /**
     * @param resume null: {@code c} becomes the resume state; otherwise the resume entry to keep (empty: none)
     */
    private void commit(Checkpoint c, boolean keep, Optional<Entry> resume) {
        Manifest m = manifest();
        TreeMap<Integer, Entry> byEpoch = new TreeMap<>();
        m.checkpoints().forEach(x -> byEpoch.put(x.epoch(), x));
        if (keep) {
            byEpoch.put(c.epoch(), write(c, fileName(unit, c.epoch())));
        }
        Entry r = resume == null ? write(c, resumeName(c.epoch())) : resume.orElse(null);
        writeManifest(new Manifest(FORMAT, new ArrayList<>(byEpoch.values()), r));
        removeUnlistedResumeFiles(r);
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
        throw new UserInputException(dir.resolve(MANIFEST) + ": no checkpoint for epoch " + epoch);
    }

    public Optional<Checkpoint> loadResume() {
        Entry r = manifest().resume();
        return r == null ? Optional.empty() : Optional.of(read(r));
    }

    /** The manifest, checked: every entry names a file of this folder and carries a well-formed hash. */
    public Manifest manifest() {
        Path f = dir.resolve(MANIFEST);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return new Manifest(FORMAT, List.of(), null);
        }
        Manifest m;
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > (16 << 20)) {
                throw new UserInputException(f + ": not a checkpoint manifest (not a regular file of at most 16 MB)");
            }
            m = JSON.readValue(f.toFile(), Manifest.class);
        } catch (JsonMappingException e) {
            String at = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new UserInputException(
                    f + ": not a valid checkpoint manifest" + (at.isEmpty() ? "" : " (at " + at + ")"));
        } catch (JsonProcessingException e) {
            throw new UserInputException(f + ": not a valid checkpoint manifest (not JSON)");
        } catch (IOException e) {
            throw UserInputException.io(f, "cannot read the checkpoint manifest", e);
        }
        return validated(f, m);
    }

    private static Manifest validated(Path f, Manifest m) {
        if (m == null || !FORMAT.equals(m.format()) || m.checkpoints() == null) {
            throw new UserInputException(f + ": not a layerlab checkpoint manifest (format " + FORMAT + " expected)");
        }
        Set<Integer> seen = new HashSet<>();
        for (Entry e : m.checkpoints()) {
            check(
                    f,
                    e,
                    e != null
                            && e.epoch() >= 0
                            && UNITS.stream()
                                    .anyMatch(u -> fileName(u, e.epoch()).equals(e.file())),
                    "kept checkpoint");
            if (!seen.add(e.epoch())) {
                throw new UserInputException(f + ": epoch " + e.epoch() + " is listed twice");
            }
        }
        Entry r = m.resume();
        if (r != null) {
            check(f, r, r.epoch() >= 0 && resumeName(r.epoch()).equals(r.file()), "resume state");
        }
        return m;
    }

    private static void check(Path f, Entry e, boolean fileOk, String what) {
        if (!fileOk) {
            throw new UserInputException(f + ": a " + what + " entry names "
                    + (e == null ? "nothing" : "'" + e.file() + "' for epoch " + e.epoch())
                    + "; entries must name this folder's own epoch-NNN.ckpt, step-NNN.ckpt or resume-NNN.ckpt files");
        }
        if (e.sha256() == null || !SHA256.matcher(e.sha256()).matches() || e.bytes() < 0) {
            throw new UserInputException(
                    f + ": the entry for " + e.file() + " has no valid SHA-256 (64 lower-case hex digits) or size");
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
            // Size first: a file that is not what the manifest says is never read into memory.
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserInputException(f + ": missing or not a regular file (the manifest lists it)");
            }
            long size = Files.size(f);
            if (size != e.bytes()) {
                throw new UserInputException(f + ": " + size + " bytes, but the manifest says " + e.bytes()
                        + ": the checkpoint is truncated or corrupt");
            }
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
            return CheckpointFormat.read(new ByteArrayInputStream(data), data.length);
        } catch (IOException ex) {
            throw new UserInputException(f + ": " + UserInputException.reason(ex), ex);
        }
    }

    private void writeManifest(Manifest m) {
        try {
            AtomicFiles.writeBytes(dir.resolve(MANIFEST), JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resume files of earlier epochs (and of interrupted writes) once the manifest no longer lists them. */
    private void removeUnlistedResumeFiles(Entry keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                boolean resumeFile = RESUME_FILE.matcher(n).matches() || n.equals("resume.ckpt");
                if (resumeFile && (keep == null || !n.equals(keep.file()))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot remove old resume states", e);
        }
    }
}
