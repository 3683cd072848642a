package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.MnistFolder;
import org.layerlab.unit.Unit;

/**
 * The presets of the training variants: each is its base preset with one key changed, and a one-epoch
 * study of fcn-mnist-freeze-layer1 on synthetic MNIST keeps layer1 at its initialization and says so.
 */
class CliVariantPresetsTest {
    @TempDir
    Path tmp;

    @Test
    void eachPresetIsItsBaseWithOneKeyChanged() {
        assertEquals(
                SpecLoader.load("fcn-mnist", List.of("name=fcn-mnist-freeze-layer1", "train.freeze=[layer1]")),
                SpecLoader.load("fcn-mnist-freeze-layer1", List.of()));
        assertEquals(
                SpecLoader.load(
                        "resnet18-cifar10-w4", List.of("name=resnet18-cifar10-w4-remove", "analysis.remove=true")),
                SpecLoader.load("resnet18-cifar10-w4-remove", List.of()));
    }

    /** What the header of resnet18-cifar10-w4-remove promises: the blocks that keep their shape get a value. */
    @Test
    void theResnetRemovalPresetCanRemoveBothStageOneBlocksAndTheSecondBlockOfEachLaterStage() {
        ExperimentSpec s = SpecLoader.load("resnet18-cifar10-w4-remove", List.of());
        try (Network net = Networks.build(s.model(), DataShape.images(new int[] {3, 32, 32}, 10), "cpu")) {
            List<String> removable = net.layout().units().stream()
                    .filter(u -> net.removable(u, net.layout()))
                    .map(Unit::name)
                    .toList();
            assertEquals(
                    List.of("stage1.resblk1", "stage1.resblk2", "stage2.resblk2", "stage3.resblk2", "stage4.resblk2"),
                    removable);
        }
    }

    @Test
    void aOneEpochFreezeStudyKeepsLayer1AtItsInitialization() throws IOException {
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 200, 100);
        Path out = tmp.resolve("run");
        Cli r = Cli.run(
                "study",
                "fcn-mnist-freeze-layer1",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                data.toString(),
                "--set",
                "train.epochs=1",
                "--set",
                "train.lr_milestones=[]",
                "--set",
                "train.checkpoints=[0,1]",
                "--set",
                "analysis.eval_batch_size=100");
        assertEquals(0, r.code(), r.err());

        CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"));
        WeightSnapshot init = store.load(0).weights();
        WeightSnapshot trained = store.load(1).weights();
        for (String t : List.of("layer1.weight", "layer1.bias")) {
            assertArrayEquals(init.get(t).data(), trained.get(t).data(), t + " stays at its initialization");
        }
        for (String t : List.of("layer2.weight", "layer3.weight", "layer4.weight")) {
            assertFalse(init.get(t).equals(trained.get(t)), t + " is trained");
        }
        // Re-initializing layer1 to any checkpoint puts back the values it has: the trained error, exactly.
        List<String[]> rows = Files.readAllLines(out.resolve("robustness.csv")).stream()
                .skip(1)
                .map(l -> l.split(","))
                .toList();
        String finalError = rows.stream()
                .filter(f -> f[0].equals("fullmodel") && f[1].equals("1"))
                .findFirst()
                .orElseThrow()[2];
        for (String tau : List.of("0", "1")) {
            assertEquals(
                    finalError,
                    rows.stream()
                            .filter(f -> f[0].equals("layer1") && f[1].equals(tau))
                            .findFirst()
                            .orElseThrow()[2],
                    "layer1 @ " + tau);
        }
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("layer1"), "the spec records the freeze");
        assertTrue(
                Files.readString(out.resolve("provenance.json"))
                        .replaceAll("\\s", "")
                        .contains("\"frozen\":[\"layer1\"]"),
                "the provenance records the freeze");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(
                html.contains("trained with layer1 frozen at its initialization"), "the report says layer1 was frozen");
    }
}
