package org.layerlab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.layerlab.engine.EngineVersions;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.random.Seeds;
import org.layerlab.spec.ExperimentSpec;

/**
 * {@code provenance.json}: what produced a run — software versions, machine, the layerlab commit, the
 * dataset files' hashes and every derived seed — so a number in a paper can be traced to its source.
 */
public final class Provenance {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Provenance(ExperimentSpec spec, List<String> commandLine) {
        Map<String, Object> sw = new LinkedHashMap<>();
        sw.put("layerlab", version());
        sw.put("git_commit", GitCommit.describe());
        sw.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        EngineVersions engine = EngineVersions.current();
        sw.put("djl", engine.djl());
        sw.put("engine", engine.engine());
        fields.put("software", sw);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put("cpu", cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("device", spec.device());
        fields.put("machine", machine);
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("run", spec.seed());
        seeds.put("init", Seeds.derive(spec.seed(), Seeds.INIT));
        seeds.put("shuffle", Seeds.derive(spec.seed(), Seeds.SHUFFLE));
        seeds.put("augment", Seeds.derive(spec.seed(), Seeds.AUGMENT));
        seeds.put("rerandomize", Seeds.derive(spec.seed(), Seeds.RERANDOMIZE));
        seeds.put(
                "derivation",
                "SHA-256 of 'layerlab/<run>/<name>/<sub-name>...', first 8 bytes; per tensor, epoch or draw");
        fields.put("seeds", seeds);
        fields.put("command", String.join(" ", commandLine));
        fields.put("started", Instant.now().toString());
    }

    public Provenance dataset(String name, String origin, String dir, Map<String, String> sha256ByFile) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("origin", origin);
        d.put("dir", dir);
        d.put("sha256", new java.util.TreeMap<>(sha256ByFile));
        fields.put("dataset", d);
        return this;
    }

    public Provenance put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /**
     * Continues a run that an earlier command started: the earlier sessions (command, start, finish or
     * "interrupted") are listed under {@code earlier_sessions}, oldest first.
     */
    @SuppressWarnings("unchecked")
    public Provenance after(Map<String, Object> previous) {
        List<Object> earlier = new java.util.ArrayList<>();
        if (previous.get("earlier_sessions") instanceof List<?> l) {
            earlier.addAll(l);
        }
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("command", previous.getOrDefault("command", "unknown"));
        last.put("started", previous.getOrDefault("started", "unknown"));
        last.put("finished", previous.getOrDefault("finished", "interrupted"));
        earlier.add(last);
        fields.put("earlier_sessions", earlier);
        return this;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public void write(Path file) {
        try {
            AtomicFiles.writeBytes(file, AnalysisFiles.JSON.writeValueAsBytes(fields));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Replaces one top-level entry of an existing provenance.json (e.g. the thread counts a later
     * {@code analyze} used); nothing happens when the file is missing or unreadable.
     */
    public static void update(Path file, String key, Object value) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> fields = read(file);
        if (fields.containsKey("error")) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put(key, value);
        try {
            AtomicFiles.writeBytes(file, AnalysisFiles.JSON.writeValueAsBytes(out));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) {
        try {
            return AnalysisFiles.JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            return Map.of("error", "unreadable provenance.json: " + UserInputException.reason(e));
        }
    }

    private static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | SecurityException ignored) {
            // Not Linux: fall through to the generic answer.
        }
        return System.getProperty("os.arch");
    }

    /** The commit of the layerlab checkout the code runs from, with "-dirty" when it has local changes. */
    static final class GitCommit {
        private GitCommit() {}

        static String describe() {
            try {
                Path where = Path.of(Provenance.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                Path dir = Files.isDirectory(where) ? where : where.getParent();
                String head = git(dir, "rev-parse", "HEAD");
                if (head == null) {
                    return "unknown";
                }
                String status = git(dir, "status", "--porcelain", "--untracked-files=no");
                return status == null || status.isEmpty() ? head : head + "-dirty";
            } catch (Exception e) {
                return "unknown";
            }
        }

        private static String git(Path dir, String... args) throws IOException, InterruptedException {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        }
    }
}
