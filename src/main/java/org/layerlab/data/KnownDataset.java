package org.layerlab.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A dataset the program can find or download by name.
 *
 * @param name the name used on the command line and in specs, also the folder name under
 *     {@code $LAYERLAB_DATA} and the cache
 * @param layout how its files sit in a folder
 * @param mirrors base URLs, each ending in {@code /}, under which every file in {@code files} lives;
 *     tried in order, the first that delivers a file with a matching checksum wins
 * @param files what the mirrors publish; for {@link DatasetLayout#IDX} exactly four, in the order
 *     train images, train labels, test images, test labels
 * @param classNames names of the labels 0..n-1, used when the files themselves carry none
 * @param systemDirs folders a system package installs the files into, searched before downloading
 */
public record KnownDataset(
        String name,
        DatasetLayout layout,
        List<URI> mirrors,
        List<DatasetFile> files,
        List<String> classNames,
        List<Path> systemDirs) {

    public KnownDataset {
        Objects.requireNonNull(name);
        Objects.requireNonNull(layout);
        mirrors = List.copyOf(mirrors);
        files = List.copyOf(files);
        classNames = List.copyOf(classNames);
        systemDirs = List.copyOf(systemDirs);
        for (URI m : mirrors) {
            if (!m.getPath().endsWith("/")) {
                throw new IllegalArgumentException(name + ": mirror " + m + " must end with /");
            }
        }
        if (layout.archived() && files.size() != 1) {
            throw new IllegalArgumentException(name + ": an archived dataset is one archive, got " + files.size());
        }
        if (layout == DatasetLayout.TEXT && files.size() != 1) {
            throw new IllegalArgumentException(name + ": a text dataset is one file, got " + files.size());
        }
        if (layout == DatasetLayout.IDX && files.size() != 4) {
            throw new IllegalArgumentException(name + ": an IDX dataset has four files, got " + files.size());
        }
    }

    /** The same dataset fetched from other mirrors (tests, or a local mirror of all datasets). */
    public KnownDataset withMirrors(List<URI> otherMirrors) {
        return new KnownDataset(name, layout, otherMirrors, files, classNames, systemDirs);
    }
}
