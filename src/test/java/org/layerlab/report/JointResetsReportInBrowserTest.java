package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.cli.Main;
import org.layerlab.testing.MnistFolder;

/**
 * The report of a real run with every addition of the joint-reset study (cumulative rows both ways, the
 * robust group, the removal column and Block Influence), opened in headless Chromium: the cumulative
 * figure decodes and is laid out, the removal table lists the removable units with their numbers, the
 * grid has the cumulative and robust rows, nothing is fetched and the console stays clean.
 */
class JointResetsReportInBrowserTest {

    private static final String INSPECT = """
            (async () => {
              const imgs = [...document.images];
              await Promise.all(imgs.map(i => i.decode().catch(() => null)));
              const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent.trim());
              return {
                images: imgs.map(i => {
                  const r = i.getBoundingClientRect();
                  return {alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth,
                          naturalHeight: i.naturalHeight, width: r.width, height: r.height};
                }),
                sections: texts('section h2'),
                removal: [...document.querySelectorAll('#removal tbody tr')]
                    .map(tr => [...tr.children].map(c => c.textContent.trim())),
                gridRows: texts('#robustness tbody th'),
                notes: texts('ul.notes li'),
                navRemoval: document.querySelector('nav a[href="#removal"]') !== null,
                resources: performance.getEntriesByType('resource').map(e => e.name),
                overflowX: document.documentElement.scrollWidth - window.innerWidth
              };
            })()
            """;

    @Test
    @Timeout(180)
    void aRunWithCumulativeRowsTheRobustGroupAndRemovalRendersCleanly(@TempDir Path tmp) throws Exception {
        ReportPage.assumeChromium();
        Path data = MnistFolder.learnable(tmp.resolve("mnist"), 300, 100);
        Path run = tmp.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                run.toString(),
                "--data",
                data.toString(),
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=20",
                "--set",
                "train.lr=0.05",
                "--set",
                "train.lr_milestones=[]",
                "--set",
                "train.checkpoints=[0,1,2]",
                "--set",
                "analysis.eval_batch_size=100",
                "--set",
                "analysis.cumulative=both",
                "--set",
                "analysis.groups=[robust]",
                "--set",
                "analysis.remove=true");
        assertEquals(0, code, err.toString());
        assertTrue(Files.isRegularFile(run.resolve("figures/cumulative.png")), "cumulative.png is written");
        assertTrue(Files.isRegularFile(run.resolve("scores.csv")), "scores.csv is written");

        try (ReportPage browser = ReportPage.open(run.resolve("report.html"), INSPECT)) {
            JsonNode info = browser.info();

            List<String> alts = new ArrayList<>();
            for (JsonNode img : info.path("images")) {
                alts.add(img.path("alt").asText());
                assertTrue(
                        img.path("complete").asBoolean()
                                && img.path("naturalWidth").asInt() > 0
                                && img.path("width").asDouble() > 100
                                && img.path("height").asDouble() > 100,
                        "did not decode or is not laid out: " + img);
            }
            assertTrue(alts.contains("Cumulative re-initialization"), "the cumulative figure: " + alts);

            assertTrue(
                    info.path("sections").toString().contains("Removal and Block Influence"),
                    info.path("sections").toString());
            // layer2 and layer3 (256 → 256) are removable; layer1 and layer4 change the shape.
            List<String> removed = new ArrayList<>();
            for (JsonNode row : info.path("removal")) {
                removed.add(row.get(0).asText());
                for (int c = 1; c < 4; c++) {
                    assertTrue(row.get(c).asText().matches("\\d\\.\\d{3}"), "a number in every cell: " + row);
                }
            }
            assertEquals(List.of("layer2", "layer3"), removed);
            assertTrue(info.path("navRemoval").asBoolean(), "the page's navigation links to the removal table");

            String rows = info.path("gridRows").toString();
            for (String row : List.of("bottom-1", "bottom-4", "top-1", "top-4", "robust(", "fullmodel")) {
                assertTrue(rows.contains(row), row + " in " + rows);
            }
            assertTrue(
                    info.path("notes").toString().contains("remove: no value for layer1, layer4"),
                    "the report says why two units have no removal value: " + info.path("notes"));
            assertEquals(0, info.path("resources").size(), "fetched resources: " + info.path("resources"));
            assertTrue(info.path("overflowX").asInt() <= 0, "page scrolls sideways at 1280 px: " + info);

            assertEquals(List.of(), browser.externalRequests(), "the report must work offline");
            assertEquals(List.of(), browser.consoleProblems(), "console must be clean");
        }
    }
}
