package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.robustness.Verdict;
import org.layerlab.robustness.VerdictRule;

/** The answer on stdout: the rule, each row's verdict with the numbers behind it, then where the report is. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, Path report, AnalysisResult a) {
        print(out, Glyphs.of(out), report, a);
    }

    static void print(PrintWriter out, Glyphs g, Path report, AnalysisResult a) {
        var t = a.robustness();
        VerdictRule r = a.rule();
        // err(τ=0) for a classifier, loss(τ=0) for a language model.
        String atInit = g.valueAtInit().replace("err", t.metric() == org.layerlab.metric.Metric.ERROR ? "err" : "loss");
        out.printf(
                Locale.ROOT,
                "final %s %.4f, chance %.4f, %d test examples%n",
                t.metric().label(),
                t.finalValue(),
                t.chanceValue(),
                a.testSize());
        if (a.verdictsWithheld() != null) {
            out.println("no verdicts: " + a.verdictsWithheld());
        } else {
            out.printf(
                    Locale.ROOT,
                    "rule: d = (%s - final) / (chance - final); robust if d %s %s, critical if d %s %s%n",
                    atInit,
                    g.atMost(),
                    r.robustDamage(),
                    g.atLeast(),
                    r.criticalDamage());
        }
        out.printf(Locale.ROOT, "%-20s %-12s %10s %8s %10s %8s%n", "unit", "verdict", atInit, "d", "rerandom", "d");
        for (Verdict v : a.verdicts()) {
            out.printf(
                    Locale.ROOT,
                    "%-20s %-12s %10.4f %8.3f %10s %8s%n",
                    v.unit(),
                    v.category().id(),
                    v.valueAtInit(),
                    v.damage(),
                    Double.isNaN(v.rerandomizeValue()) ? "-" : String.format(Locale.ROOT, "%.4f", v.rerandomizeValue()),
                    Double.isNaN(v.rerandomizeDamage())
                            ? "-"
                            : String.format(Locale.ROOT, "%.3f", v.rerandomizeDamage()));
        }
        out.println("report: " + report.toAbsolutePath());
        out.flush();
    }
}
