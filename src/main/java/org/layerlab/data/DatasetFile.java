package org.layerlab.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.io.Hashes;

/**
 * A file as a dataset's mirrors publish it.
 *
 * @param name the file name on the mirror and in the cache, e.g. {@code train-images-idx3-ubyte.gz}
 * @param size the byte size mirrors serve, or -1 when not published; a download of another size is
 *     rejected before its checksum is even looked at
 * @param checksums digests of genuine copies of this file; a copy is genuine when any one matches.
 *     The first is what the mirrors serve; later ones identify other known copies (e.g. a Debian
 *     package that re-wrote the gzip header around the same deflate stream)
 */
public record DatasetFile(String name, long size, List<Checksum> checksums) {

    public DatasetFile {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        checksums = List.copyOf(checksums);
        if (checksums.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one checksum is required");
        }
    }

    public DatasetFile(String name, long size, Checksum... checksums) {
        this(name, size, List.of(checksums));
    }

    /** True when any published checksum matches, given hex digests keyed by algorithm. */
    public boolean matches(Map<String, String> hexByAlgorithm) {
        return checksums.stream().anyMatch(c -> c.hex().equals(hexByAlgorithm.get(c.algorithm())));
    }

    /** Reads the file once per distinct algorithm among the checksums. */
    public boolean matches(Path file) {
        Map<String, String> digests = new HashMap<>();
        for (Checksum c : checksums) {
            digests.computeIfAbsent(c.algorithm(), alg -> Hashes.ofFile(file, alg));
        }
        return matches(digests);
    }
}
