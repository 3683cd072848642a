package org.layerlab.data.text;

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
import java.util.HexFormat;
import java.util.Locale;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;

/**
 * A text file's bytes, their SHA-256 and their strictly decoded UTF-8 text. Strict: a byte sequence
 * that is not UTF-8 (Latin-1 text, a binary file, an overlong or surrogate encoding, a character cut
 * off at the end) is bad input naming the file, the byte offset and line, never a silent U+FFFD. A
 * leading byte order mark is an encoding marker, not text, and is dropped.
 */
record Utf8Text(String text, long bytes, String sha256) {

    static Utf8Text read(Path file, long maxBytes) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        if (bytes.length > maxBytes) {
            throw new UserInputException(file + ": larger than " + mib(maxBytes)
                    + ", more text than layerlab reads into memory at once (use a part of it)");
        }
        return new Utf8Text(decode(bytes, file), bytes.length, Hashes.sha256(bytes));
    }

    static String decode(byte[] bytes, Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int n = Math.min(r.length(), 4);
            StringBuilder shown = new StringBuilder();
            for (int i = at; i < at + n && i < bytes.length; i++) {
                shown.append(shown.length() == 0 ? "" : " ")
                        .append("0x")
                        .append(HexFormat.of().withUpperCase().toHexDigits(bytes[i]));
            }
            boolean cutOff = at + r.length() >= bytes.length && incomplete(bytes, at);
            throw new UserInputException(file + ": not UTF-8 text: the byte" + (n == 1 ? " " : "s ") + shown
                    + " at byte offset " + at + " (line " + lineOf(bytes, at) + ") " + (n == 1 ? "is " : "are ")
                    + (cutOff ? "the start of a character cut off at the end of the file" : "not UTF-8")
                    + " (save the corpus as UTF-8)");
        }
        out.flip();
        if (out.length() > 0 && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    /** True when the bytes from {@code at} to the end begin a character that more bytes would complete. */
    private static boolean incomplete(byte[] bytes, int at) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer rest = ByteBuffer.wrap(bytes, at, bytes.length - at);
        CoderResult r = decoder.decode(rest, CharBuffer.allocate(4), false);
        return r.isUnderflow() && rest.hasRemaining();
    }

    private static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
