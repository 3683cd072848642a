package org.layerlab.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.data.OriginalOrder;

/** A failed file operation reads "<file>: <what> (<reason>)", without an exception class name. */
class UserInputExceptionTest {

    @Test
    void fileSystemExceptionsAreSaidInWords() {
        // These carry only the path as their message: the class was the whole reason.
        assertEquals("no such file or folder", UserInputException.reason(new NoSuchFileException("/x")));
        assertEquals("permission denied", UserInputException.reason(new AccessDeniedException("/x")));
        assertEquals(
                "Read-only file system",
                UserInputException.reason(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("bad header", UserInputException.reason(new IOException("bad header\n at [Source: x]")));
        assertEquals("I/O error", UserInputException.reason(new IOException()));
    }

    @Test
    void readingAFolderAsAFileNamesItAndTheReason(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("labels.txt"));
        UserInputException e = assertThrows(UserInputException.class, () -> OriginalOrder.readLabels(folder, 3));
        assertEquals(folder + ": cannot read (Is a directory)", e.getMessage());
    }
}
