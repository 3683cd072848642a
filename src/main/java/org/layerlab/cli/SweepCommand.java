package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.SpecOverride;
import org.layerlab.sweep.SeedStats;
import org.layerlab.sweep.SlurmScript;
import org.layerlab.sweep.SummaryFiles;
import org.layerlab.sweep.SweepDriver;
import org.layerlab.sweep.SweepFile;
import org.layerlab.sweep.SweepFolder;
import org.layerlab.sweep.SweepPlan;
import org.layerlab.sweep.SweepPlanner;
import org.layerlab.sweep.SweepPresets;
import org.layerlab.sweep.SweepReports;
import org.layerlab.sweep.SweepSpec;
import org.layerlab.sweep.SweepStatus;
import org.layerlab.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code layerlab sweep}: many studies (points × seeds) on Apache Spark, then their summary over seeds. Wiring
 * only: the sweep package plans, runs and summarizes; Spark is loaded by name when there is something to run.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Run a sweep of studies (a grid or list of points, each with several seeds) on Apache Spark,"
                + " then summarize it over seeds: summary.csv, summary.json, figures and report.html in the sweep"
                + " folder. Finished runs are skipped and interrupted ones resume, so running it again continues a"
                + " sweep.",
        subcommands = {SweepCommand.Status.class, SweepCommand.Summarize.class, SweepCommand.Emit.class})
