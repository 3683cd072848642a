package org.layerlab.cli;

import java.util.concurrent.Callable;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.study.Reports;
import org.layerlab.study.StudySession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Train, analyze and report: the whole study for a preset or spec file.")
final class StudyCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Mixin
    private SpecOptions options;

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ExperimentSpec spec = SpecLoader.load(options.spec, options.overrides());
        var progress = TerminalProgress.choose(main.quiet());
        try (StudySession session = StudySession.open(spec, progress)) {
            RunDirectory run = RunFolders.open(options, spec);
            Provenance provenance = session.provenance(CommandLines.of(command));
            provenance.write(run.provenance());
            if (!run.isTrained(spec)) {
                session.train(run, progress);
            }
            AnalysisResult result = session.analyze(run, progress);
            Reports.write(run);
            provenance.put("finished", java.time.Instant.now().toString()).write(run.provenance());
            Summary.print(command.commandLine().getOut(), run, result);
        }
        return ExitCodes.OK;
    }
}
