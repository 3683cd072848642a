package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The symbols of the summary. Under {@code LANG=C} Java 17 writes stdout in US-ASCII and would print
 * {@code τ}, {@code ≤} and {@code ≥} as {@code ?}, so they are spelled out there.
 */
record Glyphs(String valueAtInit, String atMost, String atLeast) {
    static final Glyphs UNICODE = new Glyphs("err(τ=0)", "≤", "≥");
    static final Glyphs ASCII = new Glyphs("err(tau=0)", "<=", ">=");

    static Glyphs forCharset(Charset charset) {
        String all = UNICODE.valueAtInit + UNICODE.atMost + UNICODE.atLeast;
        return charset.canEncode() && charset.newEncoder().canEncode(all) ? UNICODE : ASCII;
    }

    /**
     * For the charset {@code out} encodes to; a writer that does not say (a {@code StringWriter}'s, say)
     * is taken to use the default charset, as {@code new PrintWriter(OutputStream)} does.
     */
    static Glyphs of(PrintWriter out) {
        return forCharset(out instanceof EncodedPrintWriter e ? e.charset() : Charset.defaultCharset());
    }

    /** The symbols our messages use, spelled out for an output that cannot encode them. */
    private static final java.util.Map<String, String> SPELLED = java.util.Map.ofEntries(
            java.util.Map.entry("≥", ">="),
            java.util.Map.entry("≤", "<="),
            java.util.Map.entry("τ", "tau"),
            java.util.Map.entry("θ", "theta"),
            java.util.Map.entry("×", "x"),
            java.util.Map.entry("·", "*"),
            java.util.Map.entry("−", "-"),
            java.util.Map.entry("–", "-"),
            java.util.Map.entry("—", "--"),
            java.util.Map.entry("…", "..."),
            java.util.Map.entry("→", "->"),
            java.util.Map.entry("‖", "||"),
            java.util.Map.entry("√", "sqrt"),
            java.util.Map.entry("²", "^2"));

    /** {@code text} as {@code out} can print it: our symbols spelled out where its charset lacks them. */
    static String printable(String text, PrintWriter out) {
        Charset c = out instanceof EncodedPrintWriter e ? e.charset() : Charset.defaultCharset();
        if (!c.canEncode() || c.newEncoder().canEncode(text)) {
            return text;
        }
        String plain = text;
        for (var e : SPELLED.entrySet()) {
            plain = plain.replace(e.getKey(), e.getValue());
        }
        return plain;
    }
}
