package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws a {@link HeatmapData} the way the paper's Figure 1 does: one coloured cell per (row,
 * checkpoint) with its value written in it, a colour bar, a title. JFreeChart does the drawing (block
 * renderer, paint-scale legend, text annotations); this class only decides sizes and styles.
 */
public final class Heatmap {
    /** About 100 px per column so that "0.382" sits in its cell with room to spare. */
    public static final int CELL_WIDTH = 100;
    /** Rows at least 40 px so that a 14 px label and the cell text never crowd each other. */
    public static final int CELL_HEIGHT = 44;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** The colour bar spans the cells; below this its label would be cut off, so few rows get taller. */
    private static final int MIN_GRID_HEIGHT = 240;

    private static final int BOTTOM_AXIS_SPACE = 58;
    private static final int LEGEND_SPACE = 140;
    private static final int TITLE_SPACE = 36;
    private static final int SUBTITLE_SPACE = 22;
    private static final int PADDING = 24;

    private Heatmap() {}

    /** The picture and where JFreeChart put the cells, for callers (and tests) that need to find one. */
    public record Rendered(BufferedImage image, Rectangle2D dataArea) {
        /** Pixel bounds of one cell; row 0 is the top row. */
        public Rectangle2D cell(int row, int column, int rows, int columns) {
            double w = dataArea.getWidth() / columns;
            double h = dataArea.getHeight() / rows;
            return new Rectangle2D.Double(dataArea.getX() + column * w, dataArea.getY() + row * h, w, h);
        }
    }

    public static byte[] png(HeatmapData data) {
        return encode(render(data), data.title());
    }

    /**
     * A heatmap whose cells carry a second, smaller line under the value, e.g. the half-width of a confidence
     * interval ({@code ±0.012}); {@code notes[r][c]} may be null or empty for a cell without one.
     */
    public static byte[] png(HeatmapData data, String[][] notes) {
        return encode(render(data, notes), data.title());
    }

    static byte[] encode(Rendered rendered, String what) {
        try {
            return ChartUtils.encodeAsPNG(rendered.image());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode heatmap " + what, e);
        }
    }

    public static Rendered render(HeatmapData data) {
        return render(data, null);
    }

