package org.layerlab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The command line as typed, for provenance. */
final class CommandLines {
    private CommandLines() {}

    static List<String> of(CommandSpec command) {
        List<String> out = new ArrayList<>();
        out.add("layerlab");
        out.addAll(
                command.commandLine().getParseResult() == null
                        ? List.of()
                        : command.root().commandLine().getParseResult().originalArgs());
        return out;
    }
}
