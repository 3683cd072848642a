package org.layerlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerlab.engine.EpochTrainer;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.random.Seeds;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.study.StudySession;
import org.layerlab.train.BatchSource;

/**
 * Benchmark (not a test): training throughput of a preset's network on its real data (images/s, or tokens/s
 * for a language model), through the same trainer as a study (its optimizer, clipping, label smoothing).
 * bench/transformer-vs-pytorch runs it beside bench/pytorch/transformer_throughput.py, the same model in
 * PyTorch eager, at 1 and 2 intra-op threads.
 *
 * <p>Usage: {@code bench/run TransformerThroughput <preset> [steps] [--set key=value]...}; the thread count
 * comes from {@code -Dai.djl.pytorch.num_threads} in JAVA_OPTS.
 */
public final class TransformerThroughput {
    private TransformerThroughput() {}

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "lm-shakespeare";
        int steps = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 30;
        List<String> sets = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--set")) {
                sets.add(args[++i]);
            }
        }
        ExperimentSpec spec = SpecLoader.load(preset, sets);
        try (StudySession session = StudySession.open(spec, Progress.SILENT)) {
            var net = session.network();
            net.load(Initializer.initialSnapshot(net.layout(), spec.seed()));
            BatchSource train = session.trainData();
            int batch = spec.train().batchSize();
            EpochTrainer trainer = new EpochTrainer(net, session.spec().train(), spec.seed());
            Progress.Task quiet = Progress.SILENT.start("bench", 0);
            int warmup = 5;
            int[] order = Seeds.rng(spec.seed(), "bench").permutation(train.size());
            int[] first = java.util.Arrays.copyOf(order, warmup * batch);
            int[] timed = java.util.Arrays.copyOfRange(order, warmup * batch, (warmup + steps) * batch);
            var augment = spec.data().augment() ? Seeds.rng(spec.seed(), "augment") : null;
            trainer.run(train, first, batch, s -> 1e-4, 1, augment, quiet);
            long t0 = System.nanoTime();
            trainer.run(train, timed, batch, s -> 1e-4, warmup + 1, augment, quiet);
            double seconds = (System.nanoTime() - t0) / 1e9;
            boolean tokens = train.inputs() == BatchSource.Inputs.TOKENS;
            double perStep = tokens ? (double) batch * train.exampleShape()[0] : batch;
            System.out.printf(
                    Locale.ROOT,
                    "layerlab %s threads=%s batch=%d: %.1f %s (%.1f ms/step)%n",
                    preset,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"),
                    batch,
                    perStep * steps / seconds,
                    tokens ? "tokens/s" : "images/s",
                    seconds / steps * 1000);
        }
    }
}
