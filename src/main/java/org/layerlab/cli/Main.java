package org.layerlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code layerlab} command: wiring only; each sub-command is one thin class. */
@Command(
        name = "layerlab",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Which layers of a deep network are critical and which are robust:",
            "the layer re-initialization study of Zhang, Bengio & Singer, \"Are All Layers Created Equal?\" (JMLR 2022)."
        },
        subcommands = {
            StudyCommand.class,
            TrainCommand.class,
            AnalyzeCommand.class,
            ReportCommand.class,
            SweepCommand.class,
            PresetsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Log engine details and show stack traces on errors.")
    private boolean verbose;

    @Option(
            names = {"-q", "--quiet"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "No progress output on stderr.")
    private boolean quiet;

    boolean verbose() {
        return verbose;
    }

    boolean quiet() {
        return quiet;
    }

    public static void main(String[] args) {
        // A study started by a sweep ends when the sweep's process is gone (kill -9 of a Spark executor).
        org.layerlab.sweep.ParentWatch.startIfAsked();
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return run(
                new EncodedPrintWriter(System.out, StreamCharsets.stdout()),
                new EncodedPrintWriter(System.err, StreamCharsets.stderr()),
                args);
    }

    /** Runs the CLI with its output and error streams given, as the tests do. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        configureLogging(java.util.Arrays.asList(args).contains("--verbose"));
        ExitCodes codes = new ExitCodes();
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(codes)
                .setParameterExceptionHandler(codes)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    /** Must run before the first logger exists: DJL logs engine loading at INFO and a CUDA probe at WARN. */
    private static void configureLogging(boolean verbose) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", verbose ? "info" : "error");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"layerlab " + (v == null ? "dev" : v)};
        }
    }
}