    static Rendered render(HeatmapData data, String[][] notes) {
        int left = data.rowLabels().stream()
                        .mapToInt(l -> textWidth(TICK_FONT, l))
                        .max()
                        .orElse(0)
                + 16;
        // Narrow grids still need room for the centred axis label under the cells and for the title.
        int grid = Math.max(data.columnCount() * CELL_WIDTH, textWidth(LABEL_FONT, data.columnAxisLabel()) + 16);
        int width = Math.max(
                left + grid + LEGEND_SPACE + PADDING,
                Math.max(textWidth(TITLE_FONT, data.title()), textWidth(SUBTITLE_FONT, data.subtitle())) + 48);
        int height = TITLE_SPACE
                + (data.subtitle().isEmpty() ? 0 : SUBTITLE_SPACE)
                + Math.max(MIN_GRID_HEIGHT, data.rowCount() * CELL_HEIGHT)
                + BOTTOM_AXIS_SPACE
                + PADDING;
        JFreeChart chart = chart(data, left, notes);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, info);
        return new Rendered(image, info.getPlotInfo().getDataArea());
    }

    private static JFreeChart chart(HeatmapData data, int leftSpace, String[][] notes) {
        int rows = data.rowCount();
        int cols = data.columnCount();
        PaintScale scale = data.colormap().scale(data.lower(), data.upper());

        double[][] xyz = new double[3][rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = data.value(r, c);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("values", xyz);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockWidth(1.0);
        renderer.setBlockHeight(1.0);

        SymbolAxis columnAxis =
                new SymbolAxis(data.columnAxisLabel(), data.columnLabels().toArray(String[]::new));
        SymbolAxis rowAxis = new SymbolAxis(null, data.rowLabels().toArray(String[]::new));
        for (SymbolAxis axis : new SymbolAxis[] {columnAxis, rowAxis}) {
            axis.setGridBandsVisible(false);
            axis.setTickLabelFont(TICK_FONT);
            axis.setLabelFont(LABEL_FONT);
            axis.setTickMarksVisible(false);
            axis.setAxisLineVisible(false);
            axis.setAutoRange(false);
        }
        columnAxis.setRange(-0.5, cols - 0.5);
        rowAxis.setRange(-0.5, rows - 0.5);
        rowAxis.setInverted(true); // row 0 (the first layer) at the top, as in the paper

        XYPlot plot = new XYPlot(dataset, columnAxis, rowAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setInsets(new RectangleInsets(4, 4, 4, 12));
        // Fixed axis space: the cell size then depends only on the grid, not on the label lengths.
        plot.setFixedRangeAxisSpace(axisSpace(RectangleEdge.LEFT, leftSpace));
        plot.setFixedDomainAxisSpace(axisSpace(RectangleEdge.BOTTOM, BOTTOM_AXIS_SPACE));

        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = data.value(r, c);
                String note = notes == null || notes[r][c] == null ? "" : notes[r][c];
                Color ink = Double.isNaN(v) ? Color.DARK_GRAY : Colormap.textOn((Color) scale.getPaint(v));
                // With a note, the value moves up and the note sits under it, both inside the 44 px row.
                XYTextAnnotation text =
                        new XYTextAnnotation(data.numberStyle().format(v), c, note.isEmpty() ? r : r - 0.16);
                text.setFont(CELL_FONT);
                text.setTextAnchor(TextAnchor.CENTER);
                text.setPaint(ink);
                plot.addAnnotation(text);
                if (!note.isEmpty()) {
                    XYTextAnnotation under = new XYTextAnnotation(note, c, r + 0.22);
                    under.setFont(NOTE_FONT);
                    under.setTextAnchor(TextAnchor.CENTER);
                    under.setPaint(ink);
                    plot.addAnnotation(under);
                }
            }
        }
        BasicStroke separator = new BasicStroke(3f);
        for (int b : data.rowBreaks()) {
            plot.addRangeMarker(new ValueMarker(b - 0.5, Color.WHITE, separator), Layer.FOREGROUND);
        }
        for (int b : data.columnBreaks()) {
            plot.addDomainMarker(new ValueMarker(b - 0.5, Color.WHITE, separator), Layer.FOREGROUND);
        }

        JFreeChart chart = new JFreeChart(data.title(), TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        chart.getTitle().setPadding(new RectangleInsets(4, 0, 4, 0));
        if (!data.subtitle().isEmpty()) {
            TextTitle subtitle = new TextTitle(data.subtitle(), SUBTITLE_FONT);
            subtitle.setPaint(Color.DARK_GRAY);
            subtitle.setPadding(new RectangleInsets(0, 0, 6, 0));
            chart.addSubtitle(subtitle);
        }
        chart.addSubtitle(legend(data, scale));
        return chart;
    }

    private static PaintScaleLegend legend(HeatmapData data, PaintScale scale) {
        NumberAxis axis = new NumberAxis(data.scaleLabel());
        axis.setRange(data.lower(), data.upper());
        double unit = tickUnit(data.upper() - data.lower());
        axis.setTickUnit(new NumberTickUnit(unit));
        // As many decimals as the tick step has, on every tick: 0.0, 0.1, … rather than 0, 0.1, …
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(unit) + 1e-9));
        axis.setNumberFormatOverride(new DecimalFormat(
                decimals == 0 ? "0" : "0." + "0".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setTickLabelFont(SUBTITLE_FONT);
        axis.setLabelFont(LABEL_FONT);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setStripWidth(18);
        legend.setStripOutlineVisible(false);
        legend.setSubdivisionCount(256);
        legend.setAxisOffset(4);
        legend.setMargin(new RectangleInsets(4, 12, BOTTOM_AXIS_SPACE, 4));
        legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
        return legend;
    }

    private static AxisSpace axisSpace(RectangleEdge edge, double size) {
        AxisSpace space = new AxisSpace();
        space.add(size, edge);
        return space;
    }

    /** Measured rather than guessed: unit names are whatever the model calls its layers. */
    private static int textWidth(Font font, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            return fm.stringWidth(text);
        } finally {
            g.dispose();
        }
    }

    /** About ten ticks on the colour bar whatever its height: 1, 2 or 5 times a power of ten. */
    static double tickUnit(double range) {
        double raw = range / 10;
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw) {
                return m * decade;
            }
        }
        return 10 * decade;
    }
}
