package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's report in a real headless Chromium: the comparison figures and each point's mean heatmap decode and
 * take up space, the links to the runs' own reports are relative, nothing is fetched, no script runs, the console
 * stays clean, and text from the runs (a failure's message) shows as text. Leaves a screenshot in
 * target/sweep-report-screenshot.png.
 */
class SweepReportInBrowserTest {

    private static final String INSPECT = """
            (async () => {
              const imgs = [...document.images];
              await Promise.all(imgs.map(i => i.decode().catch(() => null)));
              return {
                title: document.title,
                images: imgs.map(i => {
                  const r = i.getBoundingClientRect();
                  return {alt: i.alt, naturalWidth: i.naturalWidth, width: r.width, height: r.height,
                          dataUri: i.currentSrc.startsWith('data:image/png;base64,')};
                }),
                links: [...document.querySelectorAll('ul.runs a')].map(a => a.getAttribute('href')),
                scripts: document.scripts.length,
                resources: performance.getEntriesByType('resource').map(e => e.name),
                overflowX: document.documentElement.scrollWidth - window.innerWidth,
                missing: document.querySelector('#missing td:last-child').textContent,
                sections: [...document.querySelectorAll('section h2')].map(h => h.textContent)
              };
            })()
            """;

    static SweepReportInputs inputs() {
        List<String> rows = List.of("layer1", "layer2", "layer3", "fullmodel");
        List<String> cols = List.of("ReRnd", "0", "1", "10");
        List<SweepReportInputs.Point> points = new ArrayList<>();
        List<TrainingOverlay.Curve> curves = new ArrayList<>();
        for (int w : new int[] {64, 256}) {
            double[][] v = new double[rows.size()][cols.size()];
            double[][] h = new double[rows.size()][cols.size()];
            for (int r = 0; r < v.length; r++) {
                for (int c = 0; c < v[r].length; c++) {
                    v[r][c] = r == 0 && c < 2 ? 0.6 - w / 1000.0 : 0.02 + 0.01 * c;
                    h[r][c] = c == 3 ? Double.NaN : 0.004 * (r + 1);
                }
            }
            String name = "depth=2,width=" + w;
            HeatmapData map = new HeatmapData(
                    name + ": mean test error over 3 seeds",
                    "final error 0.02 ± 0.001",
                    rows,
                    cols,
                    "checkpoint",
                    v,
                    "mean test error",
                    0,
                    0.9,
                    Colormap.VIRIDIS,
                    NumberStyle.FIXED3,
                    List.of(3),
                    List.of(1));
            points.add(new SweepReportInputs.Point(
                    name,
                    map,
                    h,
                    "3 of 3 seeds finished; units critical: 1.0 ± 0.0 of 3",
                    List.of(
                            new SweepReportInputs.VerdictLine("layer1", "0.536 ± 0.004", "0.580", "critical", "3 of 3"),
                            new SweepReportInputs.VerdictLine("layer2", "0.030 ± 0.008", "0.011", "robust", "3 of 3")),
                    List.of(new SweepReportInputs.RunLink(
                            "seed-1", "runs/depth=2,width=" + w + "/seed-1/report.html"))));
            curves.add(new TrainingOverlay.Curve(name, new int[] {0, 1, 2, 10}, new double[] {0.9, 0.08, 0.05, 0.02}));
        }
        CapacityChart.Data capacity = new CapacityChart.Data(
                "model.width",
                "",
                List.of(new CapacityChart.Series(
                        "all points",
                        List.of(
                                new CapacityChart.XPoint("64", 1.0, 0.0, 0.33, 0.0),
                                new CapacityChart.XPoint("256", 0.67, 1.43, 0.22, 0.48)))));
        return new SweepReportInputs(
                "capacity-test",
                "sweep preset capacity-test",
                List.of("model.width"),
                "6 of 7 runs done",
                List.of(capacity),
                curves,
                0.9,
                points,
                List.of(new SweepReportInputs.Missing(
                        "depth=2,width=1024/seed-1", "failed", "exit 2 (bad input): <script>alert('x')</script>")));
    }

    @Test
    @Timeout(120)
    void sweepReportRendersCleanlyInChromium(@TempDir Path dir) throws Exception {
        ReportPage.assumeChromium();
        Path html = SweepReport.write(dir, inputs()).html();
        assertTrue(Files.isRegularFile(dir.resolve("figures/critical-vs-model.width.png")));
        assertTrue(Files.isRegularFile(dir.resolve("figures/point-002.png")));
        Path alone = Files.createDirectories(dir.resolve("alone")).resolve("report.html");
        Files.copy(html, alone);

        try (ReportPage browser = ReportPage.open(alone, INSPECT)) {
            JsonNode info = browser.info();

            assertEquals("layerlab sweep: capacity-test", info.path("title").asText());
            JsonNode images = info.path("images");
            assertEquals(4, images.size(), "capacity chart, training overlay, two mean heatmaps: " + images);
            for (JsonNode img : images) {
                assertTrue(img.path("dataUri").asBoolean(), "not embedded: " + img);
                assertTrue(img.path("naturalWidth").asInt() > 0, "did not decode: " + img);
                assertTrue(
                        img.path("width").asDouble() > 100 && img.path("height").asDouble() > 100,
                        "not laid out: " + img);
            }
            assertEquals(
                    "Critical units against model.width",
                    images.get(0).path("alt").asText());
            assertEquals(
                    List.of("runs/depth=2,width=64/seed-1/report.html", "runs/depth=2,width=256/seed-1/report.html"),
                    List.of(
                            info.path("links").get(0).asText(),
                            info.path("links").get(1).asText()));
            assertEquals(0, info.path("scripts").asInt(), "the report runs no script");
            assertEquals(0, info.path("resources").size(), "fetched: " + info.path("resources"));
            assertTrue(info.path("overflowX").asInt() <= 0, "scrolls sideways at 1280 px: " + info);
            assertTrue(info.path("missing").asText().contains("<script>alert('x')</script>"), "shown as text");
            assertEquals(
                    "[\"Comparison across points\",\"Points\",\"Missing runs\"]",
                    info.path("sections").toString());

            assertEquals(List.of(), browser.externalRequests(), "the report must work offline");
            assertEquals(List.of(), browser.consoleProblems(), "console must be clean");
            assertTrue(
                    browser.screenshot(Path.of("target", "sweep-report-screenshot.png")) > 10_000,
                    "screenshot looks empty");
        }
    }
}
