package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the real report in a real headless Chromium, as a reader would: every figure must decode and
 * take up space on the page, nothing may be fetched from the network, and the console must stay
 * clean. Leaves a full-page screenshot in target/report-screenshot.png for a person to look at.
 */
class ReportInBrowserTest {

    /** Everything the page can tell about its images, layout and the resources it loaded. */
    private static final String INSPECT = """
            (async () => {
              const imgs = [...document.images];
              await Promise.all(imgs.map(i => i.decode().catch(() => null)));
              const num = document.querySelector('table.data td.num');
              return {
                title: document.title,
                images: imgs.map(i => {
                  const r = i.getBoundingClientRect();
                  return {alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth,
                          naturalHeight: i.naturalHeight, width: r.width, height: r.height,
                          dataUri: i.currentSrc.startsWith('data:image/png;base64,')};
                }),
                scripts: document.scripts.length,
                resources: performance.getEntriesByType('resource').map(e => e.name),
                numAlign: num ? getComputedStyle(num).textAlign : null,
                overflowX: document.documentElement.scrollWidth - window.innerWidth,
                sections: [...document.querySelectorAll('section h2')].map(h => h.textContent),
                specText: document.querySelector('#spec pre').textContent
              };
            })()
            """;

    @Test
    @Timeout(120)
    void reportRendersCleanlyInChromium(@TempDir Path run) throws Exception {
        ReportPage.assumeChromium();
        Path html = Report.write(run, SampleRun.inputs()).html();
        // Served from a folder without figures/: proves the page needs nothing beside itself.
        Path alone = Files.createDirectories(run.resolve("alone")).resolve("report.html");
        Files.copy(html, alone);

        try (ReportPage browser = ReportPage.open(alone, INSPECT)) {
            JsonNode info = browser.info();

            assertEquals("layerlab report: sample-run", info.path("title").asText());
            JsonNode images = info.path("images");
            assertEquals(4, images.size(), "three heatmaps and the training chart: " + images);
            for (JsonNode img : images) {
                String what = img.path("alt").asText() + " " + img;
                assertTrue(img.path("complete").asBoolean(), "not complete: " + what);
                assertTrue(img.path("dataUri").asBoolean(), "not embedded: " + what);
                assertTrue(
                        img.path("naturalWidth").asInt() > 0
                                && img.path("naturalHeight").asInt() > 0,
                        "did not decode: " + what);
                assertTrue(
                        img.path("width").asDouble() > 100 && img.path("height").asDouble() > 100,
                        "not laid out: " + what);
            }
            assertEquals(0, info.path("scripts").asInt(), "the report runs no script");
            assertEquals(0, info.path("resources").size(), "fetched resources: " + info.path("resources"));
            assertEquals("right", info.path("numAlign").asText(), "numbers are right-aligned");
            assertTrue(info.path("overflowX").asInt() <= 0, "page scrolls sideways at 1280 px: " + info);
            assertTrue(
                    info.path("specText").asText().contains("<script>alert('x')</script>"),
                    "the spec shows as text, markup included: " + info.path("specText"));

            assertEquals(List.of(), browser.externalRequests(), "the report must work offline");
            assertEquals(List.of(), browser.consoleProblems(), "console must be clean");
            assertTrue(
                    browser.screenshot(Path.of("target", "report-screenshot.png")) > 10_000, "screenshot looks empty");
        }
    }
}
