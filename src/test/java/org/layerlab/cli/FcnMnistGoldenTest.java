package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.Golden;
import org.layerlab.testing.SharedData;

/**
 * The paper's Figure 1 study, whole (100 epochs on all of MNIST, about two minutes here): its
 * robustness.csv and verdicts.csv must stay byte-identical to the committed golden files, so no change
 * of layerlab's machinery (new architectures, metrics, optimizers, speed-ups) moves its numbers.
 */
class FcnMnistGoldenTest {
    @TempDir
    Path tmp;

    @Test
    void fcnMnistGivesTheGoldenTables() throws IOException {
        Path mnist = SharedData.root()
                .map(r -> r.resolve("mnist"))
                .filter(Files::isDirectory)
                .orElse(null);
        SharedData.assumePresent(java.util.Optional.ofNullable(mnist), "MNIST");
        Path out = tmp.resolve("fcn-mnist");
        // The golden files were made with 2 engine threads; the numbers depend on the count.
        Cli r = Cli.run(
                "study", "fcn-mnist", "--quiet", "--out", out.toString(), "--data", mnist.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        Golden.checkText("fcn-mnist-robustness.csv", Files.readString(out.resolve("robustness.csv")));
        Golden.checkText("fcn-mnist-verdicts.csv", Files.readString(out.resolve("verdicts.csv")));
    }
}
