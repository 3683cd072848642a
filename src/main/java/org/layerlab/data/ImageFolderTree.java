package org.layerlab.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;

/**
 * The listing of an ImageNet-style class-folder tree, {@code train/<class>/<image>} and
 * {@code test/<class>/<image>} (or {@code val/}), in a folder or in a zip read in place.
 *
 * <p>Class index = position of the class folder name in sorted order; images are sorted by file name
 * within a class, so the order is deterministic. In a zip the tree may sit under one top folder.
 */
final class ImageFolderTree implements Closeable {
    /** One image: its zip entry name or its path relative to the folder, always with {@code /}. */
    record Image(String entry, int label) {}

    private final Path source;
    private final ZipFile zip;
    private final String testSplit;
    private final List<String> classes;
    private final List<Image> train;
    private final List<Image> test;

    private ImageFolderTree(Path source, ZipFile zip, Collection<String> names) {
        this.source = source;
        this.zip = zip;
        String prefix = prefix(names);
        this.testSplit = names.stream().anyMatch(n -> n.startsWith(prefix + "test/"))
                ? "test"
                : names.stream().anyMatch(n -> n.startsWith(prefix + "val/")) ? "val" : null;
        if (testSplit == null) {
            throw new UserInputException(
                    source + ": no " + prefix + "test/ (or val/) split next to " + prefix + "train/");
        }
        Map<String, List<String>> trainByClass = split(names, prefix + "train/");
        Map<String, List<String>> testByClass = split(names, prefix + testSplit + "/");
        this.classes = List.copyOf(trainByClass.keySet());
        for (String c : testByClass.keySet()) {
            if (!trainByClass.containsKey(c)) {
                throw new UserInputException(source + ": " + prefix + testSplit + "/" + c
                        + "/: class folder has no counterpart in " + prefix + "train/");
            }
        }
        this.train = images(trainByClass);
        this.test = images(testByClass);
    }

    static ImageFolderTree open(Path source) {
        if (Files.isDirectory(source)) {
            return new ImageFolderTree(source, null, folderNames(source));
        }
        if (!Files.isRegularFile(source)) {
            throw new UserInputException(source + ": does not exist");
        }
        try {
            ZipFile zip = new ZipFile(source.toFile());
            try {
                List<String> names = zip.stream().map(ZipEntry::getName).toList();
                // Read in place nothing is written, but an entry like ../x is a sign of a hostile or broken archive.
                names.forEach(n -> SafeExtractor.checkEntryName(source, n));
                return new ImageFolderTree(source, zip, names);
            } catch (RuntimeException e) {
                zip.close();
                throw e;
            }
        } catch (ZipException e) {
            throw new UserInputException(source + ": not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw UserInputException.io(source, "cannot read", e);
        }
    }

    List<String> classes() {
        return classes;
    }

    List<Image> train() {
        return train;
    }

    List<Image> test() {
        return test;
    }

    /** How errors name an image: the file itself, or the zip and its entry. */
    String describe(Image image) {
        return zip == null ? source.resolve(image.entry()).toString() : source + ": " + image.entry();
    }

    byte[] read(Image image) throws IOException {
        if (zip == null) {
            return Files.readAllBytes(source.resolve(image.entry()));
        }
        ZipEntry e = zip.getEntry(image.entry());
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        // java.util.zip does not check the CRC when reading through ZipFile; a flipped byte would decode silently.
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new IOException("CRC mismatch, the zip is corrupt");
        }
        return bytes;
    }

    /**
     * The zip's SHA-256, or for a folder a digest of its split folders' listings (names, sizes,
     * times). Needs no listing of the tree, so a cache hit skips opening it.
     */
    static String fingerprint(Path source) {
        if (!Files.isDirectory(source)) {
            return Hashes.sha256(source);
        }
        StringBuilder sb = new StringBuilder();
        for (String split : List.of("train", "test", "val")) {
            if (Files.isDirectory(source.resolve(split))) {
                sb.append(split)
                        .append(' ')
                        .append(ListingDigest.of(source.resolve(split)))
                        .append('\n');
            }
        }
        return Hashes.sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }

    static boolean isImage(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /** Where {@code train/} starts: the zip root, or one folder that every copy of the tree sits under. */
    private String prefix(Collection<String> names) {
        String best = null;
        for (String n : names) {
            int at = n.startsWith("train/") ? 0 : n.indexOf("/train/") + 1;
            if (at == 0 && !n.startsWith("train/")) {
                continue;
            }
            String p = n.substring(0, at);
            if (best == null || p.length() < best.length()) {
                best = p;
            }
        }
        if (best == null) {
            throw new UserInputException(source + ": no train/ split (expected train/<class>/<image>.jpg|jpeg|png"
                    + " and test/<class>/...)");
        }
        return best;
    }

    private Map<String, List<String>> split(Collection<String> names, String splitPrefix) {
        Map<String, List<String>> byClass = new TreeMap<>();
        for (String n : names) {
            if (!n.startsWith(splitPrefix) || hidden(n)) {
                continue;
            }
            String[] seg = n.substring(splitPrefix.length()).split("/", -1);
            boolean image = !n.endsWith("/") && isImage(seg[seg.length - 1]);
            if (seg.length == 1) {
                if (image) {
                    throw new UserInputException(source + ": " + n + ": image outside a class folder");
                }
                continue;
            }
            List<String> files = byClass.computeIfAbsent(seg[0], k -> new ArrayList<>());
            if (image && seg.length > 2) {
                throw new UserInputException(source + ": " + n + ": images must sit directly in a class folder");
            }
            if (image) {
                files.add(n);
            }
        }
        if (byClass.isEmpty()) {
            throw new UserInputException(source + ": " + splitPrefix + ": holds no class folders");
        }
        byClass.forEach((c, files) -> {
            if (files.isEmpty()) {
                throw new UserInputException(
                        source + ": " + splitPrefix + c + "/: class folder holds no .jpg, .jpeg or .png images");
            }
            files.sort(null);
        });
        return byClass;
    }

    private List<Image> images(Map<String, List<String>> byClass) {
        List<Image> out = new ArrayList<>();
        byClass.forEach((c, files) -> {
            int label = classes.indexOf(c);
            files.forEach(f -> out.add(new Image(f, label)));
        });
        return List.copyOf(out);
    }

    /** Hidden files and folders, and the resource forks macOS adds to zips, are not data. */
    private static boolean hidden(String name) {
        return name.startsWith("__MACOSX/") || name.startsWith(".") || name.contains("/.");
    }

    /** Relative names as a zip would list them: {@code /}-separated, folders ending in {@code /}. */
    private static List<String> folderNames(Path root) {
        List<String> names = new ArrayList<>();
        for (String split : List.of("train", "test", "val")) {
            Path dir = root.resolve(split);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        names.add(root.relativize(d).toString().replace('\\', '/') + "/");
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        names.add(root.relativize(f).toString().replace('\\', '/'));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw UserInputException.io(dir, "cannot list", e);
            }
        }
        return names;
    }
}
