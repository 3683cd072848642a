package org.layerlab.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server for download tests: serves byte arrays by path (whole, cut or stalled) and counts requests. */
final class TestMirror implements AutoCloseable {
    /** How a path is served. */
    enum Mode {
        GOOD,
        CUT_CONNECTION,
        /** Headers and the first {@link #STALL_AFTER} bytes, then nothing until the mirror is closed. */
        STALL
    }

    static final int STALL_AFTER = 10;

    private record Served(byte[] body, Mode mode) {}

    private final HttpServer server;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Stalled handlers wait on this; close() releases them. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Handlers run here, so a stalled one does not hold up other requests. */
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-mirror");
        t.setDaemon(true);
        return t;
    });

    TestMirror() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI base(String folder) {
        return root().resolve(folder.endsWith("/") ? folder : folder + "/");
    }

    TestMirror serve(String path, byte[] body) {
        return serve(path, body, Mode.GOOD);
    }

    /** {@code CUT_CONNECTION} announces the whole length but closes the connection halfway. */
    TestMirror serve(String path, byte[] body, Mode mode) {
        files.put(path.startsWith("/") ? path : "/" + path, new Served(body, mode));
        return this;
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path.startsWith("/") ? path : "/" + path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Served s = files.get(path);
        if (s == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, s.body().length);
        OutputStream out = ex.getResponseBody();
        if (s.mode() == Mode.STALL) {
            out.write(s.body(), 0, Math.min(STALL_AFTER, s.body().length));
            out.flush();
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (s.mode() == Mode.CUT_CONNECTION) {
            out.write(s.body(), 0, s.body().length / 2);
            out.flush();
            // Closing the exchange short of the announced length makes the server drop the connection.
            ex.close();
            return;
        }
        out.write(s.body());
        ex.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
