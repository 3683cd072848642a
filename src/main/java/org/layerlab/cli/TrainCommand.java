package org.layerlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.layerlab.metric.Metric;
import org.layerlab.progress.Progress;
import org.layerlab.run.RunDirectory;
import org.layerlab.study.StudySession;
import org.layerlab.train.EpochRecord;
import picocli.CommandLine.Command;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train only: keep the checkpoints and the training log (resumes an interrupted run).")
final class TrainCommand extends SpecCommand {
    @Override
    void run(StudySession session, RunDirectory run, Progress progress, PrintWriter out) {
        List<EpochRecord> log = session.train(run, progress);
        EpochRecord last = log.get(log.size() - 1);
        Metric metric = session.network().metric();
        out.printf(
                Locale.ROOT,
                "trained %s: %d %ss, final %s %.4f%n",
                run.root(),
                last.epoch(),
                session.spec().train().unit(),
                metric.label(),
                last.test(metric));
    }
}
