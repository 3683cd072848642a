package org.layerlab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.layerlab.spec.Presets;
import org.layerlab.sweep.SweepPresets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "presets",
        mixinStandardHelpOptions = true,
        description = "List the presets shipped with layerlab: studies, then sweeps.")
final class PresetsCommand implements Callable<Integer> {
    @Option(
            names = {"-l", "--long"},
            description = "Show each preset's whole header comment.")
    private boolean full;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        for (Presets.Preset p : Presets.list()) {
            if (full) {
                out.println(p.name());
                p.header().lines().forEach(l -> out.println("    " + l));
                out.println();
            } else {
                out.printf("%-22s %s%n", p.name(), p.summary());
            }
        }
        out.println();
        out.println("sweep presets (layerlab sweep <name>):");
        for (SweepPresets.Preset p : SweepPresets.list()) {
            if (full) {
                out.println(p.name());
                p.header().lines().forEach(l -> out.println("    " + l));
                out.println();
            } else {
                out.printf("%-22s %s%n", p.name(), p.summary());
            }
        }
        return ExitCodes.OK;
    }
}
