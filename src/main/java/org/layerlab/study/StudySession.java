package org.layerlab.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.analysis.Analysis;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.analysis.Rows;
import org.layerlab.checkpoint.CheckpointStore;
import org.layerlab.data.text.Vocabulary;
import org.layerlab.engine.AdaptiveThreads;
import org.layerlab.engine.Architectures;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.MemoryBudget;
import org.layerlab.engine.MemoryCheck;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.engine.Threads;
import org.layerlab.error.UserInputException;
import org.layerlab.progress.Progress;
import org.layerlab.run.AnalysisFiles;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.train.EpochRecord;
import org.layerlab.train.Training;
import org.layerlab.train.TrainingThreads;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.Unit;

/**
 * One experiment's data and network, opened once and used for the steps of the study: train, then
 * analyze. Everything that can fail on bad input (spec, data files, group names) fails here, before
 * a run folder is created or touched.
 */
public final class StudySession implements AutoCloseable {
    private final ExperimentSpec spec;
    private final StudyData data;
    private final Network net;
    /** The training's thread count, once training ran in this session. */
    private TrainingThreads trainingThreads;
    /** analyze --threads: the analysis's count; null = the spec's train.threads, a process-wide setting, or adaptive. */
    private Integer analysisThreads;
    /** How the last analysis chose its threads, for provenance. */
    private Map<String, Object> analysisThreadsUsed;

    private List<String> retriedRounds = List.of();

    private StudySession(ExperimentSpec spec, StudyData data, Network net) {
        this.spec = spec;
        this.data = data;
        this.net = net;
    }

