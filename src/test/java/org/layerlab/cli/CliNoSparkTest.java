package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.sweep.SweepFile;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlanner;
import org.layerlab.testing.CliProcess;
import org.layerlab.testing.MnistFolder;
import org.layerlab.testing.SweepFixtures;

/**
 * Spark stays out of everything but running a sweep: with Spark on the classpath (the test classpath has it),
 * 'study', 'train', 'analyze' and 'report', and the sweep's own status command, help and the preset list load no
 * Spark or Scala class. The JVM's class-loading log is the witness.
 */
class CliNoSparkTest {
    @TempDir
    Path tmp;

    /** Classes the child JVM loaded, from -Xlog:class+load. */
    private List<String> loaded(String name, String... args) throws Exception {
        Path log = tmp.resolve(name + "-classes.log");
        CliProcess p = CliProcess.start(tmp, Map.of(), List.of("-Xlog:class+load=info:file=" + log), args);
        assertEquals(0, p.waitFor(120), String.join(" ", args) + ": " + p.err());
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("org.layerlab.cli.Main ")), "the log lists classes");
        return lines;
    }

    private static void noSpark(List<String> classes, String what) {
        List<String> spark = classes.stream()
                .filter(l -> l.contains(" org.apache.spark.") || l.contains(" scala."))
                .limit(5)
                .toList();
        assertEquals(List.of(), spark, what + " loaded Spark");
    }

    @Test
    @Timeout(180)
    void studyTrainAnalyzeReportAndSweepStatusLoadNoSpark() throws Exception {
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        Path run = tmp.resolve("run");
        String[] quick = {
            "--quiet",
            "--data",
            data.toString(),
            "--set",
            "train.epochs=1",
            "--set",
            "train.checkpoints=[0,1]",
            "--set",
            "model.width=16"
        };
        noSpark(
                loaded("train", concat(new String[] {"train", "fcn-mnist-quick", "--out", run.toString()}, quick)),
                "train");
        noSpark(
                loaded("study", concat(new String[] {"study", "fcn-mnist-quick", "--out", run.toString()}, quick)),
                "study");
        noSpark(loaded("analyze", "analyze", run.toString(), "--quiet", "--force"), "analyze");
        noSpark(loaded("report", "report", run.toString()), "report");

        Path sweep = SweepFixtures.tinySweep(tmp, data);
        SweepPlanner.Planned planned = SweepPlanner.plan(SweepFile.load(sweep.toString()), List.of());
        SweepFolder.prepare(tmp.resolve("sweep"), planned.plan(), planned.specs())
                .close();
        noSpark(loaded("status", "sweep", "status", tmp.resolve("sweep").toString()), "sweep status");
        noSpark(loaded("help", "sweep", "--help"), "sweep --help");
        noSpark(loaded("presets", "presets"), "presets");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
