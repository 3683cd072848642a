package org.layerlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layerlab.error.UserInputException;
import org.layerlab.run.RunDirectory;
import org.layerlab.study.Reports;
import org.layerlab.sweep.SummaryFiles;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepReports;
import org.layerlab.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Draw the heatmaps and write report.html for an analyzed run, or for a sweep folder.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run|sweep>", description = "An analyzed run folder, or a sweep folder.")
    private Path runDir;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (SweepFolder.isSweep(runDir.toAbsolutePath())) {
            try (SweepFolder folder = SweepFolder.open(runDir, true)) {
                SweepSummary s = SweepSummary.of(folder);
                SummaryFiles.write(folder, s);
                command.commandLine()
                        .getOut()
                        .println("wrote " + SweepReports.write(folder, s).html());
            }
            return ExitCodes.OK;
        }
        try (RunDirectory run = RunDirectory.existing(runDir)) {
            if (!run.isAnalyzed()) {
                throw new UserInputException(
                        runDir + ": not analyzed yet; run 'layerlab analyze " + runDir + "' first");
            }
            Reports.write(run);
            command.commandLine().getOut().println("wrote " + run.report());
        }
        return ExitCodes.OK;
    }
}
