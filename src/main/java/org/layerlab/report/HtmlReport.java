package org.layerlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.distance.Distance;
import org.layerlab.distance.DistanceTable;
import org.layerlab.perturb.Perturbation;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;
import org.layerlab.robustness.VerdictRule;
import org.layerlab.train.EpochRecord;

/**
 * The run's {@code report.html}: one self-contained page (figures as data URIs, CSS inline, nothing
 * fetched) that answers "which layers are critical" first and then shows every number it rests on.
 * The page is a mustache template; this class only turns the records into display strings, and the
 * template engine does all HTML escaping.
 */
public final class HtmlReport {
    private static final String TEMPLATE_DIR = "org/layerlab/report";
    private static final Mustache TEMPLATE = new DefaultMustacheFactory(TEMPLATE_DIR).compile("report.mustache");
    // No module discovery: provenance is plain maps and lists, and discovery would load whatever Jackson modules
    // the classpath has (Spark's Scala module on a sweep's, which the study path must never load).
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NumberStyle ERR = NumberStyle.FIXED3;
    private static final NumberStyle DAMAGE = NumberStyle.FIXED3;

    private HtmlReport() {}

    /** Renders the page, drawing the figures itself; {@link Report#write} also saves them as files. */
    public static String render(ReportInputs in) {
        return render(in, Report.figures(in));
    }

    static String render(ReportInputs in, List<Figure> figures) {
        StringWriter out = new StringWriter();
        TEMPLATE.execute(out, page(in, figures));
        return out.toString();
    }

    // ---- what the template sees: plain records of display strings --------------------------------

    /**
     * @param metric the cell's word, {@code error} or {@code loss}
     * @param metricLabel for sentences: {@code test error}, {@code test loss (nats/token)}
     * @param unit what the train log counts: {@code epoch} or {@code step}
     */
    record Page(
            String metric,
            String metricLabel,
            String unit,
            String runName,
            String testSize,
            String finalValue,
            String chanceValue,
            String analysisTime,
            Answer answer,
            Rule rule,
            String batchNormPolicy,
            List<FigureView> figures,
            Grid robustness,
            List<DistanceRow> distances,
            List<EpochRow> trainLog,
            String spec,
            List<KeyValue> provenance,
            List<String> notes,
            List<InfluenceRow> influence) {
        // Mustache sections treat any non-null object as true, so emptiness is asked for explicitly.
        public boolean hasTrainLog() {
            return !trainLog.isEmpty();
        }

        public boolean hasNotes() {
            return !notes.isEmpty();
        }

        public boolean hasInfluence() {
            return !influence.isEmpty();
        }

        public boolean hasProvenance() {
            return !provenance.isEmpty();
        }
    }

    record Answer(String lead, List<Headline> headline, List<String> others, List<VerdictRow> verdicts) {
        public boolean hasHeadline() {
            return !headline.isEmpty();
        }

        public boolean hasVerdicts() {
            return !verdicts.isEmpty();
        }
    }

    /** @param category the verdict's id, used both as its label and as its CSS class */
    record Headline(String category, String names, String why) {}

    record VerdictRow(
            String name,
            String kind,
            String category,
            String valueAtInit,
            String damage,
            String finalValue,
            String chanceValue,
            String robustBelow,
            String criticalAbove,
            String rerandomize,
            String rerandomizeDamage) {}

    /** @param withheld why there are no verdicts, or null */
    record Rule(
            String robustDamage,
            String criticalDamage,
            String chanceMargin,
            String finalValue,
            String chanceValue,
            String robustBelow,
            String criticalAbove,
            String withheld) {}

    record FigureView(String fileName, String title, String caption, String dataUri, int width, int height) {}

    record Grid(List<String> columns, List<GridRow> rows) {}

    record GridRow(String name, String kind, String parameters, List<Cell> cells) {}

    record Cell(String text, String title) {}

    /** One (row, column) line; the row name is printed once per row, spanning its columns' lines. */
    record DistanceRow(
            boolean first, int span, String row, String column, String l2, String l2Rel, String l2Rms, String linf) {}

    record EpochRow(
            String epoch,
            String lr,
            String trainLoss,
            String trainError,
            String testLoss,
            String testError,
            String seconds) {}

    record KeyValue(String key, String value) {}

    /** A removable unit: its metric with the identity in its place, its Block Influence, its re-randomization. */
    record InfluenceRow(String unit, String removed, String blockInfluence, String rerandomize) {}

    // ---- building the view --------------------------------------------------------------------------

    static Page page(ReportInputs in, List<Figure> figures) {
        AnalysisResult a = in.analysis();
        RobustnessTable t = a.robustness();
        List<FigureView> views = figures.stream()
                .map(f -> new FigureView(
                        Report.FIGURES_DIR + "/" + f.fileName(),
                        f.title(),
                        f.caption(),
                        "data:image/png;base64," + Base64.getEncoder().encodeToString(f.png()),
                        f.width(),
                        f.height()))
                .toList();
        return new Page(
                t.metric().id(),
                t.metric().label(),
                in.trainUnit(),
                in.runName(),
                String.format(Locale.ROOT, "%,d", a.testSize()),
                ERR.format(t.finalValue()),
                ERR.format(t.chanceValue()),
                duration(a.seconds()),
                answer(a),
                rule(a.rule(), t, a.verdictsWithheld()),
                a.batchNormPolicy(),
                views,
                grid(a),
                distances(a.distances()),
                trainLog(in.trainLog()),
                in.specYaml(),
                provenance(in.provenance()),
                notes(a),
                influence(a));
    }

