package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerlab.checkpoint.Checkpoint;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.SpecLoader;
import org.layerlab.spec.TrainSpec;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.train.BatchSource;
import org.layerlab.train.TokenBatchSource;

/**
 * The optimizers' whole-buffer step (FlatSgdMomentum, FlatAdamW over ParameterBuffers) against the
 * per-tensor update it replaced, bit for bit: after several steps with a learning-rate drop the weights,
 * the optimizer state and the checkpoint file must be the same bytes. Cases cover weight decay on every
 * tensor and on kernels only, a frozen unit, BatchNorm (running statistics outside the buffer), AdamW
 * with clipping, label smoothing and dropout, tensor sizes that are no multiple of the buffer's
 * alignment, and a run resumed from a checkpoint's state by a new trainer.
 */
class OptimizerGoldenTest {
    private static final Progress.Task QUIET = Progress.SILENT.start("test", 0);

    @TempDir
    Path tmp;

    /** A network kind, its data, and the spec keys of the training. */
    record Case(String name, Supplier<Network> network, BatchSource data, List<String> sets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        ArrayBatchSource images = ArrayBatchSource.random(40, new int[] {1, 5, 5}, 3, 11);
        ArrayBatchSource pictures = ArrayBatchSource.random(24, new int[] {3, 8, 8}, 3, 12);
        Rng rng = new Rng(13);
        int[] tokens = new int[300];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(11);
        }
        BatchSource text = TokenBatchSource.training(tokens, 6, 11);
        Supplier<Network> fcn = () -> NetworkTest.fcn(2, 7, new Shape(1, 5, 5), 3);
        Supplier<Network> resnet =
                () -> ConvNets.resnet("resnet18", 1.0 / 16, "batchnorm", null, new Shape(3, 8, 8), 3);
        Supplier<Network> lm = () -> TransformerNets.build(
                TransformerNets.spec("transformer-lm", 1, null, 8, 2, null, null, null, 6, 0.1),
                TransformerNets.text(6, 11));
        return Stream.of(
                        new Case("fcn sgd, decay on all", fcn, images, List.of("train.weight_decay=0.01")),
                        new Case(
                                "fcn sgd, decay on kernels, layer2 frozen",
                                fcn,
                                images,
                                List.of(
                                        "train.weight_decay=0.01",
                                        "train.weight_decay_on=weights",
                                        "train.freeze=[layer2]")),
                        new Case("fcn sgd, no decay, no momentum", fcn, images, List.of("train.momentum=0")),
                        new Case("resnet sgd with batchnorm", resnet, pictures, List.of("train.weight_decay=0.0005")),
                        new Case(
                                "lm adamw, clipping, smoothing, dropout",
                                lm,
                                text,
                                List.of(
                                        "train.optimizer=adamw",
                                        "train.weight_decay=0.1",
                                        "train.clip_norm=0.05",
                                        "train.label_smoothing=0.1")),
                        new Case(
                                "fcn adamw, decay on all",
                                fcn,
                                images,
                                List.of(
                                        "train.optimizer=adamw",
                                        "train.weight_decay=0.1",
                                        "train.weight_decay_on=all")))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWholeBufferStepGivesThePerTensorNumbers(Case c) throws IOException {
        TrainSpec t = SpecLoader.load("fcn-mnist", c.sets()).train();
        try (Network flat = start(c);
                Network reference = start(c)) {
            EpochTrainer a = new EpochTrainer(flat, t, 7);
            EpochTrainer b = perTensor(() -> new EpochTrainer(reference, t, 7));
            assertNotNull(flat.boundParameters(), "the whole-buffer optimizer is in use");
            assertNull(reference.boundParameters(), "the per-tensor optimizer is in use");
            int[] order = order(c.data().size(), 1);
            for (EpochTrainer trainer : List.of(a, b)) {
                // Two passes over the data, the second at a lower rate: the state carries the first's rate.
                trainer.run(c.data(), order, 8, s -> s <= 5 ? 0.05 : 0.01, 1, null, QUIET);
                trainer.run(c.data(), order(c.data().size(), 2), 8, s -> 0.01, 1 + steps(order, 8), null, QUIET);
            }
            assertNotEquals(initial(c), flat.snapshot(), "the weights moved");
            assertBitwiseEqual(reference.snapshot().asMap(), flat.snapshot().asMap(), "weights");
            assertBitwiseEqual(b.optimizerState(), a.optimizerState(), "optimizer state");
            assertArrayEquals(
                    checkpointBytes("reference", reference, b), checkpointBytes("flat", flat, a), "checkpoint file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aResumedWholeBufferRunContinuesThePerTensorRun(Case c) {
        TrainSpec t = SpecLoader.load("fcn-mnist", c.sets()).train();
        int[] first = order(c.data().size(), 1);
        int[] second = order(c.data().size(), 2);
        long next = 1 + steps(first, 8);
        try (Network reference = start(c);
                Network interrupted = start(c);
                Network resumed = start(c)) {
            EpochTrainer b = perTensor(() -> new EpochTrainer(reference, t, 3));
            b.run(c.data(), first, 8, s -> 0.05, 1, null, QUIET);
            b.run(c.data(), second, 8, s -> 0.02, next, null, QUIET);

            EpochTrainer before = new EpochTrainer(interrupted, t, 3);
            before.run(c.data(), first, 8, s -> 0.05, 1, null, QUIET);
            // A new process: another network and trainer, loaded from what a checkpoint holds.
            resumed.load(interrupted.snapshot());
            EpochTrainer after = new EpochTrainer(resumed, t, 3);
            after.loadOptimizerState(before.optimizerState());
            after.run(c.data(), second, 8, s -> 0.02, next, null, QUIET);

            assertBitwiseEqual(reference.snapshot().asMap(), resumed.snapshot().asMap(), "weights");
            assertBitwiseEqual(b.optimizerState(), after.optimizerState(), "optimizer state");
        }
    }

    @Test
    void aSecondTrainerTakesTheParametersOverAndTheFirstRefusesToStep() {
        TrainSpec t = SpecLoader.load("fcn-mnist", List.of()).train();
        ArrayBatchSource data = ArrayBatchSource.random(16, new int[] {1, 5, 5}, 3, 4);
        try (Network net = NetworkTest.fcn(1, 5, new Shape(1, 5, 5), 3)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            EpochTrainer first = new EpochTrainer(net, t, 0);
            first.run(data, order(16, 1), 8, s -> 0.1, 1, null, QUIET);
            WeightSnapshot w = net.snapshot();
            EpochTrainer second = new EpochTrainer(net, t, 0);
            assertEquals(w, net.snapshot(), "taking the parameters over keeps their values");
            second.run(data, order(16, 2), 8, s -> 0.1, 3, null, QUIET);
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> first.run(data, order(16, 3), 8, s -> 0.1, 5, null, QUIET));
            assertEquals("another optimizer has moved this network's parameters since", e.getMessage());
        }
    }

    @Test
    void aFrozenUnitStaysOutOfTheBuffersAndKeepsItsWeights() {
        TrainSpec t = SpecLoader.load("fcn-mnist", List.of("train.weight_decay=0.01", "train.freeze=[layer2]"))
                .train();
        ArrayBatchSource data = ArrayBatchSource.random(16, new int[] {1, 5, 5}, 3, 4);
        try (Network net = NetworkTest.fcn(2, 7, new Shape(1, 5, 5), 3)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            Map<String, Tensor> before = net.snapshot().asMap();
            EpochTrainer trainer = new EpochTrainer(net, t, 0);
            trainer.run(data, order(16, 1), 8, s -> 0.1, 1, null, QUIET);
            List<String> frozen = net.layout().unit("layer2").tensorNames();
            Map<String, Tensor> after = net.snapshot().asMap();
            for (String name : before.keySet()) {
                if (frozen.contains(name)) {
                    assertBitwiseEqual(Map.of(name, before.get(name)), Map.of(name, after.get(name)), "frozen");
                } else {
                    assertNotEquals(before.get(name), after.get(name), name + " is trained");
                }
            }
            long trainedFloats = before.entrySet().stream()
                    .filter(e -> !frozen.contains(e.getKey()))
                    .mapToLong(e -> e.getValue().data().length)
                    .sum();
            assertTrue(net.boundParameters().aligned(), "buffers start on a 64-byte boundary");
            int floats = net.boundParameters().floats();
            // The buffer holds the trained tensors, each padded to 16 floats, and nothing of layer2.
            assertTrue(floats >= trainedFloats && floats < trainedFloats + 16L * before.size(), floats + " floats");
            assertEquals(
                    List.copyOf(before.keySet()).stream()
                            .filter(n -> !frozen.contains(n))
                            .toList(),
                    List.copyOf(trainer.optimizerState().keySet()),
                    "optimizer state for the trained tensors only");
        }
    }

    @Test
    void weightsAndStateLoadedMidRunGoIntoTheBuffersAndTrainingGoesOnAsPerTensor() {
        TrainSpec t =
                SpecLoader.load("fcn-mnist", List.of("train.weight_decay=0.01")).train();
        ArrayBatchSource data = ArrayBatchSource.random(16, new int[] {1, 5, 5}, 3, 4);
        try (Network flat = NetworkTest.fcn(2, 7, new Shape(1, 5, 5), 3);
                Network reference = NetworkTest.fcn(2, 7, new Shape(1, 5, 5), 3)) {
            flat.load(Initializer.initialSnapshot(flat.layout(), 1));
            reference.load(Initializer.initialSnapshot(reference.layout(), 1));
            EpochTrainer a = new EpochTrainer(flat, t, 0);
            EpochTrainer b = perTensor(() -> new EpochTrainer(reference, t, 0));
            WeightSnapshot kept = null;
            Map<String, Tensor> keptState = null;
            for (EpochTrainer trainer : List.of(b, a)) {
                trainer.run(data, order(16, 1), 8, s -> 0.1, 1, null, QUIET);
                if (trainer == b) {
                    kept = reference.snapshot();
                    keptState = b.optimizerState();
                }
                trainer.run(data, order(16, 2), 8, s -> 0.1, 3, null, QUIET);
            }
            // What a redone round does: the last committed weights and optimizer state put back in place.
            for (Network net : List.of(flat, reference)) {
                net.load(kept);
            }
            a.loadOptimizerState(keptState);
            b.loadOptimizerState(keptState);
            assertTrue(flat.boundParameters().holdsParameters(), "the loaded weights are in the buffer");
            assertBitwiseEqual(kept.asMap(), flat.snapshot().asMap(), "loaded weights");
            for (EpochTrainer trainer : List.of(a, b)) {
                trainer.run(data, order(16, 3), 8, s -> 0.05, 3, null, QUIET);
            }
            assertBitwiseEqual(reference.snapshot().asMap(), flat.snapshot().asMap(), "weights");
            assertBitwiseEqual(b.optimizerState(), a.optimizerState(), "optimizer state");
        }
    }

    @Test
    void loadingStateReplacesAllOfItEvenWhereItNamesNothing() {
        TrainSpec t = SpecLoader.load("fcn-mnist", List.of()).train();
        ArrayBatchSource data = ArrayBatchSource.random(16, new int[] {1, 5, 5}, 3, 4);
        try (Network net = NetworkTest.fcn(1, 5, new Shape(1, 5, 5), 3)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            EpochTrainer trainer = new EpochTrainer(net, t, 0);
            trainer.run(data, order(16, 1), 8, s -> 0.1, 1, null, QUIET);
            assertNotEquals(
                    0f, trainer.optimizerState().values().iterator().next().data()[0], "momentum moved");
            // Checkpoint 0 holds no optimizer state: loading it is a fresh optimizer's zero momentum.
            trainer.loadOptimizerState(Map.of());
            for (Tensor v : trainer.optimizerState().values()) {
                for (float f : v.data()) {
                    assertEquals(0, Float.floatToRawIntBits(f));
                }
            }
        }
    }

    @Test
    void optimizerStateForAnUnknownTensorIsRefused() {
        TrainSpec t = SpecLoader.load("fcn-mnist", List.of()).train();
        try (Network net = NetworkTest.fcn(1, 5, new Shape(1, 5, 5), 3)) {
            EpochTrainer trainer = new EpochTrainer(net, t, 0);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> trainer.loadOptimizerState(
                            Map.of("layer9.weight", new Tensor(new int[] {1}, new float[] {0}))));
            assertEquals("optimizer state for unknown parameter layer9.weight", e.getMessage());
        }
    }

