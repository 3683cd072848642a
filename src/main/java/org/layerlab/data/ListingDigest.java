package org.layerlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;

/**
 * A SHA-256 that changes when any file under a folder is added, removed, resized or touched: a
 * cheap stand-in for hashing thousands of image files, for cache keys and provenance.
 */
public final class ListingDigest {
    private ListingDigest() {}

    public static String of(Path dir) {
        Map<String, String> lines = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = dir.relativize(file).toString().replace('\\', '/');
                    lines.put(
                            rel, attrs.size() + "\t" + attrs.lastModifiedTime().toMillis());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw UserInputException.io(dir, "cannot list", e);
        }
        MessageDigest md = Hashes.digest("SHA-256");
        lines.forEach(
                (rel, sizeAndTime) -> md.update((rel + "\t" + sizeAndTime + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(md.digest());
    }
}
