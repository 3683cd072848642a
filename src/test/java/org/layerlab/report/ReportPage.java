package org.layerlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A report opened in headless Chromium as a reader opens it, for the report tests: load the file, wait for
 * the page, run an inspection script, and afterwards ask what it fetched, what the console said, and for a
 * full-page screenshot. Closing it kills the browser and checks that nothing of it is left running.
 */
final class ReportPage implements AutoCloseable {
    /** The longest any one DevTools step may take. */
    static final Duration STEP = Duration.ofSeconds(20);

    private final HeadlessChromium browser;
    private final String page;
    private final JsonNode info;

    private ReportPage(HeadlessChromium browser, String page, JsonNode info) {
        this.browser = browser;
        this.page = page;
        this.info = info;
    }

    /** Skips the test on a machine without Chromium (CI installs it). */
    static void assumeChromium() {
        Assumptions.assumeTrue(
                Files.isExecutable(HeadlessChromium.BINARY),
                "no " + HeadlessChromium.BINARY + " (apt-get install chromium)");
    }

    /**
     * Opens {@code html} and evaluates {@code inspect} (an async function expression whose value is returned
     * by value) once the page has loaded.
     */
    static ReportPage open(Path html, String inspect) throws Exception {
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
                    HeadlessChromium.params().put("url", html.toUri().toString()),
                    STEP);
            if (nav.has("errorText")) {
                throw new AssertionError("navigation failed: " + nav);
            }
            browser.awaitEvent(
                    "Page.loadEventFired",
                    before,
                    e -> page.equals(e.path("sessionId").asText()),
                    STEP);
            JsonNode result = browser.send(
                    page,
                    "Runtime.evaluate",
                    HeadlessChromium.params()
                            .put("expression", inspect)
                            .put("awaitPromise", true)
                            .put("returnByValue", true),
                    STEP);
            if (result.has("exceptionDetails")) {
                throw new AssertionError("inspection script failed: " + result);
            }
            return new ReportPage(browser, page, result.path("result").path("value"));
        } catch (Exception | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    /** What the inspection script returned. */
    JsonNode info() {
        return info;
    }

    /** Requests the page made for anything but a local file or inline data: a report must work offline. */
    List<String> externalRequests() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : browser.events("Network.requestWillBeSent")) {
            String url = e.path("params").path("request").path("url").asText();
            if (!url.startsWith("file:") && !url.startsWith("data:")) {
                out.add(url);
            }
        }
        return out;
    }

    /** Console errors and warnings, uncaught exceptions and browser log errors, as readable lines. */
    List<String> consoleProblems() {
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

    /** Writes a screenshot of the whole page (beyond the window) for a person to look at; its size in bytes. */
    long screenshot(Path target) throws Exception {
        JsonNode size = browser.send(page, "Page.getLayoutMetrics", null, STEP).path("cssContentSize");
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
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, Base64.getDecoder().decode(shot.path("data").asText()));
        return Files.size(target);
    }

    @Override
    public void close() {
        browser.close();
        if (browser.alive()) {
            throw new AssertionError("chromium must be gone after close");
        }
    }
}
