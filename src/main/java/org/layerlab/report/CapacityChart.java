package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The paper's capacity and task-difficulty comparison: how many units are critical (above) and what fraction of
 * the units judged (below) against one swept key, one line per value of the others, each point the mean over seeds
 * with its 95 % confidence interval as a bar.
 */
public final class CapacityChart {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 640;

    // Okabe–Ito: told apart with the common colour-vision deficiencies.
    private static final Color[] COLOURS = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0xF0E442),
        Color.BLACK
    };
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private CapacityChart() {}

    /**
     * @param xKey the swept key on the x axis
     * @param seriesKey what tells the lines apart (the other swept keys), empty when there is one line
     * @param series one line each
     */
    public record Data(String xKey, String seriesKey, List<Series> series) {}

    /** @param points in x order */
    public record Series(String name, List<XPoint> points) {}

    /** @param countHalf, fractionHalf half-widths of the 95 % intervals (NaN: none) */
    public record XPoint(String x, double count, double countHalf, double fraction, double fractionHalf) {}

    public static byte[] png(Data data) {
        try {
            return ChartUtils.encodeAsPNG(chart(data).createBufferedImage(WIDTH, HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the capacity chart", e);
        }
    }

    static JFreeChart chart(Data data) {
        DefaultStatisticalCategoryDataset counts = new DefaultStatisticalCategoryDataset();
        DefaultStatisticalCategoryDataset fractions = new DefaultStatisticalCategoryDataset();
        for (Series s : data.series()) {
            for (XPoint p : s.points()) {
                counts.add(finite(p.count()), finite(p.countHalf()), s.name(), p.x());
                fractions.add(finite(p.fraction()), finite(p.fractionHalf()), s.name(), p.x());
            }
        }
        CategoryAxis x = new CategoryAxis(data.xKey());
        x.setTickLabelFont(TICK_FONT);
        x.setLabelFont(LABEL_FONT);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(x);
        plot.setGap(16);
        plot.add(panel(counts, "critical units (count)", data.series().size()), 1);
        NumberAxis fractionAxis = new NumberAxis("critical units (fraction of judged)");
        fractionAxis.setRange(-0.03, 1.03);
        CategoryPlot lower = panel(fractions, fractionAxis, data.series().size());
        // Both panels show the same lines: the legend lists them once.
        lower.getRenderer().setDefaultSeriesVisibleInLegend(false);
        plot.add(lower, 1);
        String title = "Critical units against " + data.xKey();
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(TICK_FONT);
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        if (!data.seriesKey().isEmpty()) {
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(
                    "one line per " + data.seriesKey() + "; mean over seeds, bars: 95 % confidence interval",
                    TICK_FONT));
        } else {
            chart.addSubtitle(
                    new org.jfree.chart.title.TextTitle("mean over seeds, bars: 95 % confidence interval", TICK_FONT));
        }
        return chart;
    }

    private static CategoryPlot panel(DefaultStatisticalCategoryDataset data, String label, int series) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        return panel(data, axis, series);
    }

    private static CategoryPlot panel(DefaultStatisticalCategoryDataset data, NumberAxis axis, int series) {
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelFont(LABEL_FONT);
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(true, true);
        r.setErrorIndicatorStroke(new BasicStroke(1.6f));
        for (int i = 0; i < series; i++) {
            Color c = COLOURS[i % COLOURS.length];
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2.2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        r.setErrorIndicatorPaint(null); // each bar in its line's colour
        CategoryPlot p = new CategoryPlot(data, null, axis, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xDDDDDD));
        p.setOutlinePaint(new Color(0xBBBBBB));
        return p;
    }

    /** JFreeChart skips a null mean and draws no bar for a null deviation. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
