package org.layerlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.layerlab.error.UserInputException;

/**
 * Extracts a {@code .tar.gz} (or plain {@code .tar}) or {@code .zip} archive into a new folder.
 *
 * <p>Entries that would land outside the folder ({@code ../}, absolute paths, symlinks pointing out)
 * and corrupt or truncated archives are rejected. Everything is extracted into a hidden temporary
 * folder beside the target, which is renamed into place only when complete, so a failure leaves
 * nothing behind. Symlinks are created last, after every file is written, so no file is ever written
 * through a link, and each is then checked by its real path.
 */
public final class SafeExtractor {
    private SafeExtractor() {}

    private record Link(String entry, Path at, String target) {}

    /** {@code target} must not exist yet; the format is told by the archive's first bytes. */
    public static void extract(Path archive, Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserInputException(target + ": already exists; not extracting " + archive + " over it");
        }
        Path tmp = null;
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".extract-");
            List<Link> links = new ArrayList<>();
            byte[] head = readHead(archive);
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K') {
                extractZip(archive, tmp, links);
            } else {
                extractTar(
                        archive, tmp, head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b, links);
            }
            makeLinks(archive, tmp, links);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            tmp = null;
        } catch (IOException e) {
            throw UserInputException.io(archive, "cannot extract to " + target, e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static byte[] readHead(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw UserInputException.io(archive, "cannot read", e);
        }
    }

    private static void extractTar(Path archive, Path root, boolean gzip, List<Link> links) throws IOException {
        String entry = null;
        int count = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream body = gzip ? new GzipCompressorInputStream(file) : file;
                TarArchiveInputStream tar = new TarArchiveInputStream(body)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; count++) {
                entry = e.getName();
                Path dest = inside(archive, root, entry);
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (e.isSymbolicLink()) {
                    links.add(new Link(entry, dest, e.getLinkName()));
                } else if (e.isLink()) {
                    throw bad(archive, entry, "hard links are not supported");
                } else if (e.isFile()) {
                    long n = copy(tar, dest, null);
                    if (n != e.getSize()) {
                        throw bad(archive, entry, "truncated (" + n + " of " + e.getSize() + " bytes)");
                    }
                } else {
                    throw bad(archive, entry, "unsupported entry type (device, fifo or sparse file)");
                }
                entry = null;
            }
        } catch (UserInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String what = entry == null ? "" : " entry " + entry + ":";
            throw new UserInputException(
                    archive + ":" + what + " corrupt or truncated " + (gzip ? "tar.gz" : "tar") + " archive ("
                            + e.getMessage() + ")",
                    e);
        }
        if (count == 0) {
            throw new UserInputException(archive + ": not a tar archive, or an empty one");
        }
    }

    private static void extractZip(Path archive, Path root, List<Link> links) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw new UserInputException(archive + ": not a readable zip archive (" + e.getMessage() + ")", e);
        }
        try (zip) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String entry = e.getName();
                Path dest = inside(archive, root, entry);
                try {
                    if (e.isUnixSymlink()) {
                        links.add(new Link(entry, dest, zip.getUnixSymlink(e)));
                    } else if (e.isDirectory()) {
                        Files.createDirectories(dest);
                    } else {
                        if (!zip.canReadEntryData(e)) {
                            throw bad(archive, entry, "encrypted or of an unsupported compression method");
                        }
                        CRC32 crc = new CRC32();
                        long n;
                        try (InputStream in = zip.getInputStream(e)) {
                            n = copy(in, dest, crc);
                        }
                        if (e.getSize() >= 0 && n != e.getSize()) {
                            throw bad(archive, entry, "truncated (" + n + " of " + e.getSize() + " bytes)");
                        }
                        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
                            throw bad(archive, entry, "CRC mismatch, the archive is corrupt");
                        }
                    }
                } catch (IOException | RuntimeException ex) {
                    if (ex instanceof UserInputException u) {
                        throw u;
                    }
                    throw bad(archive, entry, "corrupt or truncated zip archive (" + ex.getMessage() + ")");
                }
            }
        }
    }

    /** Refuses an archive entry name that would land outside any folder it is extracted into. */
    static void checkEntryName(Path archive, String entry) {
        Path root = Path.of("/archive-root");
        inside(archive, root, entry);
    }

    /** The entry's destination, refusing absolute names and any that normalize to outside {@code root}. */
    private static Path inside(Path archive, Path root, String entry) {
        String name = entry.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0) {
            throw bad(archive, entry, "absolute path, refusing to extract outside the target folder");
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw bad(archive, entry, "path escapes the target folder");
        }
        return dest;
    }

    private static long copy(InputStream in, Path dest, CRC32 crc) throws IOException {
        Files.createDirectories(dest.getParent());
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(dest)) {
            for (int n; (n = in.read(buf)) > 0; total += n) {
                out.write(buf, 0, n);
                if (crc != null) {
                    crc.update(buf, 0, n);
                }
            }
        }
        return total;
    }

    private static void makeLinks(Path archive, Path root, List<Link> links) throws IOException {
        for (Link l : links) {
            String t = l.target();
            if (t.isEmpty() || t.startsWith("/") || t.matches("^[A-Za-z]:.*")) {
                throw bad(archive, l.entry(), "symlink to absolute path '" + t + "' points outside the target folder");
            }
            if (!l.at().getParent().resolve(t).normalize().startsWith(root)) {
                throw bad(archive, l.entry(), "symlink to '" + t + "' points outside the target folder");
            }
            Files.createDirectories(l.at().getParent());
            Files.createSymbolicLink(l.at(), Path.of(t));
        }
        // A link's words can stay inside while its real target does not (a -> ".", a/b -> ".."),
        // so the finished tree is checked by real paths.
        Path realRoot = root.toRealPath();
        for (Link l : links) {
            Path real;
            try {
                real = l.at().toRealPath();
            } catch (IOException e) {
                throw bad(archive, l.entry(), "symlink to '" + l.target() + "' points to nothing in the archive");
            }
            if (!real.startsWith(realRoot)) {
                throw bad(archive, l.entry(), "symlink to '" + l.target() + "' points outside the target folder");
            }
        }
    }

    private static UserInputException bad(Path archive, String entry, String problem) {
        return new UserInputException(archive + ": entry " + entry + ": " + problem);
    }

    /** Removes the temp tree without following links (a rejected link may point anywhere). */
    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: the folder is hidden and named .extract-, and never read as data.
        }
    }
}
