package org.layerlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layerlab.error.UserInputException;
import org.layerlab.run.RunDirectory;
import org.layerlab.study.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Draw the heatmaps and write report.html for an analyzed run.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run>", description = "An analyzed run folder.")
    private Path runDir;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
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
