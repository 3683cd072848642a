package org.layerlab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.layerlab.error.UserInputException;
import picocli.CommandLine;

/**
 * The one place that turns exceptions into exit codes (as jbang does): 0 ok, 2 bad input with a
 * single line naming the file or key, 1 internal error. Stack traces only with {@code --verbose}.
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = cmd.getCommandSpec().root().userObject() instanceof Main m && m.verbose();
        Throwable user = userCause(ex);
        if (user != null) {
            err.println(Glyphs.printable("layerlab: " + user.getMessage(), err));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return BAD_INPUT;
        }
        if (ex instanceof UncheckedIOException io) {
            err.println(Glyphs.printable("layerlab: " + io.getMessage(), err));
        } else {
            err.println("layerlab: internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                    + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return INTERNAL;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("layerlab: " + ex.getMessage() + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return BAD_INPUT;
    }

    /** A bad-input exception anywhere in the cause chain (engines and executors wrap them). */
    private static Throwable userCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserInputException) {
                return c;
            }
        }
        return null;
    }
}
