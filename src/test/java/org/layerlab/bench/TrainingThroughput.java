package org.layerlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import org.layerlab.data.DatasetRequest;
import org.layerlab.data.Datasets;
import org.layerlab.data.LoadedData;
import org.layerlab.data.Normalization;
import org.layerlab.engine.EpochStats;
import org.layerlab.engine.EpochTrainer;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.random.Seeds;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.train.ImageBatchSource;

/**
 * Benchmark (not a test): training throughput of a preset's network on its real data, in images/s and
 * GFLOP/s, against the fp32 matmul peak measured in the same run.
 *
 * <p>Usage: {@code bench/run TrainingThroughput <preset> [epochs] [--set key=value]...}. FLOPs are
 * counted as {@link Network#trainingFlopsPerExample()} (kernels only: bias, activation and optimizer
 * work are not counted). The peak is the best of matmuls measured before and after training, since a
 * shared machine's speed drifts.
 */
public final class TrainingThroughput {
    private TrainingThroughput() {}

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "fcn-mnist";
        int epochs = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 3;
        java.util.List<String> sets = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--set")) {
                sets.add(args[++i]);
            }
        }
        ExperimentSpec spec = SpecLoader.load(preset, sets);
        LoadedData d = Datasets.standard().load(new DatasetRequest(spec.data().name(), null, spec.data().trainLimit(),
                spec.data().testLimit(), spec.data().trainPerClass(), null));
        ImageBatchSource train = new ImageBatchSource(d.train(), Normalization.scale(d.train().channels()), spec.data().augment());
        double peak = MatmulPeak.gflops(Device.cpu(), 2048, 10);
        try (Network net = Networks.build(spec.model(), new Shape(d.train().channels(), d.train().height(), d.train().width()),
                d.train().numClasses(), Device.cpu())) {
            net.load(Initializer.initialSnapshot(net.layout(), spec.seed()));
            EpochTrainer trainer = new EpochTrainer(net, spec.train().momentum(), spec.train().weightDecay());
            double flopsPerExample = net.trainingFlopsPerExample();
            System.out.printf(Locale.ROOT, "preset %s: %s, %,d parameters, %.1f MFLOP per training example, batch %d, %d train images%n",
                    preset, net.layout().arch(), net.layout().parameterCount(), flopsPerExample / 1e6, spec.train().batchSize(), train.size());
            System.out.printf(Locale.ROOT, "fp32 matmul peak (2048x2048, best of 10): %.1f GFLOP/s%n", peak);
            double bestRate = 0;
            for (int e = 1; e <= epochs; e++) {
                int[] order = Seeds.rng(spec.seed(), Seeds.SHUFFLE, Integer.toString(e)).permutation(train.size());
                var aug = spec.data().augment() ? Seeds.rng(spec.seed(), Seeds.AUGMENT, Integer.toString(e)) : null;
                long t0 = System.nanoTime();
                EpochStats s = trainer.runEpoch(train, order, spec.train().batchSize(), spec.train().lr(), aug,
                        Progress.SILENT.start("bench", train.size()));
                double sec = (System.nanoTime() - t0) / 1e9;
                double ips = train.size() / sec;
                double gf = ips * flopsPerExample / 1e9;
                if (e > 1 || epochs == 1) {
                    bestRate = Math.max(bestRate, gf);
                }
                System.out.printf(Locale.ROOT, "epoch %d: %.2f s, %,.0f images/s, %.1f GFLOP/s = %.0f %% of peak (loss %.3f)%s%n",
                        e, sec, ips, gf, 100 * gf / peak, s.meanLoss(), e == 1 && epochs > 1 ? "  [warm-up]" : "");
            }
            double after = MatmulPeak.gflops(Device.cpu(), 2048, 10);
            System.out.printf(Locale.ROOT, "fp32 matmul peak after training: %.1f GFLOP/s%n", after);
            peak = Math.max(peak, after);
            System.out.printf(Locale.ROOT, "RESULT %s: best %.1f GFLOP/s of %.1f peak = %.0f %%%n", preset, bestRate, peak, 100 * bestRate / peak);
        }
    }
}
