package org.layerlab.error;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A problem with what the user gave us (a spec, a data file, a path), as opposed to a bug.
 *
 * <p>The CLI maps it to exit code 2 and prints only {@link #getMessage()}, so the message must stand
 * alone on one line: name the file or key first, then what is wrong with it.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(oneLine(message));
    }

    public UserInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code "<where>: <doing> (<reason>)"}, e.g. {@code "/data/x.bin: cannot read (permission denied)"}. */
    public static UserInputException io(Object where, String doing, IOException e) {
        return new UserInputException(where + ": " + doing + " (" + reason(e) + ")", e);
    }

    /**
     * What went wrong, in words. The JDK's file-system exceptions carry only the path as their message
     * and say what happened through their class, whose name must not reach the user.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "file system error";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof EOFException ? "unexpected end of file" : "I/O error";
        }
        return m.strip().lines().findFirst().orElseThrow();
    }

    /** Messages quote the user's own text back (a name, a value), which may itself hold line breaks. */
    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