final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "<preset|sweep.yaml>",
            description = "A sweep preset (see 'layerlab presets') or a sweep file.")
    private String sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: sweeps/<name>).")
    private Path out;

    @Option(
            names = "--master",
            paramLabel = "MASTER",
            description = "Spark master URL (default: embedded local Spark with cores / threads-per-run task slots;"
                    + " under spark-submit, its master).")
    private String master;

    @Option(
            names = "--threads-per-run",
            paramLabel = "T",
            defaultValue = "1",
            description = "Intra-op threads of each study (Spark's spark.task.cpus; default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(
            names = "--retries",
            paramLabel = "R",
            defaultValue = "2",
            description = "Attempts after a failed one; a killed study resumes (default ${DEFAULT-VALUE}).")
    private int retries;

    @Option(
            names = "--set",
            paramLabel = "key=value",
            description = "Override a spec key for every run, e.g. --set train.epochs=30 (repeatable).")
    private List<String> sets = new ArrayList<>();

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        if (sweep == null) {
            throw new UserInputException("sweep: give a sweep file or preset ("
                    + String.join(", ", SweepPresets.names()) + "), or one of the commands status, summarize, emit");
        }
        SweepSpec spec = SweepFile.load(sweep);
        SweepPlanner.Planned planned = SweepPlanner.plan(spec, SpecOverride.sets(sets));
        SweepPlan plan = planned.plan();
        SweepDriver.Options options = new SweepDriver.Options(master, threads, retries);
        String url = SweepDriver.master(options);
        Path dir = out != null ? out : Path.of("sweeps", plan.name());
        PrintWriter stdout = command.commandLine().getOut();
        try (SweepFolder folder = SweepFolder.prepare(dir, plan, planned.specs())) {
            quietSpark(main.verbose());
            SweepDriver.Result result;
            try (SweepProgress progress = SweepProgress.start(folder, plan, main.quiet())) {
                result = SweepDriver.run(folder, plan, options, url);
            }
            if (result.outcomes().isEmpty()) {
                stdout.println(
                        "nothing to run: all " + plan.runs().size() + " runs of " + plan.name() + " are complete");
            } else {
                stdout.println("ran " + result.outcomes().size() + " of "
                        + plan.runs().size() + " runs on Spark (" + result.master() + ")");
            }
            SweepSummary summary = summarize(folder, stdout);
            if (!summary.missing().isEmpty()) {
                PrintWriter err = command.commandLine().getErr();
                err.println("layerlab: sweep " + plan.name() + ": "
                        + summary.missing().size() + " of "
                        + plan.runs().size() + " runs did not finish (" + missing(summary) + "); see 'layerlab sweep"
                        + " status " + dir + "'");
                err.flush();
                return ExitCodes.INTERNAL;
            }
        }
        return ExitCodes.OK;
    }

    /** Spark and Hadoop log start-up chatter at WARN; with slf4j-simple only errors are shown unless --verbose. */
    private static void quietSpark(boolean verbose) {
        for (String logger : List.of("org.apache.spark", "org.apache.hadoop", "org.sparkproject", "io.netty")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, verbose ? "info" : "error");
            }
        }
    }

    private static String missing(SweepSummary s) {
        Map<String, Long> byState = new java.util.TreeMap<>();
        s.missing().forEach(m -> byState.merge(m.state(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        byState.forEach((k, v) -> parts.add(v + " " + k));
        return String.join(", ", parts);
    }

    /** Writes summary.csv, summary.json, figures and report.html, and prints the answer. */
    static SweepSummary summarize(SweepFolder folder, PrintWriter out) {
        SweepSummary s = SweepSummary.of(folder);
        SummaryFiles.write(folder, s);
        var written = SweepReports.write(folder, s);
        print(out, s);
        out.println("summary: " + folder.summaryCsv());
        out.println("report: " + written.html());
        out.flush();
        return s;
    }

    static void print(PrintWriter out, SweepSummary s) {
        for (SweepSummary.PointSummary p : s.points()) {
            out.printf(
                    Locale.ROOT,
                    "%s (%d of %d seeds): final test error %s; %s%n",
                    p.point(),
                    p.runs().size(),
                    p.planned(),
                    meanCi(p.finalError(), "%.4f"),
                    p.withheld() != null
                            ? "no verdicts (" + p.withheld() + ")"
                            : "critical units " + meanCi(p.criticalCount(), "%.2f") + " of " + p.units());
            for (SweepSummary.Row row : p.rows()) {
                if (row.verdict() == null) {
                    continue;
                }
                SeedStats init = row.errors().get("0");
                out.printf(
                        Locale.ROOT,
                        "  %-20s err(tau=0) %-18s d %6.3f  %-12s %d/%d seeds agree%n",
                        row.unit(),
                        meanCi(init, "%.4f"),
                        row.damage(),
                        row.verdict(),
                        Math.round(row.agree() * init.n()),
                        init.n());
            }
        }
        for (SweepSummary.Missing m : s.missing()) {
            out.println("not finished: " + m.run() + " (" + m.state()
                    + (m.reason().isEmpty() ? "" : ": " + m.reason()) + ")");
        }
    }

    private static String meanCi(SeedStats s, String format) {
        if (s.n() == 0) {
            return "n/a";
        }
        String mean = String.format(Locale.ROOT, format, s.mean());
        return Double.isFinite(s.halfWidth()) ? mean + " ± " + String.format(Locale.ROOT, format, s.halfWidth()) : mean;
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Where each run of a sweep stands: done, running, partial, failed or pending.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<sweep>", description = "A sweep folder.")
        private Path dir;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Spec
        private CommandSpec command;

        @Override
        public Integer call() throws Exception {
            try (SweepFolder folder = SweepFolder.open(dir, false)) {
                SweepPlan plan = folder.plan();
                List<SweepStatus.RunStatus> all = SweepStatus.of(folder, plan);
                PrintWriter out = command.commandLine().getOut();
                if (json) {
                    out.println(StatusJson.of(plan, all));
                } else {
                    out.println("sweep " + plan.name() + ": " + SweepStatus.line(SweepStatus.counts(all)));
                    for (SweepStatus.RunStatus s : all) {
                        out.printf(
                                Locale.ROOT,
                                "%-40s %-8s %s%s%n",
                                s.run().name(),
                                s.state().id(),
                                s.epoch() < 0
                                        ? ""
                                        : "epoch " + s.epoch() + "/" + s.run().epochs(),
                                detail(s));
                        if (s.failure() != null) {
                            s.failure().tail().forEach(l -> out.println("    | " + l));
                        }
                    }
                }
                out.flush();
            }
            return ExitCodes.OK;
        }

        private static String detail(SweepStatus.RunStatus s) {
            if (s.failure() != null) {
                return "  " + s.failure().reason() + " (" + s.failure().attempt() + " on "
                        + s.failure().host() + ")";
            }
            if (s.holder() != null) {
                return "  " + s.holder().attempt() + " on " + s.holder().host() + " (pid "
                        + s.holder().pid() + ")";
            }
            return "";
        }
    }

    @Command(
            name = "summarize",
            mixinStandardHelpOptions = true,
            description = "Write a sweep's summary.csv, summary.json, figures and report.html from its finished runs.")
    static final class Summarize implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<sweep>", description = "A sweep folder.")
        private Path dir;

        @Spec
        private CommandSpec command;

        @Override
        public Integer call() {
            try (SweepFolder folder = SweepFolder.open(dir, true)) {
                summarize(folder, command.commandLine().getOut());
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "emit",
            mixinStandardHelpOptions = true,
            description = "Write a Slurm array job that runs a sweep's unfinished studies (then: sweep summarize).")
    static final class Emit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<sweep>", description = "A sweep folder (made by 'layerlab sweep').")
        private Path dir;

        @Option(names = "--slurm", required = true, description = "A Slurm array job (sbatch).")
        private boolean slurm;

        @Option(
                names = "--threads-per-run",
                paramLabel = "T",
                defaultValue = "1",
                description = "Intra-op threads (and Slurm CPUs) per study (default ${DEFAULT-VALUE}).")
        private int threads;

        @Spec
        private CommandSpec command;

        @Override
        public Integer call() {
            new SweepDriver.Options(null, threads, 0); // the same limits as for a Spark sweep
            try (SweepFolder folder = SweepFolder.open(dir, true)) {
                Path script = SlurmScript.write(folder, threads, SweepDriver.childClasspath());
                PrintWriter out = command.commandLine().getOut();
                out.println("wrote " + script);
                out.println("submit it with: sbatch " + script);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
