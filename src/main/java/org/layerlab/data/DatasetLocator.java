package org.layerlab.data;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.layerlab.error.UserInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a known dataset's folder. First hit wins: (1) an explicit folder, which must hold the data;
 * (2) {@code $LAYERLAB_DATA/<name>}; (3) the user cache {@code $XDG_CACHE_HOME/layerlab/<name>} or
 * {@code ~/.cache/layerlab/<name>}; (4) folders a system package installs; (5) a download from the
 * catalog's mirrors into the cache. A folder is a hit only if it holds the whole dataset; cached
 * downloads must also still match their checksums (a damaged one is fetched again).
 *
 * <p>Environment, home and system folders are injectable, so tests do not depend on the machine.
 */
public final class DatasetLocator {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);
    public static final String DATA_ENV = "LAYERLAB_DATA";
    /** Comma-separated base URLs, each holding {@code <dataset>/<file>}; replaces the catalog's mirrors. */
    public static final String MIRROR_ENV = "LAYERLAB_MIRROR";
    /** Where archives wait, inside the cache, until extracted. */
    static final String DOWNLOADS = "downloads";

    private final DatasetCatalog catalog;
    private final Map<String, String> env;
    private final Path cacheRoot;
    private final Map<String, List<Path>> systemDirs;
    private final List<URI> mirrorRoots;
    private final Downloader downloader = new Downloader();
    private final boolean download;

    private DatasetLocator(Builder b) {
        catalog = b.catalog;
        env = Map.copyOf(b.env);
        Path home = b.home != null ? b.home : Path.of(System.getProperty("user.home"));
        String xdg = env.get("XDG_CACHE_HOME");
        Path cacheBase =
                xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        cacheRoot = b.cacheRoot != null ? b.cacheRoot : cacheBase.resolve("layerlab");
        systemDirs = Map.copyOf(b.systemDirs);
        String mirrorEnv = env.get(MIRROR_ENV);
        mirrorRoots = mirrorEnv == null || mirrorEnv.isBlank() ? List.of() : mirrorRoots(mirrorEnv);
        download = b.download;
    }

    public static Builder builder() {
        return new Builder();
    }

    public DatasetCatalog catalog() {
        return catalog;
    }

    /** {@code layerlab} under the user cache; downloads and decoded-image caches live here. */
    public Path cacheRoot() {
        return cacheRoot;
    }

    /** {@code explicitDir} may be null; when given it must exist and hold the dataset. */
    public LocatedDataset locate(String name, Path explicitDir) {
        KnownDataset ds = catalog.get(name);
        if (explicitDir != null) {
            if (!Files.exists(explicitDir)) {
                throw new UserInputException("data dir " + explicitDir + ": does not exist");
            }
            if (!Files.isDirectory(explicitDir)) {
                throw new UserInputException("data dir " + explicitDir + ": is not a folder");
            }
            return hit(ds, explicitDir, Origin.EXPLICIT)
                    .or(() -> fromArchiveIn(ds, explicitDir))
                    .orElseThrow(() -> new UserInputException(
                            "data dir " + explicitDir + ": holds no " + name + " data (" + expected(ds) + ")"));
        }
        String envRoot = env.get(DATA_ENV);
        if (envRoot != null && !envRoot.isBlank()) {
            // A file there is a mistake to report, not a reason to quietly look (and download) elsewhere.
            // A folder not made yet is fine: the data is then searched for elsewhere, as for a missing dataset.
            if (Files.exists(Path.of(envRoot)) && !Files.isDirectory(Path.of(envRoot))) {
                throw new UserInputException(DATA_ENV + "=" + envRoot
                        + ": not a folder (it names a folder holding one folder per dataset, e.g. " + name
                        + "/; or unset it)");
            }
            for (String folder : ds.layout().dataFolders(ds)) {
                var found = hit(ds, Path.of(envRoot).resolve(folder), Origin.ENV);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        Path cache = cacheRoot.resolve(name);
        if (ds.layout().archived() || cachedFilesIntact(ds, cache)) {
            var found = hit(ds, cache, Origin.CACHE);
            if (found.isPresent()) {
                return found.get();
            }
        }
        for (Path sys : systemDirs.getOrDefault(name, ds.systemDirs())) {
            var found = hit(ds, sys, Origin.SYSTEM);
            if (found.isPresent()) {
                return found.get();
            }
        }
        if (!download) {
            throw new UserInputException(name + ": not found (looked in "
                    + (envRoot == null
                            ? ""
                            : ds.layout().dataFolders(ds).stream()
                                    .map(f -> "$" + DATA_ENV + "/" + f + ", ")
                                    .collect(java.util.stream.Collectors.joining()))
                    + cache + ", system folders) and downloading is off");
        }
        return download(ds, cache);
    }

    /** The environment is user input too: a malformed URL is named here, not at the first download. */
    private static List<URI> mirrorRoots(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            String url = s.strip();
            if (url.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(url.endsWith("/") ? url : url + "/");
            } catch (URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null
                    ? ""
                    : uri.getScheme().toLowerCase(Locale.ROOT);
            // HttpClient speaks nothing else.
            if (uri == null || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new UserInputException(MIRROR_ENV + ": '" + url + "' is not an http(s) URL");
            }
            out.add(uri);
        }
        return out;
    }

    private Optional<LocatedDataset> hit(KnownDataset ds, Path dir, Origin origin) {
        List<Path> files = Files.isDirectory(dir) ? ds.layout().filesIn(ds, dir) : List.of();
        if (files.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("{}: using {} ({})", ds.name(), dir, origin);
        return Optional.of(LocatedDataset.of(ds.name(), dir, origin, files));
    }

    /** Our own downloads sit in the cache under their published names and must still match. */
    private static boolean cachedFilesIntact(KnownDataset ds, Path dir) {
        return ds.files().stream()
                .allMatch(f -> Files.isRegularFile(dir.resolve(f.name())) && f.matches(dir.resolve(f.name())));
    }

    private LocatedDataset download(KnownDataset ds, Path cache) {
        List<URI> mirrors = mirrorRoots.isEmpty()
                ? ds.mirrors()
                : mirrorRoots.stream().map(r -> r.resolve(ds.name() + "/")).toList();
        if (!ds.layout().archived()) {
            requireWritable(cache);
            fetchMissing(ds, mirrors, cache);
            return hit(ds, cache, Origin.DOWNLOAD)
                    .orElseThrow(() -> new IllegalStateException(
                            ds.name() + ": downloaded files do not form the dataset in " + cache));
        }
        if (Files.exists(cache)) {
            throw new UserInputException(cache + ": exists but holds no " + ds.name() + " data; remove it so "
                    + ds.name() + " can be downloaded and extracted there");
        }
        Path downloads = cacheRoot.resolve(DOWNLOADS);
        requireWritable(downloads);
        fetchMissing(ds, mirrors, downloads);
        for (DatasetFile f : ds.files()) {
            SafeExtractor.extract(downloads.resolve(f.name()), cache);
        }
        var found = hit(ds, cache, Origin.DOWNLOAD);
        if (found.isEmpty()) {
            SafeExtractor.deleteTree(cache);
            throw new UserInputException(downloads.resolve(ds.files().get(0).name()) + ": extracted, but holds no "
                    + ds.name() + " data (" + expected(ds) + ")");
        }
        for (DatasetFile f : ds.files()) {
            try {
                Files.deleteIfExists(downloads.resolve(f.name()));
            } catch (IOException e) {
                LOG.warn("cannot delete {} after extracting it: {}", downloads.resolve(f.name()), e.toString());
            }
        }
        return found.get();
    }

    /**
     * A published archive the user fetched by hand (e.g. cifar-10-binary.tar.gz in --data DIR): checked
     * against its published checksum like a download, then extracted into the cache once.
     */
    private Optional<LocatedDataset> fromArchiveIn(KnownDataset ds, Path dir) {
        if (!ds.layout().archived()) {
            return Optional.empty();
        }
        for (DatasetFile f : ds.files()) {
            Path archive = dir.resolve(f.name());
            if (!Files.isRegularFile(archive)) {
                return Optional.empty();
            }
            if (!f.matches(archive)) {
                throw new UserInputException(archive
                        + ": checksum does not match the published file (truncated, corrupt or another version)");
            }
        }
        Path target = cacheRoot.resolve(ds.name());
        if (hit(ds, target, Origin.EXPLICIT).isEmpty()) {
            if (Files.exists(target)) {
                throw new UserInputException(target + ": exists but holds no " + ds.name()
                        + " data; remove it so the archive can be extracted there");
            }
            requireWritable(cacheRoot);
            for (DatasetFile f : ds.files()) {
                SafeExtractor.extract(dir.resolve(f.name()), target);
            }
        }
        return hit(ds, target, Origin.EXPLICIT);
    }

    /**
     * Checked before the first request: otherwise a cache nobody can write to shows up as a failed
     * download from every mirror. Writing a file is the only test that also holds for root and for
     * read-only mounts.
     */
    private void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".layerlab-write-test", ".tmp"));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException
                    ? e.getMessage() + " is a file, not a folder"
                    : UserInputException.reason(e);
            throw new UserInputException(
                    "cache folder " + cacheRoot + ": not writable (" + why
                            + "); set LAYERLAB_CACHE to a folder you can write to",
                    e);
        }
    }

    /** Files already in {@code dir} with a matching checksum are not fetched again. */
    private void fetchMissing(KnownDataset ds, List<URI> mirrors, Path dir) {
        for (DatasetFile f : ds.files()) {
            Path p = dir.resolve(f.name());
            if (Files.isRegularFile(p) && f.matches(p)) {
                continue;
            }
            downloader.download(f, mirrors, dir, null);
        }
    }

    private static String expected(KnownDataset ds) {
        return switch (ds.layout()) {
            case IDX ->
                "expected "
                        + String.join(
                                ", ", ds.files().stream().map(DatasetFile::name).toList()) + ", gzip'd or not";
            case CIFAR10 ->
                "expected " + String.join(", ", CifarFolder.TRAIN_BATCHES) + ", " + CifarFolder.TEST_BATCH + " (or a "
                        + CifarFolder.BATCHES_DIR
                        + "/ folder of them), a class-folder .zip, or train/ and test/ class folders";
            case TEXT -> "expected " + ds.files().get(0).name() + " or " + ds.name() + ".txt";
            case LM1B ->
                "expected " + Lm1bFolder.TRAIN_DIR + "/news.en-000NN-of-00100 and " + Lm1bFolder.HELDOUT_DIR + "/"
                        + Lm1bFolder.TEST_SHARD + " (or a " + Lm1bFolder.TOP + "/ folder of them), or "
                        + Lm1bFolder.ARCHIVE;
        };
    }

    /** All settings are optional; unset ones come from the machine ({@code opt*} as in DJL's builders). */
    public static final class Builder {
        private DatasetCatalog catalog = DatasetCatalog.standard();
        private Map<String, String> env = System.getenv();
        private Path home;
        private Path cacheRoot;
        private final Map<String, List<Path>> systemDirs = new HashMap<>();
        private boolean download = true;

        private Builder() {}

        public Builder optCatalog(DatasetCatalog c) {
            catalog = c;
            return this;
        }

        /** Replaces the process environment ({@code LAYERLAB_DATA}, {@code XDG_CACHE_HOME}, {@code LAYERLAB_MIRROR}). */
        public Builder optEnv(Map<String, String> e) {
            env = e;
            return this;
        }

        public Builder optHome(Path h) {
            home = h;
            return this;
        }

        /** Overrides the cache folder itself (otherwise derived from env and home). */
        public Builder optCacheRoot(Path c) {
            cacheRoot = c;
            return this;
        }

        /** Replaces the catalog's system folders for one dataset (an empty list searches none). */
        public Builder optSystemDirs(String dataset, List<Path> dirs) {
            systemDirs.put(dataset, List.copyOf(dirs));
            return this;
        }

        /** {@code false} makes a missing dataset an error instead of a download. */
        public Builder optDownload(boolean allowed) {
            download = allowed;
            return this;
        }

        public DatasetLocator build() {
            return new DatasetLocator(this);
        }
    }
}
