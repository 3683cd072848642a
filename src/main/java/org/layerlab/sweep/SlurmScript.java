package org.layerlab.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;

/**
 * {@code layerlab sweep emit DIR --slurm}: a Slurm array job for the sweep's unfinished runs, for clusters that run
 * Slurm rather than Spark. Each array task runs the very study command a Spark task runs (same spec file, run
 * folder and thread setting), skips a run that is already complete, and resumes an interrupted one; afterwards
 * {@code layerlab sweep summarize DIR} writes the summary and report.
 */
public final class SlurmScript {
    public static final String FOLDER = "slurm";

    private SlurmScript() {}

    /** The script and its run list, written under DIR/slurm/; returns the script. */
    public static Path write(SweepFolder folder, int threads, String classpath) {
        SweepPlan plan = folder.plan();
        List<PlannedRun> todo =
                plan.runs().stream().filter(r -> !folder.isDone(r)).toList();
        if (todo.isEmpty()) {
            throw new UserInputException(folder.root() + ": every run of the sweep is complete; nothing to submit"
                    + " (layerlab sweep summarize writes the summary)");
        }
        Path dir = folder.root().resolve(FOLDER);
        StringBuilder runs = new StringBuilder();
        for (PlannedRun r : todo) {
            runs.append(r.name())
                    .append('\t')
                    .append(folder.specFile(r))
                    .append('\t')
                    .append(folder.runDir(r))
                    .append('\n');
        }
        AtomicFiles.writeString(dir.resolve("runs.tsv"), runs.toString());
        Path script = dir.resolve("sweep.sbatch");
        AtomicFiles.writeString(script, script(folder, plan.name(), todo.size(), threads, classpath));
        return script;
    }

    static String script(SweepFolder folder, String name, int count, int threads, String classpath) {
        Path root = folder.root();
        List<String> java = new ArrayList<>(List.of("java", "-Dai.djl.offline=true"));
        java.addAll(StudyThreads.jvmOptions(threads));
        java.addAll(List.of("-cp", classpath, "org.layerlab.cli.Main", "study"));
        StringBuilder env = new StringBuilder();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(StudyThreads.environment(threads)).entrySet()) {
            env.append("export ")
                    .append(e.getKey())
                    .append('=')
                    .append(quote(e.getValue()))
                    .append('\n');
        }
        List<String> quoted = java.stream().map(SlurmScript::quote).toList();
        String extra = String.join(
                " ",
                StudyThreads.studyArguments(threads).stream()
                        .map(SlurmScript::quote)
                        .toList());
        return "#!/usr/bin/env bash\n"
                + "# Slurm array job for the layerlab sweep '" + name
                + "': one array task per unfinished run, each the\n"
                + "# study command a Spark task would run. Written by 'layerlab sweep emit --slurm'.\n"
                + "#   submit:     sbatch "
                + quote(root.resolve(FOLDER).resolve("sweep.sbatch").toString()) + "\n"
                + "#   afterwards: layerlab sweep summarize " + quote(root.toString()) + "\n"
                + "# The sweep folder and layerlab's classpath must be on a file system every node shares.\n"
                + "# Add #SBATCH --mem=... and --time=... as your cluster requires.\n"
                + "#SBATCH --job-name=" + quote("layerlab-" + name) + "\n"
                + "#SBATCH --array=0-" + (count - 1) + "\n"
                + "#SBATCH --cpus-per-task=" + threads + "\n"
                + "#SBATCH --output=" + root.resolve("logs").resolve("slurm-%A_%a.log") + "\n"
                + "set -euo pipefail\n"
                + "runs=" + quote(root.resolve(FOLDER).resolve("runs.tsv").toString()) + "\n"
                + "line=\"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$runs\")\"\n"
                + "IFS=$'\\t' read -r name spec out <<< \"$line\"\n"
                + "if [ -f \"$out/report.html\" ]; then\n"
                + "  echo \"layerlab: $name is already complete\"\n"
                + "  exit 0\n"
                + "fi\n"
                + env
                + "exec " + String.join(" ", quoted) + " \"$spec\" --out \"$out\" --quiet"
                + (extra.isEmpty() ? "" : " " + extra)
                + "\n";
    }

    /** Single quotes for the shell ('a'\''b' for a quote inside). */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
