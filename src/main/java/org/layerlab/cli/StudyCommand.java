package org.layerlab.cli;

import java.io.PrintWriter;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.progress.Progress;
import org.layerlab.run.AnalysisFiles;
import org.layerlab.run.RunDirectory;
import org.layerlab.study.Reports;
import org.layerlab.study.StudySession;
import picocli.CommandLine.Command;

@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Train, analyze and report: the whole study for a preset or spec file.")
final class StudyCommand extends SpecCommand {
    @Override
    void run(StudySession session, RunDirectory run, Progress progress, PrintWriter out) {
        if (!run.isTrained(session.spec())) {
            session.train(run, progress);
        }
        // After an interruption, only what is missing is done: the analysis files are complete once
        // analysis.json exists, and the report is (re)written from them.
        AnalysisResult result = run.isAnalyzed() ? AnalysisFiles.read(run) : session.analyze(run, progress);
        Reports.write(run);
        Summary.print(out, run.report(), result);
    }
}