    static Answer answer(AnalysisResult a) {
        Map<String, String> kinds = Figures.kinds(a);
        Map<Verdict.Category, List<String>> units = new java.util.EnumMap<>(Verdict.Category.class);
        for (Verdict.Category c : Verdict.Category.values()) {
            units.put(c, new ArrayList<>());
        }
        List<String> others = new ArrayList<>();
        List<VerdictRow> rows = new ArrayList<>();
        for (Verdict v : a.verdicts()) {
            String kind = Figures.kindOf(kinds, v.unit());
            if (kind.equals("unit")) {
                units.get(v.category())
                        .add(v.unit() + " (" + ERR.format(v.valueAtInit()) + ", d = " + DAMAGE.format(v.damage())
                                + ")");
            } else {
                String what = kind.equals("fullmodel")
                        ? "the whole model (" + v.unit() + ")"
                        : "the " + kind + " " + v.unit();
                others.add("Resetting " + what + " to its initial value"
                        + (v.category() == Verdict.Category.NONE
                                ? " (no verdict)"
                                : " is " + v.category().id())
                        + ": test error " + ERR.format(v.valueAtInit()) + ", d = " + DAMAGE.format(v.damage())
                        + ".");
            }
            rows.add(new VerdictRow(
                    v.unit(),
                    kind,
                    v.category().id(),
                    ERR.format(v.valueAtInit()),
                    DAMAGE.format(v.damage()),
                    ERR.format(v.finalValue()),
                    ERR.format(v.chanceValue()),
                    ERR.format(v.robustBelow()),
                    ERR.format(v.criticalAbove()),
                    ERR.format(v.rerandomizeValue()),
                    DAMAGE.format(v.rerandomizeDamage())));
        }
        int total = units.values().stream().mapToInt(List::size).sum();
        String lead;
        List<Headline> headline = new ArrayList<>();
        if (a.verdictsWithheld() != null) {
            lead = "No verdicts: " + a.verdictsWithheld()
                    + ". Every row would look robust next to a network that has nothing to lose; train it until it"
                    + " clearly beats chance.";
        } else if (a.verdicts().isEmpty()) {
            lead = "No row was re-initialized to checkpoint 0, so there is no verdict.";
        } else {
            lead = "Of the " + total + " unit" + (total == 1 ? "" : "s") + " judged, "
                    + count(units.get(Verdict.Category.CRITICAL).size(), "critical") + ", "
                    + count(units.get(Verdict.Category.INTERMEDIATE).size(), "intermediate") + " and "
                    + count(units.get(Verdict.Category.ROBUST).size(), "robust") + ".";
            Verdict any = a.verdicts().get(0);
            String crit = ERR.format(any.criticalAbove());
            String rob = ERR.format(any.robustBelow());
            String chance = ERR.format(any.chanceValue());
            headline.add(headline(
                    Verdict.Category.CRITICAL,
                    units,
                    "re-initializing %s to its initial value sends test error" + " to " + crit + " or more (chance is "
                            + chance + ")"));
            headline.add(headline(
                    Verdict.Category.INTERMEDIATE,
                    units,
                    "after re-initializing %s, test error lands between " + rob + " and " + crit));
            headline.add(headline(
                    Verdict.Category.ROBUST,
                    units,
                    "re-initializing %s keeps test error at " + rob + " or below (trained network: "
                            + ERR.format(any.finalValue()) + ")"));
        }
        return new Answer(lead, headline, others, rows);
    }

    /**
     * @param units per category, "name (error at τ=0)" of each unit in it
     * @param why a sentence with one %s for "it" or "any one of them"
     */
    private static Headline headline(Verdict.Category c, Map<Verdict.Category, List<String>> units, String why) {
        List<String> names = units.get(c);
        String subject = names.size() == 1 ? "it" : "any one of them";
        return new Headline(
                c.id(),
                names.isEmpty() ? "none" : String.join(", ", names),
                names.isEmpty() ? "" : String.format(Locale.ROOT, why, subject));
    }

    private static String count(int n, String category) {
        return n + (n == 1 ? " is " : " are ") + category;
    }

    static Rule rule(VerdictRule r, RobustnessTable t, String withheld) {
        double f = t.finalValue();
        double c = t.chanceValue();
        NumberStyle p = NumberStyle.SIGNIFICANT4;
        return new Rule(
                p.format(r.robustDamage()),
                p.format(r.criticalDamage()),
                p.format(r.chanceMargin()),
                ERR.format(f),
                ERR.format(c),
                ERR.format(r.robustBelow(f, c)),
                ERR.format(r.criticalAbove(f, c)),
                withheld);
    }

