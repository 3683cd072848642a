package org.layerlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.checkpoint.Checkpoint;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/**
 * Training with frozen or removed units (train.freeze, model.remove): the units keep their initial values
 * bit for bit through training (weights, biases, BatchNorm scale, shift and running statistics) while the
 * others move, they get no optimizer state, and a run interrupted partway resumes to exactly the files of
 * an uninterrupted one.
 */
class TrainingVariantsTest {
    private static final int[] IMAGE = {3, 8, 8};
    // 48 training examples in batches of 16: 3 steps per epoch.
    private static final ArrayBatchSource TRAIN = ArrayBatchSource.halves(48, IMAGE, 11);
    private static final ArrayBatchSource TEST = ArrayBatchSource.halves(32, IMAGE, 12);
    private static final List<String> FROZEN = List.of("stage0", "stage1.resblk1");

    /**
     * Pre-activation ResNet-18 at width 1/4 with BatchNorm on 8×8 images, its stem and first block frozen;
     * the preset's weight decay and momentum stay on, so a frozen tensor that got either would move.
     */
    private static final ExperimentSpec RESNET = SpecLoader.load(
            "resnet18-cifar10-w4",
            List.of(
                    "seed=3",
                    "data.augment=false",
                    "train.epochs=3",
                    "train.batch_size=16",
                    "train.lr=0.05",
                    "train.lr_milestones=[2]",
                    "train.checkpoints=[0,1,2,3]",
                    "train.freeze=[" + String.join(",", FROZEN) + "]",
                    "analysis.eval_batch_size=16"));

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** The uninterrupted ResNet run, trained once for the tests that compare against it. */
    private static Path resnetRun;

    @BeforeAll
    static void trainTheResnetOnce() {
        resnetRun = shared.resolve("resnet");
        trainResnet(resnetRun, Progress.SILENT);
    }

    private static Network resnet() {
        return Networks.build(RESNET.model(), DataShape.images(IMAGE, 2), "cpu");
    }

    private static List<EpochRecord> trainResnet(Path run, Progress progress) {
        try (Network net = resnet()) {
            return new Training(RESNET, net, TRAIN, TEST, TinyRun.store(run), TinyRun.log(run), progress).run();
        }
    }

    private static ModelLayout resnetLayout() {
        try (Network net = resnet()) {
            return net.layout();
        }
    }

    @Test
    void frozenUnitsOfAResnetWithBatchNormStayBitIdenticalToCheckpointZero() {
        ModelLayout layout = resnetLayout();
        CheckpointStore store = TinyRun.store(resnetRun);
        assertEquals(List.of(0, 1, 2, 3), store.epochs());
        WeightSnapshot init = store.load(0).weights();
        List<TensorSpec> frozen = new ArrayList<>();
        FROZEN.forEach(name -> frozen.addAll(layout.unit(name).tensors()));
        Set<TensorRole> roles = EnumSet.noneOf(TensorRole.class);
        frozen.forEach(t -> roles.add(t.role()));
        assertTrue(
                roles.containsAll(EnumSet.of(
                        TensorRole.WEIGHT, TensorRole.NORM_SCALE, TensorRole.RUNNING_MEAN, TensorRole.RUNNING_VAR)),
                "the frozen units hold convolutions, BatchNorm parameters and running statistics: " + roles);
        for (int epoch = 1; epoch <= 3; epoch++) {
            Checkpoint c = store.load(epoch);
            for (TensorSpec t : frozen) {
                assertArrayEquals(
                        bits(init.get(t.name())),
                        bits(c.weights().get(t.name())),
                        t.name() + " (" + t.role() + ") moved by epoch " + epoch);
            }
            for (Unit u : layout.units()) {
                if (!FROZEN.contains(u.name())) {
                    assertTrue(
                            u.tensorNames().stream()
                                    .anyMatch(
                                            n -> !init.get(n).equals(c.weights().get(n))),
                            u.name() + " was trained, so it must have moved by epoch " + epoch);
                }
            }
            // The running statistics of an unfrozen BatchNorm do move: keeping the frozen ones is not a given.
            String unfrozenMean = layout.unit("stage1.resblk2").tensors().stream()
                    .filter(t -> t.role() == TensorRole.RUNNING_MEAN)
                    .findFirst()
                    .orElseThrow()
                    .name();
            assertFalse(init.get(unfrozenMean).equals(c.weights().get(unfrozenMean)), unfrozenMean);
        }
    }

