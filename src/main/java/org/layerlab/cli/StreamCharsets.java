package org.layerlab.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The charsets the JVM encodes {@code System.out} and {@code System.err} in: Java 19+ names them in
 * {@code stdout.encoding}/{@code stderr.encoding}, Java 17 in {@code sun.std*.encoding} when set, and
 * otherwise uses the default charset, which Java 17 takes from the locale (US-ASCII under {@code LANG=C}).
 */
final class StreamCharsets {
    private StreamCharsets() {}

    static Charset stdout() {
        return of("stdout.encoding", "sun.stdout.encoding");
    }

    static Charset stderr() {
        return of("stderr.encoding", "sun.stderr.encoding");
    }

    private static Charset of(String... properties) {
        for (String p : properties) {
            String name = System.getProperty(p);
            if (name != null && !name.isBlank()) {
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    // The JVM falls back to the default charset for such a name too.
                }
            }
        }
        return Charset.defaultCharset();
    }
}
