package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.ChildJvm;

/**
 * A language model (AdamW, cosine schedule with warm-up, clipping, dropout, step-counted training) killed
 * with SIGKILL in the middle of training and run again ends with the numbers of an uninterrupted run: every
 * checkpoint and the robustness table byte for byte.
 */
class CliLanguageModelResumeTest {
    @TempDir
    Path tmp;

    private String[] study(Path out, Path corpus) {
        return new ArrayList<>(List.of(
                        "study",
                        "lm-shakespeare-quick",
                        "--quiet",
                        "--out",
                        out.toString(),
                        "--set",
                        "data.name=textfile",
                        "--data",
                        corpus.toString(),
                        "--set",
                        "model.context=16",
                        "--set",
                        "model.dropout=0.1",
                        "--set",
                        "train.steps=120",
                        "--set",
                        "train.log_every=10",
                        "--set",
                        "train.warmup=10",
                        "--set",
                        "train.checkpoints=[0,30,120]",
                        "--set",
                        "analysis.rerandomize_draws=1"))
                .toArray(String[]::new);
    }

    @Test
    void aKilledRunResumesToTheSameNumbers() throws Exception {
        Path corpus = Files.writeString(
                tmp.resolve("corpus.txt"),
                "the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.\n".repeat(300));
        Path a = tmp.resolve("a");
        Cli whole = Cli.run(study(a, corpus));
        assertEquals(0, whole.code(), whole.err());

        Path b = tmp.resolve("b");
        Process child = ChildJvm.start(tmp, "org.layerlab.cli.Main", study(b, corpus));
        Path manifest = b.resolve("checkpoints/manifest.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        // Killed once a resume state past the step-30 checkpoint is committed, before training ends.
        while (System.nanoTime() < deadline
                && !(Files.exists(manifest) && Files.readString(manifest).contains("\"resume-04"))) {
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL
        child.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.readString(manifest).contains("resume-"), "killed while training, with a resume state");
        assertTrue(!Files.exists(b.resolve("robustness.csv")), "not finished");

        Cli resumed = Cli.run(study(b, corpus));
        assertEquals(0, resumed.code(), resumed.err());
        for (String f : List.of("step-000.ckpt", "step-030.ckpt", "step-120.ckpt")) {
            assertArrayEquals(
                    Files.readAllBytes(a.resolve("checkpoints").resolve(f)),
                    Files.readAllBytes(b.resolve("checkpoints").resolve(f)),
                    f);
        }
        assertEquals(Files.readString(a.resolve("robustness.csv")), Files.readString(b.resolve("robustness.csv")));
    }
}
