package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.analysis.AnalysisResult;

class HeatmapTest {

    @Test
    void writtenPngsDecodeAndColourEncodesTheValue(@TempDir Path run) throws IOException {
        AnalysisResult a = SampleRun.analysis();
        Report.write(run, SampleRun.inputs());
        BufferedImage png = ImageIO.read(run.resolve("figures/robustness.png").toFile());
        HeatmapData data = Figures.robustness(a);
        Heatmap.Rendered layout = Heatmap.render(data);
        assertEquals(layout.image().getWidth(), png.getWidth());
        assertEquals(layout.image().getHeight(), png.getHeight());

        // layer1 re-randomized (0.901, at chance) against layer3 reset to epoch 0 (0.066, near final).
        Color high = background(png, layout, data, 0, 0);
        Color low = background(png, layout, data, 2, 1);
        assertTrue(distance(high, low) > 200, high + " vs " + low);
        assertClose(Colormap.VIRIDIS.at(0.901 / 0.9), high);
        assertClose(Colormap.VIRIDIS.at(0.066 / 0.9), low);
        // Readable text on both: dark digits on the bright cell, light digits on the dark one.
        assertTrue(hasPixelNear(png, cellBox(layout, data, 0, 0), Color.BLACK), "black text on the yellow cell");
        assertTrue(hasPixelNear(png, cellBox(layout, data, 2, 1), Color.WHITE), "white text on the purple cell");
    }

    @Test
    void sizeScalesWithTheGrid() {
        HeatmapData small = grid(6, 6);
        HeatmapData big = grid(12, 9);
        BufferedImage s = Heatmap.render(small).image();
        BufferedImage b = Heatmap.render(big).image();
        assertEquals(3 * Heatmap.CELL_WIDTH, b.getWidth() - s.getWidth());
        assertEquals(6 * Heatmap.CELL_HEIGHT, b.getHeight() - s.getHeight());
        for (HeatmapData d : List.of(small, big)) {
            Rectangle2D area = Heatmap.render(d).dataArea();
            double cellW = area.getWidth() / d.columnCount();
            double cellH = area.getHeight() / d.rowCount();
            assertTrue(cellW >= 90 && cellW <= 110, "cell width " + cellW);
            assertTrue(cellH >= 40, "cell height " + cellH);
        }
    }

    @Test
    void missingValuesAreGreyNotAColour() {
        double[][] v = {{0.1, Double.NaN}, {0.5, 0.9}};
        HeatmapData d = new HeatmapData(
                "t",
                "",
                List.of("a", "b"),
                List.of("0", "1"),
                "x",
                v,
                "err",
                0,
                0.9,
                Colormap.VIRIDIS,
                NumberStyle.FIXED3,
                List.of(),
                List.of());
        Heatmap.Rendered r = Heatmap.render(d);
        assertClose(Colormap.MISSING, background(r.image(), r, d, 0, 1));
    }

    @Test
    void rejectsGridsThatDoNotMatchTheirLabels() {
        double[][] v = {{0.1, 0.2}};
        assertThrows(
                IllegalArgumentException.class,
                () -> new HeatmapData(
                        "t",
                        "",
                        List.of("a", "b"),
                        List.of("0", "1"),
                        "x",
                        v,
                        "err",
                        0,
                        1,
                        Colormap.VIRIDIS,
                        NumberStyle.FIXED3,
                        List.of(),
                        List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new HeatmapData(
                        "t",
                        "",
                        List.of("a"),
                        List.of("0", "1"),
                        "x",
                        v,
                        "err",
                        1,
                        1,
                        Colormap.VIRIDIS,
                        NumberStyle.FIXED3,
                        List.of(),
                        List.of()));
    }

    @Test
    void valuesAreCopiedIn() {
        double[][] v = {{0.1, 0.2}};
        HeatmapData d = new HeatmapData(
                "t",
                "",
                List.of("a"),
                List.of("0", "1"),
                "x",
                v,
                "err",
                0,
                1,
                Colormap.VIRIDIS,
                NumberStyle.FIXED3,
                List.of(),
                List.of());
        v[0][0] = 0.7;
        d.values()[0][1] = 0.7;
        assertEquals(0.1, d.value(0, 0));
        assertEquals(0.2, d.value(0, 1));
    }

    @Test
    void colourBarGetsAboutTenRoundTicks() {
        assertEquals(0.1, Heatmap.tickUnit(0.9), 1e-12);
        assertEquals(0.2, Heatmap.tickUnit(1.414), 1e-12);
        assertEquals(0.05, Heatmap.tickUnit(0.5), 1e-12);
        assertEquals(1.0, Heatmap.tickUnit(10), 1e-12);
        assertEquals(0.002, Heatmap.tickUnit(0.0174), 1e-12);
    }

    @Test
    void narrowGridsStillFitTheirTitleAndAxisLabel() {
        double[][] v = {{0.5}};
        HeatmapData d = new HeatmapData(
                "Relative ℓ2 distance ‖θ(T) − θ(τ)‖₂ / ‖θ(0)‖₂",
                "",
                List.of("fc"),
                List.of("0"),
                Figures.COLUMN_AXIS,
                v,
                "relative ℓ2 distance",
                0,
                1,
                Colormap.MAGMA,
                NumberStyle.COMPACT,
                List.of(),
                List.of());
        Heatmap.Rendered r = Heatmap.render(d);
        assertTrue(r.dataArea().getWidth() >= 400, "the axis label is about 400 px wide: " + r.dataArea());
        assertTrue(r.dataArea().getHeight() >= 200, "room for the colour bar's label: " + r.dataArea());
    }

    private static HeatmapData grid(int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r][c] = (r * cols + c) / (double) (rows * cols);
            }
        }
        List<String> rowLabels = IntStream.range(0, rows)
                .mapToObj(i -> String.format("layer%02d", i))
                .toList();
        List<String> colLabels =
                IntStream.range(0, cols).mapToObj(Integer::toString).toList();
        return new HeatmapData(
                "grid",
                "sub",
                rowLabels,
                colLabels,
                "epoch",
                v,
                "value",
                0,
                1,
                Colormap.MAGMA,
                NumberStyle.FIXED3,
                List.of(rows - 1),
                Collections.emptyList());
    }

    private static Rectangle2D cellBox(Heatmap.Rendered r, HeatmapData d, int row, int col) {
        return r.cell(row, col, d.rowCount(), d.columnCount());
    }

    /** The cell's colour near its top-left corner, away from the centred text and the separators. */
    private static Color background(BufferedImage img, Heatmap.Rendered r, HeatmapData d, int row, int col) {
        Rectangle2D cell = cellBox(r, d, row, col);
        return new Color(
                img.getRGB((int) (cell.getX() + cell.getWidth() * 0.2), (int) (cell.getY() + cell.getHeight() * 0.25)));
    }

    private static boolean hasPixelNear(BufferedImage img, Rectangle2D box, Color target) {
        for (int y = (int) box.getMinY() + 4; y < box.getMaxY() - 4; y++) {
            for (int x = (int) box.getMinX() + 4; x < box.getMaxX() - 4; x++) {
                if (distance(new Color(img.getRGB(x, y)), target) < 60) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertClose(Color expected, Color actual) {
        assertTrue(distance(expected, actual) <= 6, "expected " + expected + " got " + actual);
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
