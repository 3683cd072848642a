package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.testing.SharedData;

/**
 * The convnet presets end to end on a tiny real CIFAR-10 subset (10 images per class, 200 test
 * images, one epoch): the run folder has every unit of the architecture as a row, in order.
 */
class CliConvStudySmokeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "vgg11-cifar10-w4, 'stage1.block1,stage2.block1,stage3.block1,stage3.block2,stage4.block1,stage4.block2,stage5.block1,stage5.block2,fc1,fc2,final_linear'",
        "resnet18-cifar10-w4, 'stage0,stage1.resblk1,stage1.resblk2,stage2.resblk1,stage2.resblk2,stage3.resblk1,stage3.resblk2,stage4.resblk1,stage4.resblk2,final_linear'"
    })
    void presetRunsOnATinySubset(String preset, String units) throws IOException {
        Path cifar = SharedData.root()
                .map(r -> r.resolve("cifar10"))
                .filter(Files::isDirectory)
                .orElse(null);
        SharedData.assumePresent(java.util.Optional.ofNullable(cifar), "CIFAR-10 copy");
        Path out = tmp.resolve(preset);
        Cli r = Cli.run(
                "study",
                preset,
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                cifar.toString(),
                "--set",
                "data.train_per_class=10",
                "--set",
                "data.test_limit=200",
                "--set",
                "train.epochs=1",
                "--set",
                "train.checkpoints=[0,1]",
                "--set",
                "analysis.eval_batch_size=100");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("robustness.csv"));
        List<String> order =
                rows.stream().skip(1).map(l -> l.split(",")[0]).distinct().toList();
        List<String> expected = new java.util.ArrayList<>(List.of(units.split(",")));
        expected.add("fullmodel");
        assertEquals(expected, order);
        Set<String> columns = rows.stream().skip(1).map(l -> l.split(",")[1]).collect(Collectors.toSet());
        assertEquals(Set.of("rerandomize", "0", "1"), columns);
        assertTrue(Files.size(out.resolve("report.html")) > 10_000);
        assertTrue(Files.readString(out.resolve("provenance.json")).contains("\"test\" : 200"));
    }
}
