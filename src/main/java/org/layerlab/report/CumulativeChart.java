package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.layerlab.robustness.RobustnessTable;

/**
 * Cumulative re-initialization (the paper's joint resets): the test metric after resetting units 1..k
 * (bottom-up) or the last k (top-down) to their initial values, against k, both directions on one plot,
 * with the trained network's value and chance as reference lines.
 */
public final class CumulativeChart {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 480;
    private static final Color BOTTOM = new Color(0x0072B2);
    private static final Color TOP = new Color(0xD55E00);

    private CumulativeChart() {}

    /** Whether the table has cumulative rows to draw. */
    public static boolean applies(RobustnessTable t) {
        return t.rows().contains("bottom-1") || t.rows().contains("top-1");
    }

    public static byte[] png(RobustnessTable t) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String direction : new String[] {"bottom", "top"}) {
            XYSeries s =
                    new XYSeries(direction.equals("bottom") ? "bottom-up: units 1..k" : "top-down: the last k units");
            for (int k = 1; t.rows().contains(direction + "-" + k); k++) {
                s.add(k, t.value(direction + "-" + k, "0"));
            }
            if (s.getItemCount() > 0) {
                data.addSeries(s);
            }
        }
        NumberAxis kAxis = new NumberAxis("k (units reset together to their initial values)");
        kAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis valueAxis = new NumberAxis(t.metric().label() + " at τ = 0");
        valueAxis.setAutoRangeIncludesZero(t.metric() == org.layerlab.metric.Metric.ERROR);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, BOTTOM);
        r.setSeriesPaint(1, TOP);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, kAxis, valueAxis, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        for (double[] line : new double[][] {{t.finalValue(), 0}, {t.chanceValue(), 1}}) {
            ValueMarker m = new ValueMarker(
                    line[0],
                    Color.GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            m.setLabel((line[1] == 0 ? "trained " : "chance ") + NumberStyle.FIXED3.format(line[0]));
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            plot.addRangeMarker(m);
        }
        JFreeChart chart =
                new JFreeChart("Cumulative re-initialization", new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the cumulative chart", e);
        }
    }
}
