package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.analysis.RowInfo;
import org.layerlab.distance.DistanceTable;
import org.layerlab.robustness.RobustnessTable;
import org.layerlab.robustness.VerdictRule;

/** The summary's header uses τ, ≤ and ≥ only where the output's charset can encode them. */
class SummaryTest {
    @TempDir
    Path tmp;

    private static AnalysisResult result() {
        List<String> rows = List.of("layer1", "fullmodel");
        List<String> columns = List.of("rerandomize", "0", "2");
        RobustnessTable t = new RobustnessTable(
                0.05,
                0.9,
                rows,
                columns,
                Map.of(
                        "layer1", Map.of("rerandomize", 0.88, "0", 0.61, "2", 0.05),
                        "fullmodel", Map.of("rerandomize", 0.9, "0", 0.9, "2", 0.05)),
                Map.of("layer1", List.of(0.88), "fullmodel", List.of(0.9)));
        VerdictRule rule = new VerdictRule(0.1, 0.25, 0.1);
        return new AnalysisResult(
                1000,
                rule,
                List.of(
                        new RowInfo("layer1", "unit", List.of("layer1"), 10),
                        new RowInfo("fullmodel", "fullmodel", List.of("layer1"), 10)),
                t,
                new DistanceTable(rows, columns, Map.of()),
                rule.judgeAll(t),
                null,
                "",
                java.util.Map.of(),
                List.of(),
                1.0);
    }

    private byte[] printed(Charset charset) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(new EncodedPrintWriter(bytes, charset), tmp.resolve("report.html"), result());
        return bytes.toByteArray();
    }

    @Test
    void anAsciiOutputGetsTheHeaderSpelledOut() throws IOException {
        byte[] raw = printed(StandardCharsets.US_ASCII);
        String text = new String(raw, StandardCharsets.US_ASCII);
        assertTrue(text.contains("err(tau=0)") && text.contains("robust if d <= 0.1, critical if d >= 0.25"), text);
        assertFalse(text.contains("?"), "nothing was replaced by '?': " + text);
        for (byte b : raw) {
            assertTrue(b >= 0, "ASCII only: " + text);
        }
        assertHeaderAlignsWithRows(text);
    }

    @Test
    void aUtf8OutputKeepsTheSymbols() throws IOException {
        String text = new String(printed(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertTrue(text.contains("err(τ=0)") && text.contains("robust if d ≤ 0.1, critical if d ≥ 0.25"), text);
        assertFalse(text.contains("tau"), text);
        assertHeaderAlignsWithRows(text);
    }

    /** Header and rows have the same fixed widths, so each header ends above its column. */
    private static void assertHeaderAlignsWithRows(String text) {
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(2).startsWith("unit"), text);
        assertTrue(lines.get(3).startsWith("layer1"), text);
        assertEquals(lines.get(3).length(), lines.get(2).length(), text);
    }

    @Test
    void theChoiceNeedsEverySymbol() {
        assertSame(Glyphs.UNICODE, Glyphs.forCharset(StandardCharsets.UTF_8));
        assertSame(Glyphs.UNICODE, Glyphs.forCharset(StandardCharsets.UTF_16));
        assertSame(Glyphs.ASCII, Glyphs.forCharset(StandardCharsets.US_ASCII));
        assertSame(Glyphs.ASCII, Glyphs.forCharset(StandardCharsets.ISO_8859_1));
        // Greek code page: τ is there, ≤ and ≥ are not.
        Charset greek = Charset.forName("windows-1253");
        assertTrue(greek.newEncoder().canEncode("τ"));
        assertSame(Glyphs.ASCII, Glyphs.forCharset(greek));
    }

    @Test
    void aWriterOfUnknownEncodingIsTakenToUseTheDefaultCharset() {
        PrintWriter plain = new PrintWriter(new StringWriter());
        assertSame(Glyphs.forCharset(Charset.defaultCharset()), Glyphs.of(plain));
        assertSame(
                Glyphs.ASCII,
                Glyphs.of(new EncodedPrintWriter(new ByteArrayOutputStream(), StandardCharsets.US_ASCII)));
        assertSame(
                Glyphs.UNICODE, Glyphs.of(new EncodedPrintWriter(new ByteArrayOutputStream(), StandardCharsets.UTF_8)));
    }

    @Test
    void messagesAreSpelledOutForAnAsciiOutput() {
        String m = "train.epochs: must be ≥ 1, got −3 (τ … ×)";
        PrintWriter ascii = new EncodedPrintWriter(new ByteArrayOutputStream(), StandardCharsets.US_ASCII);
        assertEquals("train.epochs: must be >= 1, got -3 (tau ... x)", Glyphs.printable(m, ascii));
        PrintWriter utf8 = new EncodedPrintWriter(new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        assertSame(m, Glyphs.printable(m, utf8));
    }
}
