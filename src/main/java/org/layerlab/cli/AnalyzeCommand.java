package org.layerlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.engine.Threads;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.run.AnalysisFiles;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.spec.SpecOverride;
import org.layerlab.study.Reports;
import org.layerlab.study.StudySession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Re-initialize and re-randomize every unit of a trained run, measure test error, write the report.",
            "Analysis keys may be changed without retraining, e.g. --set analysis.rerandomize_draws=5."
        })
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(index = "0", paramLabel = "<run>", description = "A run folder made by 'layerlab train' or 'study'.")
    private Path runDir;

    @Option(names = "--set", paramLabel = "analysis.key=value", description = "Override an analysis key (repeatable).")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--group", paramLabel = "u1,u2", description = "Also perturb these units jointly (repeatable).")
    private List<String> groups = new ArrayList<>();

    @Option(names = "--force", description = "Redo an analysis that is already there.")
    private boolean force;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Engine threads for the analysis (default: the run's train.threads, else chosen as it goes;"
                    + " the numbers do not depend on it).")
    private Integer threads;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        List<SpecOverride> overrides = new ArrayList<>();
        for (String s : sets) {
            if (!s.strip().startsWith("analysis.")) {
                throw new UserInputException("--set " + s + ": only analysis.* keys can change after training");
            }
            overrides.add(SpecOverride.set(s));
        }
        if (!groups.isEmpty()) {
            overrides.add(SpecOptions.groupsOverride(groups));
        }
        Integer analysisThreads = threads == null ? null : SpecOptions.checkedThreads(threads);
        Threads.fromEnvironment(); // a bad LAYERLAB_THREADS is refused before anything is changed
        try (RunDirectory run = RunDirectory.existing(runDir)) {
            ExperimentSpec recorded = SpecLoader.readResolved(run.spec());
            ExperimentSpec spec =
                    SpecLoader.withOverrides(recorded, overrides, run.spec().toString());
            boolean sameAnalysis = spec.equals(recorded);
            if (run.isAnalyzed() && !force && (run.isReported() || !sameAnalysis)) {
                throw new UserInputException(runDir + ": already analyzed; use --force to redo it");
            }
            var progress = TerminalProgress.choose(main.quiet());
            AnalysisResult result;
            Map<String, Object> threadsUsed = null;
            if (run.isAnalyzed() && !force) {
                // An interrupted 'analyze' wrote its analysis but not its report: complete it.
                result = AnalysisFiles.read(run);
            } else {
                try (StudySession session = StudySession.open(spec, progress)) {
                    // Measured before anything is changed: a refused analysis (training unfinished, a
                    // corrupt checkpoint) leaves the run as it was.
                    session.bindVocabulary(run, false);
                    session.analyzeWithThreads(analysisThreads);
                    result = session.measure(run, spec.analysis(), progress);
                    threadsUsed = session.threadsProvenance(run);
                }
                run.invalidateAnalysis();
                AtomicFiles.writeString(run.spec(), SpecLoader.toYaml(spec));
                AnalysisFiles.write(run, result);
                if (threadsUsed != null) {
                    Provenance.update(run.provenance(), "threads", threadsUsed);
                }
            }
            Reports.write(run);
            Summary.print(command.commandLine().getOut(), run.report(), result);
        }
        return ExitCodes.OK;
    }
}
