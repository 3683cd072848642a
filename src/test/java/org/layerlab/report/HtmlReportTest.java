package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.Verdict;

class HtmlReportTest {
    @TempDir
    static Path run;

    static String html;

    @BeforeAll
    static void writeReport() throws IOException {
        Report.write(run, SampleRun.inputs());
        html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
    }

    @Test
    void namesEveryRowAndEveryVerdict() {
        for (String row : SampleRun.ROWS) {
            assertTrue(html.contains(">" + row + "<"), row);
        }
        for (Verdict.Category c :
                List.of(Verdict.Category.CRITICAL, Verdict.Category.INTERMEDIATE, Verdict.Category.ROBUST)) {
            assertTrue(html.contains("<span class=\"badge " + c.id() + "\">" + c.id() + "</span>"), c.id());
        }
        assertTrue(html.contains("<h1>sample-run</h1>"));
    }

    @Test
    void headlineAnswersInWords() {
        assertTrue(html.contains("Of the 4 units judged, 1 is critical, 1 is intermediate and 2 are robust."), html);
        // d = (err − 0.062) / (0.9 − 0.062), e.g. (0.874 − 0.062) / 0.838 = 0.969.
        assertTrue(html.contains("<span class=\"names\">layer1 (0.874, d &#61; 0.969)</span>"), html);
        assertTrue(html.contains("<span class=\"names\">layer2 (0.305, d &#61; 0.290)</span>"));
        assertTrue(html.contains(
                "<span class=\"names\">layer3 (0.066, d &#61; 0.005), layer4 (0.069, d &#61; 0.008)</span>"));
        assertTrue(html.contains("Resetting the whole model (fullmodel) to its initial value is critical"));
        assertTrue(html.contains("Resetting the group layer2+layer3 to its initial value is intermediate"));
    }

    @Test
    void spellsOutTheRuleWithItsNumbers() {
        // The parameters as configured, and the thresholds they give here: 0.062 + 0.05 × 0.838 = 0.104,
        // 0.062 + 0.4 × 0.838 = 0.397.
        assertTrue(html.contains("robust_damage = <code>0.05</code>"), html);
        assertTrue(html.contains("critical_damage =\n    <code>0.4</code>"));
        assertTrue(html.contains("chance_margin = <code>0.1</code>"));
        assertTrue(html.contains("d ≤ robust_damage = 0.05, that is error(τ=0) ≤ <b>0.104</b>"));
        assertTrue(html.contains("d ≥ critical_damage = 0.4, that is error(τ=0) ≥ <b>0.397</b>"));
        assertFalse(html.contains("No verdicts for this run"));
    }

    @Test
    void verdictTableShowsTheNumbersBesideEachVerdict() {
        String layer1 = rowOf("layer1", html.indexOf("class=\"data verdicts\""));
        for (String n : List.of("critical", "0.874", "0.969", "0.062", "0.900", "0.104", "0.397", "0.901")) {
            assertTrue(layer1.contains(n), n + " in " + layer1);
        }
    }

    @Test
    void fullTablesCarryEveryNumber() {
        assertTrue(html.contains("title=\"mean of 3 draws: 0.897, 0.902, 0.904\">0.901</td>"));
        for (String n : List.of("0.412", "0.207", "0.121", "0.621", "0.384", "0.243", "200,960", "335,114")) {
            assertTrue(html.contains(">" + n + "<"), n);
        }
        // Distance table: layer1 at checkpoint 0 (l2 = 0.962 · 17.3, l2Rel, RMS, linf).
        assertTrue(
                html.contains("<td class=\"num\">16.64</td><td class=\"num\">0.962</td>"
                        + "<td class=\"num\">0.0394</td><td class=\"num\">0.798</td>"),
                html);
        assertEquals(6, count(html, "<th scope=\"rowgroup\" rowspan=\"6\">"));
        // Train log: 11 epochs, lr drop at epoch 6.
        assertTrue(html.contains("<td class=\"num\">6</td><td class=\"num\">0.01</td>"));
    }

    @Test
    void userTextIsEscapedByTheTemplateEngine() {
        assertFalse(html.toLowerCase().contains("<script"), "no script element, not even from the spec");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; friends"));
        assertTrue(html.contains("&lt;b&gt;build-host&lt;/b&gt;"), "provenance values are escaped");
        assertTrue(html.contains("the unit&#39;s weights &amp; biases"), "BatchNorm policy sentence");
    }

    @Test
    void provenanceIsFlattenedToKeys() {
        for (String key : List.of("layerlab", "git.commit", "git.dirty", "seeds", "dataset.sha256")) {
            assertTrue(html.contains("<th scope=\"row\">" + key + "</th>"), key);
        }
        assertTrue(html.contains("<code>42, 43, 44</code>"));
    }