    @Test
    void frozenUnitsHaveNoOptimizerState() {
        ModelLayout layout = resnetLayout();
        // The state saved with epoch 1: momentum buffers named like their parameters.
        Set<String> state = TinyRun.store(resnetRun).load(1).optimizerState().keySet();
        assertFalse(state.isEmpty(), "momentum is kept for the trained units");
        for (String name : FROZEN) {
            for (String t : layout.unit(name).tensorNames()) {
                assertFalse(state.contains(t), t + " has optimizer state");
            }
        }
        assertTrue(state.containsAll(layout.unit("stage1.resblk2").tensors().stream()
                .filter(t -> t.role().trainable())
                .map(TensorSpec::name)
                .toList()));
    }

    /**
     * Crashed in epoch 2 (after the epoch-1 state was saved): the resumed trainer must take the frozen
     * running statistics from the saved state, and end with the uninterrupted run's files.
     */
    @Test
    void aFrozenResnetResumedAfterACrashEndsExactlyLikeAnUninterruptedOne() throws IOException {
        Path b = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> trainResnet(b, TinyRun.progress(48 + 20, s -> {})));
        assertEquals(1, TinyRun.store(b).loadResume().orElseThrow().epoch());
        trainResnet(b, Progress.SILENT);
        TinyRun.assertSameRun(resnetRun, b);
    }

    /**
     * The tiny FCN (layer1 4 → 8, layer2 8 → 8, layer3 8 → 2) with layer2 frozen or removed, crashed in
     * epoch 3 (resumes from the epoch-2 state) or in epoch 1 (resumes from checkpoint 0).
     */
    @ParameterizedTest(name = "{0}, crash after {1} examples")
    @CsvSource({
        "train.freeze=[layer2], 160",
        "train.freeze=[layer2], 16",
        "model.remove=[layer2], 160",
        "model.remove=[layer2], 16"
    })
    void aRunWithAFrozenOrRemovedUnitResumesExactly(String setting, long crashAfter) throws IOException {
        ExperimentSpec spec = TinyRun.spec(setting, "analysis.groups=[]");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TinyRun.train(a, spec, Progress.SILENT);
        assertThrows(IllegalStateException.class, () -> TinyRun.train(b, spec, TinyRun.progress(crashAfter, s -> {})));
        TinyRun.train(b, spec, Progress.SILENT);
        TinyRun.assertSameRun(a, b);

        CheckpointStore store = TinyRun.store(a);
        WeightSnapshot init = store.load(0).weights();
        WeightSnapshot last = store.load(3).weights();
        for (String t : List.of("layer2.weight", "layer2.bias")) {
            assertArrayEquals(bits(init.get(t)), bits(last.get(t)), t + " is not trained");
        }
        assertFalse(init.get("layer1.weight").equals(last.get("layer1.weight")), "layer1 is trained");
        assertFalse(init.get("layer3.weight").equals(last.get("layer3.weight")), "layer3 is trained");
        // A removed layer2 is not in the forward pass: the same run without it (layer1 4 → 8 straight into
        // layer3) would be trained on different logits, so the two settings must give different layer1s.
        if (setting.startsWith("model.remove")) {
            Path frozen = tmp.resolve("frozen");
            TinyRun.train(frozen, TinyRun.spec("train.freeze=[layer2]", "analysis.groups=[]"), Progress.SILENT);
            assertFalse(
                    TinyRun.store(frozen).load(3).weights().get("layer1.weight").equals(last.get("layer1.weight")));
        }
    }

    /** The raw bits of every value: "bit-identical" means this, not equal within a tolerance. */
    private static int[] bits(Tensor t) {
        float[] v = t.data();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
