package org.layerlab.bench;

import java.util.Locale;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.EpochStats;
import org.layerlab.engine.EpochTrainer;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.engine.Threads;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.random.Seeds;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.train.ImageBatchSource;

/**
 * Benchmark (not a test): training throughput of a preset's network on its real data, in images/s and
 * GFLOP/s, against the fp32 matmul peak measured in the same run.
 *
 * <p>Usage: {@code bench/run TrainingThroughput <preset> [epochs] [--set key=value]...}; {@code --set
 * train.threads=1} times one engine thread (the peak too), else libtorch's default (one per core). FLOPs are
 * counted as {@link Network#trainingFlopsPerExample()} (kernels only: bias, activation and optimizer
 * work are not counted). Each epoch is compared with a matmul peak measured just before it, since a
 * shared machine's speed drifts; the result is the median and best of those per-epoch ratios.
 */
public final class TrainingThroughput {
    private TrainingThroughput() {}

    public static void main(String[] args) {
        BenchPreset bench = BenchPreset.fromArgs(args, 3);
        String preset = bench.spec().name();
        int epochs = bench.epochs();
        ExperimentSpec spec = bench.spec();
        ImageBatchSource train = bench.train();
        Integer fixed = spec.train().fixedThreads();
        if (fixed != null) {
            Threads.use(fixed);
        }
        try (Network net = Networks.build(spec.model(), DataShape.of(train), "cpu")) {
            net.load(Initializer.initialSnapshot(net.layout(), spec.seed()));
            EpochTrainer trainer =
                    new EpochTrainer(net, spec.train().momentum(), spec.train().weightDecay());
            double flopsPerExample = net.trainingFlopsPerExample();
            System.out.printf(
                    Locale.ROOT,
                    "preset %s: %s, %,d parameters, %.1f MFLOP per training example, batch %d, %d train images, %d engine threads%n",
                    preset,
                    net.layout().arch(),
                    net.layout().parameterCount(),
                    flopsPerExample / 1e6,
                    spec.train().batchSize(),
                    train.size(),
                    Threads.current());
            // A shared machine's speed drifts by tens of percent within minutes, so the peak is measured
            // right before each epoch and each epoch is judged against its own peak.
            java.util.List<Double> ratios = new java.util.ArrayList<>();
            double bestRate = 0;
            double bestPeak = 0;
            for (int e = 1; e <= epochs; e++) {
                double peak = MatmulPeak.gflops(ai.djl.Device.cpu(), 2048, 5);
                bestPeak = Math.max(bestPeak, peak);
                int[] order = Seeds.rng(spec.seed(), Seeds.SHUFFLE, Integer.toString(e))
                        .permutation(train.size());
                var aug = spec.data().augment() ? Seeds.rng(spec.seed(), Seeds.AUGMENT, Integer.toString(e)) : null;
                long t0 = System.nanoTime();
                EpochStats s = trainer.runEpoch(
                        train,
                        order,
                        spec.train().batchSize(),
                        spec.train().lr(),
                        aug,
                        Progress.SILENT.start("bench", train.size()));
                double sec = (System.nanoTime() - t0) / 1e9;
                double ips = train.size() / sec;
                double gf = ips * flopsPerExample / 1e9;
                boolean warmUp = e == 1 && epochs > 1;
                if (!warmUp) {
                    ratios.add(gf / peak);
                    bestRate = Math.max(bestRate, gf);
                }
                System.out.printf(
                        Locale.ROOT,
                        "epoch %d: %.2f s, %,.0f images/s, %.1f GFLOP/s; matmul peak just before %.1f GFLOP/s; %.0f %% of it (loss %.3f)%s%n",
                        e,
                        sec,
                        ips,
                        gf,
                        peak,
                        100 * gf / peak,
                        s.meanLoss(),
                        warmUp ? "  [warm-up]" : "");
            }
            java.util.Collections.sort(ratios);
            double median = ratios.get(ratios.size() / 2);
            double best = ratios.get(ratios.size() - 1);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s: median %.0f %%, best %.0f %% of the matmul peak (best epoch %.1f GFLOP/s, best peak %.1f GFLOP/s)%n",
                    preset,
                    100 * median,
                    100 * best,
                    bestRate,
                    bestPeak);
        }
    }
}
