package org.layerlab.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layerlab.checkpoint.Checkpoint;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.engine.AdaptiveThreads;
import org.layerlab.engine.EpochStats;
import org.layerlab.engine.EpochTrainer;
import org.layerlab.engine.Evaluator;
import org.layerlab.engine.Network;
import org.layerlab.engine.NonFiniteLossException;
import org.layerlab.engine.ThreadProbe;
import org.layerlab.engine.Threads;
import org.layerlab.error.UserInputException;
import org.layerlab.init.Initializer;
import org.layerlab.metric.Metric;
import org.layerlab.metric.Score;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;
import org.layerlab.random.Seeds;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.TrainSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network as the spec says and keeps its parameters at the chosen epochs. Epoch 0 is our
 * own draw, saved before any update. Every epoch ends with an atomic resume state (weights and
 * momentum), and each epoch's shuffle and augmentation streams derive from the run seed and the
 * epoch number, so a run killed at any point resumes to exactly the numbers of an uninterrupted one.
 */
public final class Training {
    private static final Logger LOG = LoggerFactory.getLogger(Training.class);
    private final ExperimentSpec spec;
    private final Network net;
    private final BatchSource train;
    private final BatchSource test;
    private final CheckpointStore store;
    private final Path logFile;
    private final Path threadsFile;
    private final Progress progress;
    private TrainingThreads threads;
    /** Rounds redone after a non-finite loss or weight that did not recur, with what happened. */
    private final List<String> retried = new ArrayList<>();

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
        this.threadsFile = store.dir().resolveSibling(TrainingThreads.FILE);
        this.progress = progress;
    }

    /** The thread count this run trains with (known once {@link #run()} has started). */
    public TrainingThreads threads() {
        return threads;
    }

    /** Runs (or resumes) training; returns the log, one row per round from position 0. */
    public List<EpochRecord> run() {
        TrainSpec t = spec.train();
        TrainingPlan plan = new TrainingPlan(t, train.size(), spec.seed());
        EpochTrainer trainer = new EpochTrainer(net, t, spec.seed());
        boolean fresh = store.manifest().resume() == null && store.epochs().isEmpty();
        // Chosen before the weights are loaded: an automatic choice times training passes, which move
        // BatchNorm statistics, and the initialization (or the resume state) then overwrites them.
        threads = chooseThreads(plan, trainer, fresh);
        AdaptiveThreads.fixed(threads.threads());
        List<EpochRecord> log = new ArrayList<>();
        int startRound = plan.roundEndingAt(resume(trainer, log));
        if (startRound < 0) {
            throw new UserInputException(store.dir() + ": the saved training state is at no round of this spec's "
                    + t.unit() + "s; was spec.yaml edited? Restore it, or start a new run with --force");
        }
        if (startRound >= plan.rounds()) {
            return log;
        }
        int evalBatch = spec.analysis().evalBatchSize();
        long work = 0;
        for (int r = startRound + 1; r <= plan.rounds(); r++) {
            work += plan.order(r).length;
        }
        try (Progress.Task bar = progress.start("train " + spec.name(), work)) {
            for (int r = startRound + 1; r <= plan.rounds(); r++) {
                long t0 = System.nanoTime();
                int position = plan.positions().get(r);
                int[] order = plan.order(r);
                int round = r;
                long firstStep = plan.firstStep(r);
                double lr = plan.lr(firstStep, r);
                EpochStats s = null;
                // A non-finite loss or weight is divergence when it recurs. One that does not recur is a bug (the
                // one seen, a NaN in a ViT run that replayed finite, was a scalar freed by the garbage collector
                // between forward and backward: engine/Scalars): the round is redone once from the last committed
                // state, which gives the numbers of a run that never met the fault, and the warning asks for a report.
                for (int attempt = 1; s == null; attempt++) {
                    Rng augment = spec.data().augment() && !t.stepCounted()
                            ? Seeds.rng(spec.seed(), Seeds.AUGMENT, Integer.toString(r))
                            : null;
                    String failure;
                    String where;
                    try {
                        s = trainer.run(
                                train, order, t.batchSize(), step -> plan.lr(step, round), firstStep, augment, bar);
                        String bad = firstNonFinite(net.snapshot());
                        failure = bad == null ? null : "parameter " + bad + " is not finite";
                        where = "the end of " + t.unit() + " " + position;
                    } catch (NonFiniteLossException e) {
                        failure = "loss " + e.loss();
                        where = t.stepCounted()
                                ? "step " + (firstStep + e.step() - 1)
                                : "epoch " + position + ", step " + e.step() + " of " + e.steps();
                    }
                    if (failure != null) {
                        if (attempt > 1) {
                            throw diverged(where, plan.positions().get(r - 1), failure, lr);
                        }
                        LOG.warn(
                                "{} at {}: redoing {} {} from the last saved state (a fault that does not recur is a layerlab bug: please report it)",
                                failure,
                                where,
                                t.unit(),
                                position);
                        retried.add(t.unit() + " " + position + " (" + failure + " at " + where + ")");
                        restoreLastCommit(trainer);
                        s = null;
                    }
                }
                Score testScore = Evaluator.score(net, test, evalBatch);
                log.add(new EpochRecord(
                        position,
                        lr,
                        s.meanLoss(),
                        s.error(),
                        testScore.meanLoss(),
                        testScore.errorRate(),
                        (System.nanoTime() - t0) / 1e9));
                bar.completed(String.format(
                        java.util.Locale.ROOT,
                        "%s %d/%d %s %.4f",
                        t.unit(),
                        position,
                        t.length(),
                        net.metric() == Metric.ERROR ? "test err" : "test loss",
                        net.metric().value(testScore)));
                // The log line first: a kill before the state below is saved re-runs this round and
                // rewrites it, whereas a state saved before its line would resume past an unlogged round.
                TrainLog.write(logFile, t.unit(), log);
                WeightSnapshot weights = net.snapshot();
                Checkpoint c = new Checkpoint(position, weights, trainer.optimizerState());
                // One commit: the kept checkpoint (if any) and the resume state enter the manifest together.
                store.commitEpoch(c, t.checkpoints().contains(position), r == plan.rounds());
            }
        }
        return log;
    }

    /** Rounds redone after a transient non-finite loss or weight (for provenance). */
    public List<String> retriedRounds() {
        return List.copyOf(retried);
    }

    /** Puts back the weights and optimizer state the store last committed, as a resumed process would. */
    private void restoreLastCommit(EpochTrainer trainer) {
        Checkpoint c = store.loadResume()
                .orElseGet(() -> store.load(store.epochs().get(store.epochs().size() - 1)));
        net.load(c.weights());
        trainer.loadOptimizerState(c.optimizerState());
    }

    /**
     * The run's thread count: the one it recorded when it started, else the spec's, a process-wide
     * setting, or libtorch's default (one per core). Only when asked ({@code train.threads: 0} or
     * {@code auto} for the process) is it the fastest of a few timed steps: the numbers depend on the count,
     * and a choice by timing would let the same command give other numbers on a busier day. Recorded
     * before the first step.
     */
    private TrainingThreads chooseThreads(TrainingPlan plan, EpochTrainer trainer, boolean fresh) {
        Integer given = spec.train().fixedThreads();
        java.util.Optional<TrainingThreads> recorded = TrainingThreads.read(threadsFile);
        if (recorded.isPresent()) {
            if (given != null && given != recorded.get().threads()) {
                throw new UserInputException(
                        threadsFile + ": this run trains with " + recorded.get().threads()
                                + " threads, but train.threads is " + given + "; its numbers depend on the count, so it"
                                + " resumes with the count it started with: set train.threads to "
                                + recorded.get().threads() + ", or start a new run with --force");
            }
            return recorded.get();
        }
        TrainingThreads chosen;
        Threads.Setting process = Threads.fromEnvironment();
        boolean automatic = spec.train().threadsByTiming()
                || (spec.train().threads() == null && process != null && process.byTiming());
        if (given != null) {
            chosen = TrainingThreads.of(given, "train.threads", "set by the spec or --threads");
        } else if (!fresh) {
            chosen = TrainingThreads.of(
                    Threads.engineDefault(),
                    "engine default",
                    "the run started before layerlab recorded its thread count, with libtorch's default (one per"
                            + " core); it goes on with that count");
        } else if (!automatic && process != null) {
            chosen =
                    TrainingThreads.of(process.threads(), process.source(), "set for every run by " + process.source());
        } else if (!automatic) {
            chosen = TrainingThreads.of(
                    Threads.engineDefault(),
                    "default",
                    "libtorch's default, one per core (train.threads: 0, --threads 0 or LAYERLAB_THREADS=auto choose"
                            + " by timing instead)");
        } else {
            int[] first = plan.order(1);
            int[] batch = java.util.Arrays.copyOf(
                    first, Math.min(first.length, spec.train().batchSize()));
            ThreadProbe probe =
                    ThreadProbe.training(trainer, net, train, batch, Threads.candidates(Threads.cores()), spec.seed());
            java.util.Map<String, Double> ms = new java.util.TreeMap<>();
            probe.msPerStep().forEach((k, v) -> ms.put(Integer.toString(k), v));
            chosen = new TrainingThreads(TrainingThreads.FORMAT, probe.threads(), "automatic", probe.reason(), ms);
        }
        chosen.write(threadsFile);
        return chosen;
    }

    /**
     * A diverged run is bad input, not a finding (every later number would be noise): it names where it
     * happened and the keys that usually cause it. The checkpoints and log written so far are kept.
     */
    private UserInputException diverged(String where, int kept, String what, double lr) {
        TrainSpec t = spec.train();
        return new UserInputException(String.format(
                java.util.Locale.ROOT,
                "training diverged at %s (%s) with learning rate %s: lower train.lr (now %s)%s%s; the run keeps its"
                        + " state after %s %d in %s",
                where,
                what,
                lr,
                t.lr(),
                t.optimizer().equals("sgd") && t.momentum() > 0 ? " or train.momentum (now " + t.momentum() + ")" : "",
                t.clipNorm() == null ? ", or set train.clip_norm" : "",
                t.unit(),
                kept,
                store.dir()));
    }

    private static String firstNonFinite(WeightSnapshot w) {
        for (Map.Entry<String, org.layerlab.snapshot.Tensor> e : w.asMap().entrySet()) {
            for (float v : e.getValue().data()) {
                if (!Float.isFinite(v)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /** Restores the latest state on disk, or draws and saves the initialization; returns the epoch reached. */
    private int resume(EpochTrainer trainer, List<EpochRecord> log) {
        Optional<Checkpoint> latest = store.loadResume();
        if (latest.isEmpty() && !store.epochs().isEmpty()) {
            latest = Optional.of(store.load(store.epochs().get(store.epochs().size() - 1)));
        }
        if (latest.isPresent()) {
            Checkpoint c = latest.get();
            net.layout().mismatch(c.weights().asMap()).ifPresent(why -> {
                throw new UserInputException(store.dir() + ": the saved training state does not fit the model of "
                        + "this spec (" + why + "); was spec.yaml edited? Restore it, or start a new run with --force");
            });
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
        Score testScore = Evaluator.score(net, test, spec.analysis().evalBatchSize());
        log.add(new EpochRecord(
                0,
                spec.train().lrAt(1),
                Double.NaN,
                Double.NaN,
                testScore.meanLoss(),
                testScore.errorRate(),
                (System.nanoTime() - t0) / 1e9));
        // Log before checkpoint 0, as after each epoch: a kill in between simply starts afresh.
        TrainLog.write(logFile, spec.train().unit(), log);
        store.save(new Checkpoint(0, init, Map.of()));
        return 0;
    }
}
