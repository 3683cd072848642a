package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The symbols of the summary. Under {@code LANG=C} Java 17 writes stdout in US-ASCII and would print
 * {@code τ}, {@code ≤} and {@code ≥} as {@code ?}, so they are spelled out there.
 */
record Glyphs(String errorAtInit, String atMost, String atLeast) {
    static final Glyphs UNICODE = new Glyphs("err(τ=0)", "≤", "≥");
    static final Glyphs ASCII = new Glyphs("err(tau=0)", "<=", ">=");

    static Glyphs forCharset(Charset charset) {
        String all = UNICODE.errorAtInit + UNICODE.atMost + UNICODE.atLeast;
        return charset.canEncode() && charset.newEncoder().canEncode(all) ? UNICODE : ASCII;
    }

    /**
     * For the charset {@code out} encodes to; a writer that does not say (a {@code StringWriter}'s, say)
     * is taken to use the default charset, as {@code new PrintWriter(OutputStream)} does.
     */
    static Glyphs of(PrintWriter out) {
        return forCharset(out instanceof EncodedPrintWriter e ? e.charset() : Charset.defaultCharset());
    }
}
