package org.layerlab.run;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.layerlab.error.UserInputException;

/**
 * Where a run folder really is, and whether layerlab may clear it. {@code --force} replaces a run; it
 * must never delete anything else, so the folder is resolved to its real path first (a symlinked
 * {@code --out} is the folder it points to), and the working folder, its ancestors, the home folder
 * and {@code /} are never cleared, whatever they contain.
 */
final class RunFolderSafety {
    private RunFolderSafety() {}

    /**
     * The real path of {@code out}: symlinks resolved, {@code .} and {@code ..} applied to real folders.
     * A folder that does not exist yet is its nearest existing ancestor's real path plus the rest.
     */
    static Path realPath(Path out) {
        Path abs = out.toAbsolutePath();
        Path existing = abs;
        Path rest = abs.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try {
            Path base = existing == null ? abs.getRoot() : existing.toRealPath();
            for (Path part : rest) {
                if (part.toString().equals("..") || part.toString().equals(".")) {
                    throw new UserInputException(out + ": '" + part + "' after a folder that does not exist yet");
                }
            }
            return rest.toString().isEmpty() ? base : base.resolve(rest);
        } catch (IOException e) {
            throw UserInputException.io(out, "cannot resolve the run folder", e);
        }
    }

    /** Refuses to clear a folder whose loss would not be a layerlab run's. {@code root} is a real path. */
    static void requireClearable(Path root) {
        Path cwd = real(Path.of("").toAbsolutePath());
        Path home = real(Path.of(System.getProperty("user.home", "/")));
        String why = null;
        if (root.getParent() == null) {
            why = "it is the file system's root";
        } else if (root.equals(home)) {
            why = "it is the home folder";
        } else if (cwd.startsWith(root)) {
            why = root.equals(cwd) ? "it is the working folder" : "it holds the working folder";
        }
        if (why != null) {
            throw new UserInputException(root + ": --force will not clear this folder: " + why
                    + "; give the run a folder of its own with --out");
        }
    }

    /**
     * Deletes everything in {@code root} but the lock file, without following links (a link is removed,
     * never what it points to), then checks that nothing else is left.
     */
    static void clear(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.equals(root.resolve(RunLock.FILE))) {
                        Files.delete(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (!dir.equals(root)) {
                        Files.delete(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw UserInputException.io(root, "cannot clear the old run", e);
        }
        List<String> left =
                entries(root).stream().filter(n -> !n.equals(RunLock.FILE)).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException(root + ": still holds " + left + " after clearing");
        }
    }

    /** Names in {@code dir}. */
    static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw UserInputException.io(dir, "cannot list", e);
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
