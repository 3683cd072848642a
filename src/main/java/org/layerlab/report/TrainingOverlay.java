package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The training curves of all points of a sweep in one chart: each point's test error per epoch, the mean over its
 * seeds, on a log axis when the errors span a decade (as in a run's own training chart).
 */
public final class TrainingOverlay {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 560;

    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color[] COLOURS = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0x999999),
        Color.BLACK
    };

    private TrainingOverlay() {}

    /** One point's curve: epochs and mean test errors, same length. */
    public record Curve(String name, int[] epochs, double[] testErrors) {}

    /** @param chanceError drawn as a dashed line; NaN to leave it out */
    public static byte[] png(List<Curve> curves, double chanceError) {
        try {
            return ChartUtils.encodeAsPNG(chart(curves, chanceError).createBufferedImage(WIDTH, HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the training overlay", e);
        }
    }

    static JFreeChart chart(List<Curve> curves, double chanceError) {
        XYSeriesCollection data = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.isNaN(chanceError) ? 0 : chanceError;
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name(), false, true);
            for (int i = 0; i < c.epochs().length; i++) {
                double e = c.testErrors()[i];
                if (Double.isFinite(e) && e > 0) {
                    s.add(c.epochs()[i], e);
                    min = Math.min(min, e);
                    max = Math.max(max, e);
                }
            }
            data.addSeries(s);
        }
        ValueAxis y;
        if (min < Double.POSITIVE_INFINITY && max / min >= 10) {
            LogAxis axis = new LogAxis("test error, mean over seeds (log scale)");
            axis.setNumberFormatOverride(new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setMinorTickMarksVisible(true);
            axis.setRange(min / 1.3, max * 1.3);
            y = axis;
        } else {
            NumberAxis axis = new NumberAxis("test error, mean over seeds");
            axis.setRange(0, Math.max(0.05, max * 1.06));
            y = axis;
        }
        y.setTickLabelFont(TICK_FONT);
        y.setLabelFont(LABEL_FONT);
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setTickLabelFont(TICK_FONT);
        x.setLabelFont(LABEL_FONT);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            r.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            // Past eight points the colours repeat: dashes tell the second round apart.
            r.setSeriesStroke(
                    i,
                    i < COLOURS.length
                            ? new BasicStroke(2f)
                            : new BasicStroke(
                                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        if (!Double.isNaN(chanceError)) {
            plot.addRangeMarker(ChanceLine.at(chanceError));
        }
        JFreeChart chart = new JFreeChart(
                "Training: test error of every point", new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(TICK_FONT);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return chart;
    }
}