    /**
     * Loads the data, completes the spec with its architecture's defaults (the session's {@link #spec()}
     * is the resolved one, which a run folder records), checks sizes and builds the network.
     */
    public static StudySession open(ExperimentSpec given, Progress progress) {
        StudyData data = StudyData.load(given);
        DataShape shape = DataShape.of(data.train());
        ExperimentSpec spec = given.withModel(Architectures.resolve(given.model(), shape));
        // Sizes are checked before DJL allocates anything: an absurd spec is bad input, not an OutOfMemoryError.
        MemoryCheck.require(spec, shape, data.train().size(), data.test().size(), MemoryBudget.ofThisMachine());
        Network net = Networks.build(spec.model(), shape, spec.device());
        try {
            requireFreezable(net, spec.train().freeze());
            requireNotRemoved(net, spec.analysis().groups());
            // Groups and cumulative rows are made of the units the network has (model.remove leaves some out).
            Rows.validate(
                    present(net), spec.analysis().groups(), spec.analysis().cumulative());
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return new StudySession(spec, data, net);
    }

    /** train.freeze names units of the network (at either granularity) that are not removed. */
    private static void requireFreezable(Network net, List<String> freeze) {
        List<String> known = new java.util.ArrayList<>(net.layout().unitNames());
        net.layout().at(ModelLayout.PARTS).unitNames().stream()
                .filter(n -> !known.contains(n))
                .forEach(known::add);
        for (String name : freeze) {
            if (!known.contains(name)) {
                throw new UserInputException(
                        "train.freeze: unknown unit '" + name + "' (units: " + String.join(", ", known) + ")");
            }
            Unit u = net.layout().unitNames().contains(name)
                    ? net.layout().unit(name)
                    : net.layout().at(ModelLayout.PARTS).unit(name);
            if (net.isRemoved(u)) {
                throw new UserInputException("train.freeze: " + name + " is also in model.remove; a removed unit has"
                        + " nothing to freeze");
            }
        }
    }

    /**
     * A group naming a unit that model.remove left out is bad input, found here and not after training
     * (the analysis has no such row to reset).
     */
    private static void requireNotRemoved(Network net, List<String> groups) {
        ModelLayout layout = net.layout();
        for (String g : groups) {
            for (String s : g.split(",")) {
                String name = s.trim();
                boolean known = layout.unitNames().contains(name)
                        || layout.at(ModelLayout.PARTS).unitNames().contains(name);
                if (known && net.isRemoved(layout.anyUnit(name))) {
                    throw new UserInputException("analysis.groups: '" + g + "' names " + name
                            + ", which model.remove leaves out of the network; a removed unit has no row to reset");
                }
            }
        }
    }

    /** The network's layout without the units model.remove left out (blocks and parts alike). */
    private static ModelLayout present(Network net) {
        ModelLayout l = net.layout();
        List<Unit> units = l.units().stream().filter(u -> !net.isRemoved(u)).toList();
        if (units.size() == l.units().size()) {
            return l;
        }
        List<Unit> parts = l.parts().stream().filter(u -> !net.isRemoved(u)).toList();
        return new ModelLayout(l.arch(), l.numStages(), units, parts);
    }

    /**
     * Ties the run to this session's vocabulary (text data): a new run stores it as {@code vocab.json};
     * an existing one must have been made with the same (else every token id would mean something else
     * to its weights). Nothing to do for images.
     */
    public void bindVocabulary(RunDirectory run, boolean mayCreate) {
        Vocabulary now = data.vocabulary();
        if (now == null) {
            return;
        }
        if (java.nio.file.Files.exists(run.vocabulary())) {
            Vocabulary.requireSame(Vocabulary.load(run.vocabulary()), run.vocabulary(), now);
        } else if (mayCreate) {
            now.save(run.vocabulary());
        } else {
            throw new UserInputException(run.vocabulary() + ": missing; this language-model run cannot be analyzed"
                    + " without the vocabulary it was trained with");
        }
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /** The training split as the network sees it (for benchmarks). */
    public org.layerlab.train.BatchSource trainData() {
        return data.train();
    }

    public Network network() {
        return net;
    }

    public Provenance provenance(List<String> commandLine) {
        Provenance p = new Provenance(spec, commandLine);
        p.dataset(spec.data().name(), data.origin(), data.dir(), data.sha256ByFile());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("units", net.layout().unitNames());
        model.put("parameters", net.layout().parameterCount());
        model.put("frozen", spec.train().freeze());
        model.put("removed", spec.model().remove());
        p.put("model", model);
        p.put(
                "data_sizes",
                Map.of("train", data.train().size(), "test", data.test().size()));
        return p;
    }

    public List<EpochRecord> train(RunDirectory run, Progress progress) {
        Training training =
                new Training(spec, net, data.train(), data.test(), run.checkpoints(spec), run.trainLog(), progress);
        try {
            List<EpochRecord> log = training.run();
            retriedRounds = training.retriedRounds();
            return log;
        } finally {
            trainingThreads = training.threads();
        }
    }

    /** Rounds the last training redid after a non-finite value that did not recur. */
    public List<String> retriedRounds() {
        return retriedRounds;
    }

    /** The analysis runs at this many threads ({@code analyze --threads}) rather than choosing as it goes. */
    public void analyzeWithThreads(Integer threads) {
        analysisThreads = threads;
    }

    /**
     * The thread counts of this session, for provenance.json: the training's (from the run's
     * threads.json when training ran earlier) and how the analysis chose its own.
     */
    public Map<String, Object> threadsProvenance(RunDirectory run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", Threads.cores());
        TrainingThreads t = trainingThreads != null
                ? trainingThreads
                : TrainingThreads.read(run.root().resolve(TrainingThreads.FILE)).orElse(null);
        if (t != null) {
            out.put("training", t.describe());
        }
        if (analysisThreadsUsed != null) {
            out.put("analysis", analysisThreadsUsed);
        }
        return out;
    }

    /**
     * The analysis's thread count: a fixed one when analyze --threads, train.threads or a process-wide
     * setting gives one, else chosen as it goes (evaluation's numbers do not depend on it).
     */
    private void startAnalysisThreads() {
        Map<String, Object> used = new LinkedHashMap<>();
        Threads.Setting process = Threads.fromEnvironment();
        Integer given = spec.train().fixedThreads();
        // 0 (train.threads, or auto for the process) asks for a choice: the analysis makes its own as it goes.
        Threads.Setting fixedProcess = process != null && !process.byTiming() ? process : null;
        Integer fixed = analysisThreads != null
                ? analysisThreads
                : given != null ? given : fixedProcess != null ? Integer.valueOf(fixedProcess.threads()) : null;
        if (fixed != null) {
            AdaptiveThreads.fixed(fixed);
            used.put("threads", fixed);
            used.put(
                    "chosen_by",
                    analysisThreads != null ? "--threads" : given != null ? "train.threads" : fixedProcess.source());
        } else {
            AdaptiveThreads.adaptive(Threads.candidates(Threads.cores()));
            used.put("chosen_by", "automatic");
            used.put(
                    "reason",
                    "evaluation gives the same numbers at any thread count, so the analysis times its batches at"
                            + " each count and keeps the fastest, and tries again when batches slow down");
        }
        analysisThreadsUsed = used;
    }

    public AnalysisResult analyze(RunDirectory run, Progress progress) {
        AnalysisResult result = measure(run, spec.analysis(), progress);
        run.invalidateAnalysis();
        AnalysisFiles.write(run, result);
        return result;
    }

    /** The analysis of a trained run under {@code analysis} settings, without writing anything. */
    public AnalysisResult measure(RunDirectory run, org.layerlab.spec.AnalysisSpec analysis, Progress progress) {
        if (!run.isTrained(spec)) {
            throw new UserInputException(
                    run.root() + ": training is not finished; run 'layerlab train' (it resumes) first");
        }
        CheckpointStore store = run.checkpoints();
        Map<Integer, WeightSnapshot> snapshots = new LinkedHashMap<>();
        for (int epoch : spec.train().checkpoints()) {
            WeightSnapshot w = store.load(epoch).weights();
            net.layout().mismatch(w.asMap()).ifPresent(why -> {
                throw new UserInputException(run.spec() + ": does not fit the checkpoints ("
                        + CheckpointStore.fileName(epoch) + ": " + why + "); was spec.yaml edited?");
            });
            snapshots.put(epoch, w);
        }
        startAnalysisThreads();
        AnalysisResult result;
        try {
            result = new Analysis(net, snapshots, analysis, spec.seed()).run(data.test(), progress);
        } finally {
            analysisThreadsUsed.putAll(AdaptiveThreads.summary());
            AdaptiveThreads.stop();
        }
        List<String> conditions = new java.util.ArrayList<>();
        if (!spec.train().freeze().isEmpty()) {
            conditions.add("trained with " + String.join(", ", spec.train().freeze())
                    + " frozen at its initialization (train.freeze): its τ columns are all the same tensor values");
        }
        if (!spec.model().remove().isEmpty()) {
            conditions.add("trained and measured without "
                    + String.join(", ", spec.model().remove())
                    + " (model.remove: the identity in its place), which therefore has no row");
        }
        return result.withNotes(conditions);
    }

    @Override
    public void close() {
        net.close();
    }
}
