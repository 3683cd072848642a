package org.layerlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.io.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a published file from the first mirror that delivers it intact.
 *
 * <p>The body streams into a hidden {@code .part} file beside the target while its digests are
 * computed; only if size and checksum match is it renamed into place ({@link AtomicFiles}), so a
 * partial or wrong download is deleted and never used (also when the download is interrupted: a
 * thread interrupt fails it, Ctrl-C deletes the {@code .part} on the way out).
 *
 * <p>{@code timeout} bounds the wait for the response headers and then every wait for more of the
 * body: a mirror that sends headers and stalls fails after it instead of hanging the run. It is
 * {@value #DEFAULT_TIMEOUT_SECONDS} s unless the system property {@value #TIMEOUT_PROPERTY} gives
 * seconds (slow links; tests).
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    static final String TIMEOUT_PROPERTY = "layerlab.download.timeout";
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private final HttpClient client;
    private final Duration timeout;

    public Downloader() {
        this(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build(),
                configuredTimeout());
    }

    /** {@code timeout} bounds the wait for each response's headers and each later wait for body bytes. */
    public Downloader(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    private static Duration configuredTimeout() {
        String s = System.getProperty(TIMEOUT_PROPERTY);
        if (s == null || s.isBlank()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        try {
            double seconds = Double.parseDouble(s.strip());
            if (seconds > 0 && seconds <= 86_400) {
                return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserInputException(TIMEOUT_PROPERTY + ": expected seconds between 0 and 86400, got '" + s + "'");
    }

    /** Thrown inside the atomic write to abort it; its message is the reason shown for that mirror. */
    private static final class Rejected extends IOException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason);
        }
    }

    /**
     * Downloads {@code file} from the first of {@code mirrors} that works into {@code dir}, calling
     * {@code progress} (may be null) with the bytes received so far, and returns the file's SHA-256.
     */
    public String download(DatasetFile file, List<URI> mirrors, Path dir, LongConsumer progress) {
        Path target = dir.resolve(file.name());
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI url = mirror.resolve(file.name());
            try {
                String sha256 = fetch(url, file, target, progress);
                LOG.info("downloaded {} from {}", file.name(), url);
                return sha256;
            } catch (Rejected e) {
                failures.add(url + " (" + e.getMessage() + ")");
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof Rejected r)) {
                    // Writing the local file failed (disk full, permissions): another mirror would not help.
                    throw new UserInputException(e.getMessage(), e);
                }
                failures.add(url + " (" + r.getMessage() + ")");
            } catch (IOException e) {
                failures.add(url + " (" + why(e) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new UserInputException(file.name() + ": download from " + url + " interrupted");
            }
            // The final message lists every mirror's failure; this only shows progress with --verbose.
            LOG.info("{}: {}", file.name(), failures.get(failures.size() - 1));
        }
        throw new UserInputException(file.name() + ": download failed from every mirror: "
                + (failures.isEmpty() ? "no mirror configured" : String.join("; ", failures)));
    }

    private String fetch(URI url, DatasetFile file, Path target, LongConsumer progress)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
                client.send(request, HttpResponse.BodyHandlers.ofPublisher());
        try (Body body = new Body()) {
            response.body().subscribe(body);
            if (response.statusCode() != 200) {
                throw new Rejected("HTTP " + response.statusCode());
            }
            Map<String, MessageDigest> digests = new LinkedHashMap<>();
            digests.put(Checksum.SHA256, Hashes.digest(Checksum.SHA256));
            file.checksums().forEach(c -> digests.computeIfAbsent(c.algorithm(), Hashes::digest));
            String[] sha256 = new String[1];
            AtomicFiles.write(target, out -> {
                long total = 0;
                byte[] buf = new byte[1 << 16];
                for (List<ByteBuffer> chunk; (chunk = body.next(total, file.size())) != null; ) {
                    for (ByteBuffer b : chunk) {
                        while (b.hasRemaining()) {
                            int n = Math.min(buf.length, b.remaining());
                            b.get(buf, 0, n);
                            out.write(buf, 0, n);
                            for (MessageDigest md : digests.values()) {
                                md.update(buf, 0, n);
                            }
                            total += n;
                        }
                    }
                    if (file.size() >= 0 && total > file.size()) {
                        throw new Rejected("larger than the published " + file.size() + " bytes");
                    }
                    if (progress != null) {
                        progress.accept(total);
                    }
                }
                if (file.size() >= 0 && total != file.size()) {
                    throw new Rejected("truncated: " + total + " of " + file.size() + " bytes");
                }
                Map<String, String> hex = new LinkedHashMap<>();
                digests.forEach((alg, md) -> hex.put(alg, HexFormat.of().formatHex(md.digest())));
                if (!file.matches(hex)) {
                    Checksum want = file.checksums().get(0);
                    throw new Rejected(want.algorithm() + " mismatch: got " + hex.get(want.algorithm()) + ", expected "
                            + want.hex());
                }
                sha256[0] = hex.get(Checksum.SHA256);
            });
            return sha256[0];
        }
    }

    /**
     * A response body taken chunk by chunk with a deadline on every wait. HttpClient's own timeout ends
     * with the headers, and the InputStream it offers can be neither timed out nor (on JDK 17)
     * interrupted, so a mirror that stalls after the headers would hang the run.
     */
    private final class Body implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {
        private static final Object END = new Object();
        /** Chunks ({@code List<ByteBuffer>}), then {@link #END} or the network's Throwable. */
        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();

        private volatile Flow.Subscription subscription;
        private boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunk) {
            arrived.add(chunk);
        }

        @Override
        public void onError(Throwable t) {
            arrived.add(t);
        }

        @Override
        public void onComplete() {
            arrived.add(END);
        }

        /** The next chunk, or null at the end of the body; {@code sofar} and {@code size} are for messages. */
        @SuppressWarnings("unchecked")
        List<ByteBuffer> next(long sofar, long size) throws IOException {
            Object got;
            try {
                got = arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Rejected("interrupted");
            }
            if (got == null) {
                long ms = timeout.toMillis();
                String wait = ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
                throw new Rejected(
                        "no data for " + wait + " after " + sofar + (size >= 0 ? " of " + size : "") + " bytes");
            }
            if (got == END) {
                return null;
            }
            if (got instanceof Throwable t) {
                throw new Rejected(t instanceof IOException io ? why(io) : "network error");
            }
            subscription.request(1);
            return (List<ByteBuffer>) got;
        }

        /** Stops the transfer (a stall, a rejected body): the connection is not kept waiting. */
        @Override
        public void close() {
            Flow.Subscription s = subscription;
            if (s != null && !cancelled) {
                cancelled = true;
                s.cancel();
            }
        }
    }

    /** Network failures often come without a message; their kind is then the only reason there is. */
    private static String why(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof java.net.ConnectException
                && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "cannot connect";
        }
        String reason = UserInputException.reason(e);
        // Some failures carry only their cause's class name (an interrupted or reset read).
        return reason.contains("java.") || reason.contains("Exception") ? "network error" : reason;
    }
}
