package org.layerlab.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The symbols of the summary's header. Under {@code LANG=C} Java 17 writes stdout in US-ASCII and
 * would print {@code τ}, {@code ≤} and {@code ≥} as {@code ?}, so they are spelled out there.
 */
record Glyphs(String errorAtInit, String robustBelow, String criticalAbove) {
    static final Glyphs UNICODE = new Glyphs("err(τ=0)", "robust≤", "critical≥");
    static final Glyphs ASCII = new Glyphs("err(tau=0)", "robust<=", "critical>=");

    static Glyphs forCharset(Charset charset) {
        String all = UNICODE.errorAtInit + UNICODE.robustBelow + UNICODE.criticalAbove;
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
