package org.layerlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol, with nothing but the JDK's WebSocket and
 * Jackson: enough to load a page, evaluate JavaScript, collect console/log events and take a
 * screenshot. Every wait is bounded; {@link #close()} kills the browser and all its helper processes.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final StringBuffer stderr = new StringBuffer();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>(); // guarded by itself
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;
    private volatile List<ProcessHandle> children = List.of();

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Starts the browser on a fresh profile and connects to it; on any failure the browser is killed. */
    static HeadlessChromium start(Duration timeout) throws Exception {
        Path profile = Files.createTempDirectory("layerlab-chromium-");
        Process p = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--mute-audio",
                        "--hide-scrollbars",
                        "--window-size=1280,1000",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        HeadlessChromium browser = new HeadlessChromium(p, profile);
        try {
            browser.connect(timeout);
            return browser;
        } catch (Exception | Error e) {
            browser.close();
            throw e;
        }
    }

    private void connect(Duration timeout) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    // Keeps draining stderr after the URL is found, or a chatty browser would block on a full pipe.
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (stderr.length() < 64_000) {
                                stderr.append(line).append('\n');
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                url.complete(m.group(1));
                            }
                        }
                    } catch (IOException ignored) {
                        // The browser was killed; nothing more to read.
                    }
                    url.completeExceptionally(new IllegalStateException("chromium exited without a DevTools URL"));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String ws;
        try {
            ws = url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(
                    "no DevTools URL from chromium within " + timeout + "; stderr:\n" + stderr, e);
        }
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(URI.create(ws), new Listener())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Protocol messages can arrive in several frames; they are joined before parsing. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }

    private void dispatch(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
                if (msg.has("error")) {
                    f.completeExceptionally(new IllegalStateException("DevTools error: " + msg.get("error")));
                } else {
                    f.complete(msg.get("result"));
                }
            }
        } else {
            synchronized (events) {
                events.add(msg);
                events.notifyAll();
            }
        }
    }

    /** Sends a command (to the browser when sessionId is null, else to that page) and waits for its result. */
    JsonNode send(String sessionId, String method, ObjectNode params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        socket.sendText(JSON.writeValueAsString(msg), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(method + " got no answer within " + timeout);
        } finally {
            pending.remove(id);
        }
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Opens a new tab and attaches to it; the returned session id addresses the page's domains. */
    String openPage(Duration timeout) throws Exception {
        String target = send(null, "Target.createTarget", params().put("url", "about:blank"), timeout)
                .get("targetId")
                .asText();
        return send(
                        null,
                        "Target.attachToTarget",
                        params().put("targetId", target).put("flatten", true),
                        timeout)
                .get("sessionId")
                .asText();
    }

    /** How many events have arrived so far, to wait only for events after a given point. */
    int eventCount() {
        synchronized (events) {
            return events.size();
        }
    }

    /** Waits for the first event with this method (from index {@code from} on) that the filter accepts. */
    JsonNode awaitEvent(String method, int from, Predicate<JsonNode> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            int i = from;
            while (true) {
                for (; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (method.equals(e.path("method").asText()) && filter.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no " + method + " within " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** Every event received so far with one of these methods. */
    List<JsonNode> events(String... methods) {
        List<String> wanted = List.of(methods);
        synchronized (events) {
            return events.stream()
                    .filter(e -> wanted.contains(e.path("method").asText()))
                    .toList();
        }
    }

    String stderr() {
        return stderr.toString();
    }

    /**
     * Asks the browser to quit, then kills it and its renderer/zygote children whatever it answered,
     * and removes the throw-away profile.
     */
    @Override
    public void close() {
        // Children collected while the parent still lives: once it dies they are re-parented and lost.
        children = process.descendants().toList();
        if (socket != null) {
            try {
                send(null, "Browser.close", null, Duration.ofSeconds(2));
            } catch (Exception ignored) {
                // The browser may already be gone or hung; it is killed below either way.
            }
            socket.abort();
        }
        try {
            process.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        // Polled, not onExit(): for processes that are not our own children the JDK polls slowly.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            while (alive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp profile is harmless.
        }
    }

    /** Whether the browser or any helper process it had when closed is still running. */
    boolean alive() {
        return process.isAlive() || children.stream().anyMatch(ProcessHandle::isAlive);
    }
}
