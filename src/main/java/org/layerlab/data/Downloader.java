package org.layerlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * partial or wrong download is deleted and never used.
 */
public final class Downloader {
    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    private final HttpClient client;
    private final Duration timeout;

    public Downloader() {
        this(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build(),
                Duration.ofSeconds(60));
    }

    /** {@code timeout} bounds the wait for each response's headers. */
    public Downloader(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
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
                failures.add(
                        url + " (" + (e.getCause() instanceof Rejected r ? r.getMessage() : why(e.getCause())) + ")");
            } catch (IOException e) {
                failures.add(url + " (" + why(e) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserInputException(file.name() + ": download interrupted", e);
            }
            LOG.warn("{}: {}", file.name(), failures.get(failures.size() - 1));
        }
        throw new UserInputException(file.name() + ": download failed from every mirror: "
                + (failures.isEmpty() ? "no mirror configured" : String.join("; ", failures)));
    }

    private String fetch(URI url, DatasetFile file, Path target, LongConsumer progress)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
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
                for (int n; (n = body.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    for (MessageDigest md : digests.values()) {
                        md.update(buf, 0, n);
                    }
                    total += n;
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

    /** Network failures often come without a message; their kind is then the only reason there is. */
    private static String why(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof java.net.ConnectException
                && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "cannot connect";
        }
        return UserInputException.reason(e);
    }
}