    /** The analysis's notes, and which rows' re-randomization is their τ = 0 reset by construction. */
    static List<String> notes(AnalysisResult a) {
        List<String> out = new ArrayList<>(a.notes());
        List<String> fixed =
                a.rows().stream().filter(r -> r.fixedInit()).map(r -> r.name()).toList();
        if (!fixed.isEmpty() && a.robustness().columns().contains(Perturbation.Rerandomize.LABEL)) {
            out.add("Re-randomizing " + String.join(", ", fixed) + " equals resetting "
                    + (fixed.size() == 1 ? "it" : "them") + " to τ = 0 by construction: "
                    + (fixed.size() == 1 ? "its initializer is" : "their initializers are")
                    + " constant (LayerNorm scale 1 and shift 0, a zero head or class token), so the two columns are"
                    + " one finding, not two.");
        }
        return out;
    }

    static List<InfluenceRow> influence(AnalysisResult a) {
        RobustnessTable t = a.robustness();
        List<InfluenceRow> out = new ArrayList<>();
        a.blockInfluence()
                .forEach((unit, bi) -> out.add(new InfluenceRow(
                        unit,
                        t.has(unit, Perturbation.Remove.LABEL)
                                ? ERR.format(t.value(unit, Perturbation.Remove.LABEL))
                                : "–",
                        NumberStyle.FIXED3.format(bi),
                        t.has(unit, Perturbation.Rerandomize.LABEL)
                                ? ERR.format(t.value(unit, Perturbation.Rerandomize.LABEL))
                                : "–")));
        return out;
    }

    static Grid grid(AnalysisResult a) {
        RobustnessTable t = a.robustness();
        Map<String, String> kinds = Figures.kinds(a);
        Map<String, Long> params = new HashMap<>();
        a.rows().forEach(r -> params.put(r.name(), r.parameters()));
        List<GridRow> rows = new ArrayList<>();
        for (String row : t.rows()) {
            List<Cell> cells = new ArrayList<>();
            for (String col : t.columns()) {
                String text = t.has(row, col) ? ERR.format(t.value(row, col)) : "–";
                String title = row + " @ " + col
                        + (t.has(row, col)
                                ? ", d = "
                                        + DAMAGE.format(
                                                VerdictRule.damage(t.value(row, col), t.finalValue(), t.chanceValue()))
                                : "");
                List<Double> draws = t.rerandomizeDraws().get(row);
                if (col.equals(Perturbation.Rerandomize.LABEL) && draws != null && !draws.isEmpty()) {
                    title = "mean of " + draws.size() + " draws: "
                            + String.join(", ", draws.stream().map(ERR::format).toList());
                }
                cells.add(new Cell(text, title));
            }
            Long n = params.get(row);
            rows.add(new GridRow(
                    row, Figures.kindOf(kinds, row), n == null ? "" : String.format(Locale.ROOT, "%,d", n), cells));
        }
        return new Grid(Figures.columnLabels(t.columns()), rows);
    }

    static List<DistanceRow> distances(DistanceTable t) {
        NumberStyle s = NumberStyle.COMPACT;
        List<DistanceRow> out = new ArrayList<>();
        for (String row : t.rows()) {
            Map<String, Distance> entries = t.entries().getOrDefault(row, Map.of());
            List<String> cols =
                    t.columns().stream().filter(entries::containsKey).toList();
            for (String col : cols) {
                Distance d = entries.get(col);
                out.add(new DistanceRow(
                        col.equals(cols.get(0)),
                        cols.size(),
                        row,
                        Figures.columnLabels(List.of(col)).get(0),
                        s.format(d.l2()),
                        s.format(d.l2Rel()),
                        s.format(d.l2Rms()),
                        s.format(d.linf())));
            }
        }
        return out;
    }

    static List<EpochRow> trainLog(List<EpochRecord> log) {
        return log.stream()
                .map(e -> new EpochRow(
                        Integer.toString(e.epoch()),
                        NumberStyle.SIGNIFICANT4.format(e.lr()),
                        ERR.format(e.trainLoss()),
                        ERR.format(e.trainError()),
                        ERR.format(e.testLoss()),
                        ERR.format(e.testError()),
                        String.format(Locale.ROOT, "%.1f", e.seconds())))
                .toList();
    }

    /** Nested provenance flattened to dotted keys, so it reads as one key/value table. */
    static List<KeyValue> provenance(Map<String, Object> provenance) {
        List<KeyValue> out = new ArrayList<>();
        flatten("", JSON.valueToTree(provenance), out);
        return out;
    }

    private static void flatten(String key, JsonNode node, List<KeyValue> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(key.isEmpty() ? e.getKey() : key + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && !allScalars(node)) {
            for (int i = 0; i < node.size(); i++) {
                flatten(key + "[" + i + "]", node.get(i), out);
            }
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.asText()));
            out.add(new KeyValue(key, String.join(", ", parts)));
        } else {
            out.add(new KeyValue(key, node.isNull() ? "null" : node.asText()));
        }
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode n : array) {
            if (n.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return NumberStyle.NOT_MEASURED;
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 7200
                ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
