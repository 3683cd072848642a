package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.layerlab.engine.Threads;
import org.layerlab.progress.Progress;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.study.StudySession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code study} and {@code train} share: load and check the spec and the data before touching
 * the run folder, then record provenance around the work.
 */
abstract class SpecCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Mixin
    private SpecOptions options;

    @Spec
    private CommandSpec command;

    /** The command's own work, with the run folder ready and provenance written. */
    abstract void run(StudySession session, RunDirectory run, Progress progress, PrintWriter out);

    @Override
    public Integer call() {
        ExperimentSpec spec = SpecLoader.loadWith(options.spec, options.overrides());
        Threads.fromEnvironment(); // a bad LAYERLAB_THREADS is refused before anything is written
        Progress progress = TerminalProgress.choose(main.quiet());
        try (StudySession session = StudySession.open(spec, progress);
                RunDirectory run = RunFolders.open(options, session.spec())) {
            session.bindVocabulary(run, true);
            Provenance provenance = session.provenance(CommandLines.of(command));
            if (Files.exists(run.provenance())) {
                // A resumed run: its provenance is replaced only when this command succeeds, so a
                // refused or failed resume leaves the file as it was; earlier sessions are kept.
                provenance.after(Provenance.read(run.provenance()));
            } else {
                provenance.write(run.provenance());
            }
            run(session, run, progress, command.commandLine().getOut());
            if (!session.retriedRounds().isEmpty()) {
                provenance.put("retried_rounds", session.retriedRounds());
            }
            provenance
                    .put("threads", session.threadsProvenance(run))
                    .put("finished", java.time.Instant.now().toString())
                    .write(run.provenance());
        }
        return ExitCodes.OK;
    }
}
