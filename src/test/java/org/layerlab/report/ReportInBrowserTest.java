package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the real report in a real headless Chromium, as a reader would: every figure must decode and
 * take up space on the page, nothing may be fetched from the network, and the console must stay
 * clean. Leaves a full-page screenshot in target/report-screenshot.png for a person to look at.
 */
class ReportInBrowserTest {
    private static final Duration STEP = Duration.ofSeconds(20);

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
        Assumptions.assumeTrue(
                Files.isExecutable(HeadlessChromium.BINARY),
                "no " + HeadlessChromium.BINARY + " (apt-get install chromium)");
        Path html = Report.write(run, SampleRun.inputs()).html();
        // Served from a folder without figures/: proves the page needs nothing beside itself.
        Path alone = Files.createDirectories(run.resolve("alone")).resolve("report.html");
        Files.copy(html, alone);

        HeadlessChromium browser = HeadlessChromium.start(STEP);
        try {
            String page = browser.openPage(STEP);
            for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
                browser.send(page, domain + ".enable", null, STEP);
            }
            int before = browser.eventCount();
            JsonNode nav = browser.send(
                    page,
                    "Page.navigate",
                    HeadlessChromium.params().put("url", alone.toUri().toString()),
                    STEP);
            assertFalse(nav.has("errorText"), "navigation failed: " + nav);
            browser.awaitEvent(
                    "Page.loadEventFired",
                    before,
                    e -> page.equals(e.path("sessionId").asText()),
                    STEP);

            JsonNode result = browser.send(
                    page,
                    "Runtime.evaluate",
                    HeadlessChromium.params()
                            .put("expression", INSPECT)
                            .put("awaitPromise", true)
                            .put("returnByValue", true),
                    STEP);
            assertFalse(result.has("exceptionDetails"), "inspection script failed: " + result);
            JsonNode info = result.path("result").path("value");

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

            List<String> requests = new ArrayList<>();
            for (JsonNode e : browser.events("Network.requestWillBeSent")) {
                String url = e.path("params").path("request").path("url").asText();
                if (!url.startsWith("file:") && !url.startsWith("data:")) {
                    requests.add(url);
                }
            }
            assertEquals(List.of(), requests, "the report must work offline");
            assertEquals(List.of(), problems(browser), "console must be clean");

            JsonNode metrics = browser.send(page, "Page.getLayoutMetrics", null, STEP);
            JsonNode size = metrics.path("cssContentSize");
            JsonNode shot = browser.send(
                    page,
                    "Page.captureScreenshot",
                    HeadlessChromium.params()
                            .put("format", "png")
                            .put("captureBeyondViewport", true)
                            .set(
                                    "clip",
                                    HeadlessChromium.params()
                                            .put("x", 0)
                                            .put("y", 0)
                                            .put("width", size.path("width").asDouble())
                                            .put("height", size.path("height").asDouble())
                                            .put("scale", 1)),
                    STEP);
            Path screenshot = Path.of("target", "report-screenshot.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, Base64.getDecoder().decode(shot.path("data").asText()));
            assertTrue(Files.size(screenshot) > 10_000, "screenshot looks empty");
        } finally {
            browser.close();
        }
        assertFalse(browser.alive(), "chromium must be gone after close");
    }

    /** Console errors and warnings, uncaught exceptions and browser log errors, as readable lines. */
    static List<String> problems(HeadlessChromium browser) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : browser.events("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")) {
            JsonNode p = e.path("params");
            switch (e.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                        out.add("console." + type + ": " + p.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
                default -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        out.add("log error: " + p.path("entry"));
                    }
                }
            }
        }
        return out;
    }
}
