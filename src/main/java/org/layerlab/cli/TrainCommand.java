package org.layerlab.cli;

import java.util.concurrent.Callable;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.study.StudySession;
import org.layerlab.train.EpochRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train only: keep the checkpoints and the training log (resumes an interrupted run).")
final class TrainCommand implements Callable<Integer> {
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
            java.util.List<EpochRecord> log = session.train(run, progress);
            provenance.put("finished", java.time.Instant.now().toString()).write(run.provenance());
            EpochRecord last = log.get(log.size() - 1);
            command.commandLine().getOut().printf(java.util.Locale.ROOT, "trained %s: %d epochs, final test error %.4f%n",
                    run.root(), last.epoch(), last.testError());
        }
        return ExitCodes.OK;
    }
}
