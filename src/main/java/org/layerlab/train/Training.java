package org.layerlab.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layerlab.checkpoint.Checkpoint;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.EpochStats;
import org.layerlab.engine.EpochTrainer;
import org.layerlab.engine.Evaluator;
import org.layerlab.engine.Network;
import org.layerlab.init.Initializer;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.TrainSpec;

/**
 * Trains a network as the spec says and keeps its parameters at the chosen epochs. Epoch 0 is our
 * own draw, saved before any update. Every epoch ends with an atomic resume state (weights and
 * momentum), and each epoch's shuffle and augmentation streams derive from the run seed and the
 * epoch number, so a run killed at any point resumes to exactly the numbers of an uninterrupted one.
 */
public final class Training {
    private final ExperimentSpec spec;
    private final Network net;
    private final BatchSource train;
    private final BatchSource test;
    private final CheckpointStore store;
    private final Path logFile;
    private final Progress progress;

    public Training(
            ExperimentSpec spec,
            Network net,
            BatchSource train,
            BatchSource test,
            CheckpointStore store,
            Path logFile,
            Progress progress) {
        this.spec = spec;
        this.net = net;
        this.train = train;
        this.test = test;
        this.store = store;
        this.logFile = logFile;
        this.progress = progress;
    }

    /** Runs (or resumes) training; returns the log, one row per epoch from 0. */
    public List<EpochRecord> run() {
        TrainSpec t = spec.train();
        EpochTrainer trainer = new EpochTrainer(net, t.momentum(), t.weightDecay(), t.weightDecayRoles());
        List<EpochRecord> log = new ArrayList<>();
        int start = resume(trainer, log);
        if (start >= t.epochs()) {
            return log;
        }
        int evalBatch = spec.analysis().evalBatchSize();
        try (Progress.Task bar = progress.start("train " + spec.name(), (long) (t.epochs() - start) * train.size())) {
            for (int epoch = start + 1; epoch <= t.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] order = Seeds.rng(spec.seed(), Seeds.SHUFFLE, Integer.toString(epoch))
                        .permutation(train.size());
                Rng augment =
                        spec.data().augment() ? Seeds.rng(spec.seed(), Seeds.AUGMENT, Integer.toString(epoch)) : null;
                double lr = t.lrAt(epoch);
                EpochStats s = trainer.runEpoch(train, order, t.batchSize(), lr, augment, bar);
                double testError = (double) Evaluator.countErrors(net, test, evalBatch) / test.size();
                log.add(new EpochRecord(epoch, lr, s.meanLoss(), s.error(), testError, (System.nanoTime() - t0) / 1e9));
                bar.completed(String.format(
                        java.util.Locale.ROOT, "epoch %d/%d test err %.4f", epoch, t.epochs(), testError));
                // The log line first: a kill before the state below is saved re-runs this epoch and
                // rewrites it, whereas a state saved before its line would resume past an unlogged epoch.
                TrainLog.write(logFile, log);
                Checkpoint c = new Checkpoint(epoch, net.snapshot(), trainer.optimizerState());
                if (t.checkpoints().contains(epoch)) {
                    store.save(c);
                }
                if (epoch < t.epochs()) {
                    store.saveResume(c);
                }
            }
        }
        store.clearResume();
        return log;
    }

    /** Restores the latest state on disk, or draws and saves the initialization; returns the epoch reached. */
    private int resume(EpochTrainer trainer, List<EpochRecord> log) {
        Optional<Checkpoint> latest = store.loadResume();
        if (latest.isEmpty() && !store.epochs().isEmpty()) {
            latest = Optional.of(store.load(store.epochs().get(store.epochs().size() - 1)));
        }
        if (latest.isPresent()) {
            Checkpoint c = latest.get();
            net.load(c.weights());
            trainer.loadOptimizerState(c.optimizerState());
            for (EpochRecord r : TrainLog.read(logFile)) {
                if (r.epoch() <= c.epoch()) {
                    log.add(r);
                }
            }
            return c.epoch();
        }
        long t0 = System.nanoTime();
        WeightSnapshot init = Initializer.initialSnapshot(net.layout(), spec.seed());
        net.load(init);
        double testError =
                (double) Evaluator.countErrors(net, test, spec.analysis().evalBatchSize()) / test.size();
        log.add(new EpochRecord(
                0, spec.train().lrAt(1), Double.NaN, Double.NaN, testError, (System.nanoTime() - t0) / 1e9));
        // Log before checkpoint 0, as after each epoch: a kill in between simply starts afresh.
        TrainLog.write(logFile, log);
        store.save(new Checkpoint(0, init, Map.of()));
        return 0;
    }
}
