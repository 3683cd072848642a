package org.layerlab.study;

import java.io.IOException;
import java.nio.file.Files;
import org.layerlab.error.UserInputException;
import org.layerlab.report.Report;
import org.layerlab.report.ReportInputs;
import org.layerlab.run.AnalysisFiles;
import org.layerlab.run.Provenance;
import org.layerlab.run.RunDirectory;
import org.layerlab.train.TrainLog;

/** Makes a run's figures and report.html from its files alone, so 'layerlab report' needs no engine. */
public final class Reports {
    private Reports() {}

    public static Report.Written write(RunDirectory run) {
        String spec;
        try {
            spec = Files.readString(run.spec());
        } catch (IOException e) {
            throw UserInputException.io(run.spec(), "cannot read", e);
        }
        ReportInputs in = new ReportInputs(
                run.name(),
                spec,
                Provenance.read(run.provenance()),
                TrainLog.read(run.trainLog()),
                AnalysisFiles.read(run),
                TrainLog.unit(run.trainLog()));
        return Report.write(run.root(), in);
    }
}