    @Test
    void referencesNothingOutsideThePage() {
        assertFalse(html.contains("http://"), "no http:// anywhere");
        assertFalse(html.contains("https://"), "no https:// anywhere");
        assertFalse(html.contains("<link"));
        assertFalse(html.contains("url("), "no CSS url()");
        assertFalse(html.contains("@import"));
        Matcher m = Pattern.compile("(src|href)=\"([^\"]*)\"").matcher(html);
        int refs = 0;
        while (m.find()) {
            refs++;
            String target = m.group(2);
            assertTrue(target.startsWith("#") || target.startsWith("data:image/png;base64,"), target);
        }
        assertTrue(refs >= 4);
    }

    @Test
    void embedsExactlyTheBytesOfTheFigureFiles() throws IOException {
        List<byte[]> embedded = new ArrayList<>();
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
        while (m.find()) {
            // The template engine escapes '=' padding as an entity; a browser decodes it back.
            embedded.add(Base64.getDecoder().decode(m.group(1).replace("&#61;", "=")));
        }
        List<String> files = List.of("robustness.png", "distance-l2.png", "distance-linf.png", "training.png");
        assertEquals(files.size(), embedded.size());
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(
                    Files.readAllBytes(run.resolve("figures").resolve(files.get(i))), embedded.get(i), files.get(i));
        }
    }

    @Test
    void withoutTrainLogOrProvenanceSaysSo(@TempDir Path other) throws IOException {
        ReportInputs in = new ReportInputs("bare", null, Map.of(), List.of(), SampleRun.analysis());
        Report.Written w = Report.write(other, in);
        String page = Files.readString(w.html());
        assertTrue(page.contains("No train log was recorded for this run."));
        assertTrue(page.contains("No provenance was recorded."));
        assertEquals(3, w.figures().size());
        assertFalse(Files.exists(other.resolve("figures/training.png")));
    }

    @Test
    void rewritingLeavesNoTemporaryFiles(@TempDir Path other) throws IOException {
        Report.write(other, SampleRun.inputs());
        Report.write(other, SampleRun.inputs());
        try (var all = Files.walk(other)) {
            List<String> names = all.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".part")), names.toString());
        }
    }

    @Test
    void aRunNotClearlyBetterThanChanceGetsNoVerdictsAndSaysWhy() {
        AnalysisResult a = SampleRun.analysis();
        RobustnessTable t = a.robustness();
        RobustnessTable nearChance =
                new RobustnessTable(0.87, t.chanceValue(), t.rows(), t.columns(), t.values(), t.rerandomizeDraws());
        List<Verdict> verdicts = a.rule().judgeAll(nearChance);
        assertTrue(verdicts.stream().allMatch(v -> v.category() == Verdict.Category.NONE), verdicts.toString());
        String reason = a.rule().withheld(0.87, 0.9).orElseThrow();
        AnalysisResult b = new AnalysisResult(
                a.testSize(),
                a.rule(),
                a.rows(),
                nearChance,
                a.distances(),
                verdicts,
                reason,
                a.batchNormPolicy(),
                a.blockInfluence(),
                a.notes(),
                a.seconds());
        String page = HtmlReport.render(new ReportInputs("r", "", Map.of(), List.of(), b));
        assertTrue(
                page.contains("No verdicts: the trained network (0.8700) is not clearly better than chance (0.9000)"),
                page);
        assertTrue(page.contains("<b>No verdicts for this run:</b>"));
        assertFalse(page.contains("<span class=\"badge critical\">critical</span> <span class=\"names\">"));
        assertFalse(page.contains("<td><span class=\"badge robust\">robust</span>"), "no robust verdict row");
        assertEquals(SampleRun.ROWS.size(), count(page, "<td><span class=\"badge none\">none</span>"));
    }

    @Test
    void anEmptyCategorySaysNone() {
        AnalysisResult a = SampleRun.analysis();
        List<Verdict> noIntermediate = a.verdicts().stream()
                .filter(v -> v.category() != Verdict.Category.INTERMEDIATE)
                .toList();
        String page =
                HtmlReport.render(new ReportInputs("r", "", Map.of(), List.of(), withVerdicts(a, noIntermediate)));
        assertTrue(page.contains("1 is critical, 0 are intermediate and 2 are robust."), page);
        assertTrue(page.contains("<span class=\"names\">none</span>\n      </li>"), "no explanation for none");

        String none = HtmlReport.render(new ReportInputs("r", "", Map.of(), List.of(), withVerdicts(a, List.of())));
        assertTrue(none.contains("No row was re-initialized to checkpoint 0, so there is no verdict."));
        assertFalse(none.contains("class=\"data verdicts\""));
    }

    private static AnalysisResult withVerdicts(AnalysisResult a, List<Verdict> verdicts) {
        return new AnalysisResult(
                a.testSize(),
                a.rule(),
                a.rows(),
                a.robustness(),
                a.distances(),
                verdicts,
                a.verdictsWithheld(),
                a.batchNormPolicy(),
                a.blockInfluence(),
                a.notes(),
                a.seconds());
    }

    private static String rowOf(String name, int from) {
        int start = html.indexOf("<th scope=\"row\">" + name + "</th>", from);
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
