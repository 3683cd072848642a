package org.layerlab.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.layerlab.error.UserInputException;

/**
 * Reads a spec file's text: at most {@link #MAX_BYTES} (the YAML scanner takes minutes on a file of
 * 100 MB, and no spec is near 1 MiB), decoded strictly as UTF-8 so that a file in another encoding is
 * named as such instead of being read with replacement characters.
 */
final class SpecFiles {
    static final int MAX_BYTES = 1 << 20;

    private SpecFiles() {}

    /** The text of {@code file}; {@code label} names it in messages. */
    static String read(Path file, String label) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(label, size + " bytes");
            }
            // The size can lie (a file still growing, /proc): the read itself is bounded too.
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (IOException e) {
            throw UserInputException.io(label, "cannot read", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(label, "more than " + MAX_BYTES + " bytes");
        }
        return decode(bytes, label);
    }

    /** Strict UTF-8 (a leading byte-order mark is dropped); the first bad byte is named with its offset. */
    static String decode(byte[] bytes, String label) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int offset = in.position();
            throw new UserInputException(String.format(
                    Locale.ROOT, "%s: not UTF-8 text (byte 0x%02X at offset %d)", label, bytes[offset] & 0xff, offset));
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static UserInputException tooLarge(String label, String size) {
        return new UserInputException(
                label + ": too large for a spec file (" + size + "; the limit is " + MAX_BYTES + " bytes, 1 MiB)");
    }
}
