package org.layerlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.layerlab.error.UserInputException;
import org.layerlab.run.RunDirectory;
import org.layerlab.spec.ExperimentSpec;

/** Picks the run folder for study/train from --out, --force and --resume. */
final class RunFolders {
    private RunFolders() {}

    static RunDirectory open(SpecOptions options, ExperimentSpec spec) {
        Path out = options.out != null ? options.out : Path.of("runs", spec.name());
        if (options.resume && !Files.isRegularFile(out.resolve("spec.yaml"))) {
            throw new UserInputException(out + ": --resume given but there is no run here to resume");
        }
        return RunDirectory.create(out, spec, options.force && !options.resume);
    }
}
