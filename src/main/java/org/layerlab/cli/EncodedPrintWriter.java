package org.layerlab.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** An auto-flushing writer that remembers the charset it encodes to, so output can use only what it can show. */
final class EncodedPrintWriter extends PrintWriter {
    private final Charset charset;

    EncodedPrintWriter(OutputStream out, Charset charset) {
        super(new OutputStreamWriter(out, charset), true);
        this.charset = charset;
    }

    Charset charset() {
        return charset;
    }
}
