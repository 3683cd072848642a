package org.layerlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.SpecOverride;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options shared by {@code study} and {@code train}: which experiment, and where it runs. */
final class SpecOptions {
    @Parameters(
            index = "0",
            paramLabel = "<preset|file.yaml>",
            description = "A preset name (see 'layerlab presets') or a spec file.")
    String spec;

    @Option(
            names = "--set",
            paramLabel = "key=value",
            description = "Override a spec key, e.g. --set train.epochs=5 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<name>).")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder (overrides data.dir).")
    Path data;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "Device (overrides the spec's device).")
    String device;

    @Option(names = "--group", paramLabel = "u1,u2", description = "Also perturb these units jointly (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Engine threads for training and analysis (sets train.threads; default: one per core;"
                    + " 0: chosen by timing when the run starts; kept on resume).")
    Integer threads;

    @Option(names = "--force", description = "Replace an existing run in the output folder.")
    boolean force;

    @Option(
            names = "--resume",
            description = "Require an interrupted run to continue (it also resumes without this flag).")
    boolean resume;

    /**
     * The --set list, then the dedicated flags as overrides (so the spec records them). Their values are
     * literal: a folder {@code a #b} or a device {@code x: y} is never read as YAML.
     */
    List<SpecOverride> overrides() {
        List<SpecOverride> all = new ArrayList<>(SpecOverride.sets(sets));
        if (data != null) {
            if (data.toString().isBlank()) {
                throw new UserInputException("--data: empty folder name");
            }
            all.add(SpecOverride.text("data.dir", data.toAbsolutePath().toString(), "--data " + data));
        }
        if (device != null) {
            all.add(SpecOverride.text("device", device, "--device " + device));
        }
        if (!groups.isEmpty()) {
            all.add(groupsOverride(groups));
        }
        if (threads != null) {
            all.add(new SpecOverride(
                    "train.threads",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(
                            checkedTrainingThreads(threads)),
                    "--threads " + threads));
        }
        return all;
    }

    /** {@code --threads N} for training: a count in 1..1024, or 0 to choose it by timing when the run starts. */
    static int checkedTrainingThreads(int threads) {
        if (threads < 0 || threads > org.layerlab.spec.TrainSpec.MAX_THREADS) {
            throw new UserInputException("--threads: must be a number of threads in 1.."
                    + org.layerlab.spec.TrainSpec.MAX_THREADS + ", or 0 (chosen by timing), got " + threads);
        }
        return threads;
    }

    /** {@code --threads N} in {@code analyze}: a count in 1..1024. */
    static int checkedThreads(int threads) {
        if (threads < 1 || threads > org.layerlab.spec.TrainSpec.MAX_THREADS) {
            throw new UserInputException("--threads: must be a number of threads in 1.."
                    + org.layerlab.spec.TrainSpec.MAX_THREADS + ", got " + threads);
        }
        return threads;
    }

    /** {@code --group} flags (here and in {@code analyze}) as one {@code analysis.groups} override. */
    static SpecOverride groupsOverride(List<String> groups) {
        String flags = String.join(" ", groups.stream().map(g -> "--group " + g).toList());
        return SpecOverride.texts("analysis.groups", groups, flags);
    }
}
