package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerlab.error.UserInputException;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;

/**
 * The engine's thread count: evaluation must give the same logits bit for bit at any count (the
 * analysis changes the count as it goes, so its numbers rest on this), the analysis's adaptive choice
 * follows a changing load, and the training probe picks one of its candidates without moving weights.
 */
class ThreadCountTest {
    private int before;

    @BeforeEach
    void remember() {
        before = Threads.current();
    }

    @AfterEach
    void restore() {
        AdaptiveThreads.stop();
        Threads.use(before);
    }

    static Stream<Arguments> networks() {
        // Sizes at which the engine's kernels do split work between threads (a few thousand elements).
        Supplier<Network> fcn = () -> NetworkTest.fcn(2, 256, new Shape(1, 28, 28), 10);
        Supplier<Network> vgg = () -> ConvNets.vgg("vgg11", 0.25, "batchnorm", new Shape(3, 32, 32), 10);
        Supplier<Network> resnet = () -> ConvNets.resnet("resnet18", 0.25, "batchnorm", null, new Shape(3, 16, 16), 10);
        DataShape text = TransformerNets.text(32, 50);
        Supplier<Network> lm = () -> TransformerNets.build(TransformerNets.lm(2, 64, 4, null, 32), text);
        DataShape images = TransformerNets.images(3, 16, 16, 10);
        Supplier<Network> vit = () -> TransformerNets.build(TransformerNets.vit(2, 4, 64, 4, null), images);
        return Stream.of(
                Arguments.of("fcn 784-256-256-10", fcn, null),
                Arguments.of("vgg11 with batchnorm", vgg, null),
                Arguments.of("resnet18 with batchnorm", resnet, null),
                Arguments.of("transformer-lm", lm, text),
                Arguments.of("vit", vit, images));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void evaluationGivesTheSameLogitsAtAnyThreadCount(String name, Supplier<Network> make, DataShape data) {
        try (Network net = make.get()) {
            // Transformers start with a zero head (all logits 0): random weights instead.
            net.load(
                    data == null
                            ? Initializer.initialSnapshot(net.layout(), 3)
                            : TransformerNets.randomWeights(net, 0.1, 3));
            NDArray x = data == null ? ConvNets.input(net, 64, 9) : TransformerNets.input(net, data, 64, 9);
            float[] reference = null;
            for (int threads : new int[] {1, 2, 3}) {
                Threads.use(threads);
                float[] logits = net.forward(x, false).toFloatArray();
                if (reference == null) {
                    reference = logits;
                } else {
                    assertArrayEquals(bits(reference), bits(logits), name + " at " + threads + " threads");
                }
            }
        }
    }

    @Test
    void candidatesAreOneThePowersOfTwoBelowTheCoresAndTheCores() {
        assertEquals(List.of(1), Threads.candidates(1));
        assertEquals(List.of(1, 2), Threads.candidates(2));
        assertEquals(List.of(1, 2, 3), Threads.candidates(3));
        assertEquals(List.of(1, 2, 4, 8), Threads.candidates(8));
        assertEquals(List.of(1, 2, 4, 8, 12), Threads.candidates(12));
    }

    @Test
    void theFewestThreadsWithin3PercentOfTheFastestArePicked() {
        assertEquals(1, AdaptiveThreads.pick(Map.of(1, 10.0, 2, 9.8)));
        assertEquals(2, AdaptiveThreads.pick(Map.of(1, 10.0, 2, 9.6)));
        assertEquals(2, AdaptiveThreads.pick(Map.of(1, 10.0, 2, 5.0, 4, 4.9)));
        assertEquals(1, AdaptiveThreads.pick(Map.of(1, 3.0, 2, 6.0)));
    }

    @Test
    void processWideSettingsAreANumberOrAuto() {
        assertEquals(new Threads.Setting(3, "LAYERLAB_THREADS"), Threads.Setting.parse(" 3 ", "LAYERLAB_THREADS"));
        assertEquals(new Threads.Setting(0, "LAYERLAB_THREADS"), Threads.Setting.parse("AUTO", "LAYERLAB_THREADS"));
        for (String bad : List.of("0", "-1", "two", "1.5", "1025", "")) {
            UserInputException e =
                    assertThrows(UserInputException.class, () -> Threads.Setting.parse(bad, "layerlab.threads"), bad);
            assertEquals(
                    "layerlab.threads: must be a number of threads in 1..1024 or auto, got '" + bad + "'",
                    e.getMessage());
        }
    }

    /** A clock the test moves: each batch "takes" what the load at the current count says. */
    private static final class FakeClock {
        long now;

        void batch(long examples, Map<Integer, Long> nanosPerExample) {
            now += examples * nanosPerExample.get(Threads.current());
            AdaptiveThreads.batchDone(examples);
        }
    }

    @Test
    void theAnalysisCountFollowsTheLoad() {
        FakeClock clock = new FakeClock();
        Threads.use(1);
        AdaptiveThreads.adaptive(List.of(1, 2), () -> clock.now);
        Map<Integer, Long> idle = Map.of(1, 1000L, 2, 550L);
        Map<Integer, Long> busy = Map.of(1, 1050L, 2, 4000L);

        AdaptiveThreads.loopStarts();
        clock.batch(100, idle); // the loop's first batch: not timed
        assertEquals(1, Threads.current());
        clock.batch(100, idle); // 1 thread timed, then 2 tried
        assertEquals(2, Threads.current());
        clock.batch(100, idle); // 2 threads timed: faster, kept
        for (int i = 0; i < 5; i++) {
            clock.batch(100, idle);
            assertEquals(2, Threads.current(), "settled on the faster count");
        }

        // Another program starts: two batches at 2 threads take over 1.5× longer, so both are tried again.
        clock.batch(100, busy);
        assertEquals(2, Threads.current(), "one slow batch is not enough");
        clock.batch(100, busy);
        clock.batch(100, busy); // 2 timed under load, then 1 tried
        assertEquals(1, Threads.current());
        clock.batch(100, busy); // 1 thread now the faster
        for (int i = 0; i < 5; i++) {
            clock.batch(100, busy);
            assertEquals(1, Threads.current(), "kept 1 thread under load");
        }

        // Two minutes later the load is gone: with fewer threads than it could use, it tries again.
        clock.now += 121_000_000_000L;
        clock.batch(100, idle);
        clock.batch(100, idle); // 1 timed, 2 tried
        clock.batch(100, idle);
        assertEquals(2, Threads.current(), "back to 2 threads once the machine is idle");

        Map<String, Object> summary = AdaptiveThreads.summary();
        assertEquals(List.of(1, 2), summary.get("candidates"));
        assertEquals(3, summary.get("explorations"));
        @SuppressWarnings("unchecked")
        Map<String, Long> batches = (Map<String, Long>) summary.get("batches_by_threads");
        assertEquals(20L, batches.values().stream().mapToLong(Long::longValue).sum(), "every batch counted");
        assertEquals(
                Map.of("1", 1.0, "2", 0.55),
                summary.get("last_trial_us_per_example"),
                "the last round's timings, taken in one loop (idle again)");
    }

    @Test
    void aFixedCountDoesNotAdapt() {
        FakeClock clock = new FakeClock();
        AdaptiveThreads.fixed(1);
        AdaptiveThreads.loopStarts();
        for (int i = 0; i < 10; i++) {
            clock.batch(100, Map.of(1, 1_000_000L, 2, 1L));
        }
        assertEquals(1, Threads.current());
        assertTrue(AdaptiveThreads.summary().isEmpty());
    }

    @Test
    void theTrainingProbePicksACandidateAndLeavesTheWeightsAlone() {
        ArrayBatchSource data = ArrayBatchSource.random(64, new int[] {1, 8, 8}, 4, 2);
        try (Network net = NetworkTest.fcn(1, 32, new Shape(1, 8, 8), 4)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            WeightSnapshot w = net.snapshot();
            EpochTrainer trainer = new EpochTrainer(
                    net, SpecLoader.load("fcn-mnist", List.of()).train(), 0);
            int[] batch = Batches.identity(32);
            ThreadProbe p = ThreadProbe.training(trainer, net, data, batch, List.of(1, 2), 0);
            assertTrue(List.of(1, 2).contains(p.threads()), p.toString());
            assertEquals(p.threads(), Threads.current(), "the engine is left at the choice");
            assertEquals(List.of(1, 2), List.copyOf(p.msPerStep().keySet()));
            assertEquals(p.threads(), AdaptiveThreads.pick(p.msPerStep()), "the choice follows the timings");
            assertTrue(p.reason().contains("training batch of 32 at 1, 2 threads"), p.reason());
            assertEquals(w, net.snapshot(), "timing passes do not update the weights");
            // Its gradients are cleared: a training step after it is the step a fresh trainer takes.
            try (Network fresh = NetworkTest.fcn(1, 32, new Shape(1, 8, 8), 4)) {
                fresh.load(w);
                Threads.use(p.threads());
                EpochTrainer other = new EpochTrainer(
                        fresh, SpecLoader.load("fcn-mnist", List.of()).train(), 0);
                Progress.Task quiet = Progress.SILENT.start("test", 0);
                trainer.run(data, batch, 32, s -> 0.1, 1, null, quiet);
                other.run(data, batch, 32, s -> 0.1, 1, null, quiet);
                assertEquals(fresh.snapshot(), net.snapshot());
            }
        }
    }

    @Test
    void theTrainingProbeRunsOnAnAugmentedSource() {
        // --threads 0 on a preset with crop-and-flip (resnet18-cifar10-w4, vit-cifar10) met a null source of draws.
        var images = org.layerlab.testing.ImageFixtures.random(4, 16, 3, 8, 8);
        var data = new org.layerlab.train.ImageBatchSource(images, org.layerlab.data.Normalization.scale(3), true);
        try (Network net = NetworkTest.fcn(1, 16, new Shape(3, 8, 8), 4)) {
            net.load(Initializer.initialSnapshot(net.layout(), 1));
            EpochTrainer trainer = new EpochTrainer(
                    net, SpecLoader.load("fcn-mnist", List.of()).train(), 0);
            ThreadProbe p = ThreadProbe.training(trainer, net, data, Batches.identity(16), List.of(1, 2), 5);
            assertTrue(List.of(1, 2).contains(p.threads()), p.toString());
        }
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
