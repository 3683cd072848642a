package org.layerlab.error;

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

    /** Messages quote the user's own text back (a name, a value), which may itself hold line breaks. */
    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
