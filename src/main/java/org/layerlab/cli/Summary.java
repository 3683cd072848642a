package org.layerlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.robustness.Verdict;
import org.layerlab.run.RunDirectory;

/** The answer on stdout: each row's verdict with the numbers behind it, then where the files are. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, RunDirectory run, AnalysisResult a) {
        print(out, Glyphs.of(out), run, a);
    }

    static void print(PrintWriter out, Glyphs glyphs, RunDirectory run, AnalysisResult a) {
        var t = a.robustness();
        out.printf(
                Locale.ROOT,
                "final test error %.4f, chance %.4f, %d test examples%n",
                t.finalError(),
                t.chanceError(),
                a.testSize());
        out.printf(
                Locale.ROOT,
                "%-20s %-12s %10s %10s %10s %10s%n",
                "unit",
                "verdict",
                glyphs.errorAtInit(),
                glyphs.robustBelow(),
                glyphs.criticalAbove(),
                "rerandom");
        for (Verdict v : a.verdicts()) {
            out.printf(
                    Locale.ROOT,
                    "%-20s %-12s %10.4f %10.4f %10.4f %10s%n",
                    v.unit(),
                    v.category().id(),
                    v.errorAtInit(),
                    v.robustBelow(),
                    v.criticalAbove(),
                    Double.isNaN(v.rerandomizeError())
                            ? "-"
                            : String.format(Locale.ROOT, "%.4f", v.rerandomizeError()));
        }
        out.println("report: " + run.report().toAbsolutePath());
        out.flush();
    }
}