    private static Network start(Case c) {
        Network net = c.network().get();
        net.load(Initializer.initialSnapshot(net.layout(), 5));
        return net;
    }

    private static WeightSnapshot initial(Case c) {
        try (Network net = start(c)) {
            return net.snapshot();
        }
    }

    /** A trainer built with the per-tensor update, the one the whole-buffer step replaced. */
    private static EpochTrainer perTensor(Supplier<EpochTrainer> make) {
        String key = "layerlab.flat_optimizer";
        String was = System.getProperty(key);
        System.setProperty(key, "false");
        try {
            return make.get();
        } finally {
            if (was == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, was);
            }
        }
    }

    private static int[] order(int n, long seed) {
        return new Rng(seed).permutation(n);
    }

    private static long steps(int[] order, int batch) {
        return (order.length + batch - 1) / batch;
    }

    private byte[] checkpointBytes(String name, Network net, EpochTrainer trainer) throws IOException {
        CheckpointStore store = new CheckpointStore(tmp.resolve(name));
        store.save(new Checkpoint(2, net.snapshot(), trainer.optimizerState()));
        return Files.readAllBytes(tmp.resolve(name).resolve(CheckpointStore.fileName(2)));
    }

    /** The same names in the same order, and every float the same bits (so −0 ≠ +0, and NaNs compared too). */
    static void assertBitwiseEqual(Map<String, Tensor> expected, Map<String, Tensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": names");
        expected.forEach((name, e) -> {
            Tensor a = actual.get(name);
            assertArrayEquals(e.shape(), a.shape(), what + ": shape of " + name);
            assertArrayEquals(bits(e.data()), bits(a.data()), what + ": " + name);
        });
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
