package org.layerlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.layerlab.io.Hashes;

/**
 * The folder a dataset was read from and how it was found, for provenance.
 *
 * @param name the dataset name, e.g. {@code mnist}
 * @param dir the folder (or, for an image-folder zip, the zip file) the data comes from
 * @param origin which step of the search found it
 * @param sha256ByFile the SHA-256 of each file the data is read from, keyed by its path relative to
 *     {@code dir}, sorted; a class-folder tree is represented by a digest of its listing instead of
 *     thousands of file digests (key ending in {@code /})
 */
public record LocatedDataset(String name, Path dir, Origin origin, Map<String, String> sha256ByFile) {

    public LocatedDataset {
        Objects.requireNonNull(name);
        Objects.requireNonNull(dir);
        Objects.requireNonNull(origin);
        sha256ByFile = Collections.unmodifiableMap(new TreeMap<>(sha256ByFile));
    }

    /** Digests each of {@code files} (a folder by its {@link ListingDigest}); {@code dir} may itself be the one file. */
    public static LocatedDataset of(String name, Path dir, Origin origin, List<Path> files) {
        Map<String, String> sha = new TreeMap<>();
        for (Path f : files) {
            String key = f.equals(dir)
                    ? f.getFileName().toString()
                    : dir.relativize(f).toString().replace('\\', '/');
            if (Files.isDirectory(f)) {
                sha.put(key + "/", ListingDigest.of(f));
            } else {
                sha.put(key, Hashes.sha256(f));
            }
        }
        return new LocatedDataset(name, dir, origin, sha);
    }
}
