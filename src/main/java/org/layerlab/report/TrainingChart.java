package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
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
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.layerlab.metric.Metric;
import org.layerlab.train.EpochRecord;

/**
 * The training curve from the train log: train and test error per epoch above, the learning rate in
 * a small panel below (a second panel rather than a second y axis, so neither curve is read against
 * the wrong scale).
 */
public final class TrainingChart {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 600;

    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    private static final Color TRAIN = new Color(0x0072B2);
    private static final Color TEST = new Color(0xD55E00);
    private static final Color LR = new Color(0x009E73);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private TrainingChart() {}

    /** A classifier's chart: errors per epoch. */
    public static byte[] png(List<EpochRecord> log, double chanceValue) {
        return png(log, Metric.ERROR, "epoch", chanceValue);
    }

    /**
     * @param metric what is plotted: train and test error, or (a language model) train and test loss
     * @param unit what the log's rows count: {@code epoch} or {@code step}
     * @param chanceValue drawn as a dashed reference line; NaN to leave it out
     */
    public static byte[] png(List<EpochRecord> log, Metric metric, String unit, double chanceValue) {
        if (log.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        try {
            return ChartUtils.encodeAsPNG(chart(log, metric, unit, chanceValue).createBufferedImage(WIDTH, HEIGHT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the training chart", e);
        }
    }

    static JFreeChart chart(List<EpochRecord> log, double chanceValue) {
        return chart(log, Metric.ERROR, "epoch", chanceValue);
    }

    private static double train(EpochRecord e, Metric m) {
        return m == Metric.LOSS ? e.trainLoss() : e.trainError();
    }

    static JFreeChart chart(List<EpochRecord> log, Metric metric, String unit, double chanceValue) {
        String word = metric.id();
        double maxError = Double.isNaN(chanceValue) ? 0 : chanceValue;
        double minPositiveError = Double.POSITIVE_INFINITY;
        boolean zeroTrain = false;
        boolean zeroTest = false;
        double minLr = Double.POSITIVE_INFINITY;
        double maxLr = 0;
        for (EpochRecord e : log) {
            for (double err : new double[] {train(e, metric), e.test(metric)}) {
                if (Double.isFinite(err)) {
                    maxError = Math.max(maxError, err);
                    if (err > 0) {
                        minPositiveError = Math.min(minPositiveError, err);
                    }
                }
            }
            zeroTrain |= train(e, metric) == 0;
            zeroTest |= e.test(metric) == 0;
            if (e.lr() > 0) {
                minLr = Math.min(minLr, e.lr());
                maxLr = Math.max(maxLr, e.lr());
            }
        }
        // Errors fall from chance to a few percent in the first epochs and then change in the third
        // digit (Fig. 1's final 0.02 against a train error near 0): on a linear axis the whole second
        // half of training is one flat line at the bottom, so when the errors and the chance line (which
        // the axis shows too) span a decade, the axis is logarithmic.
        boolean logErrors = minPositiveError < Double.POSITIVE_INFINITY && maxError / minPositiveError >= 10;
        // A log axis has no zero: an error of exactly 0 is drawn at this floor, and the legend says so.
        double floor = minPositiveError / 2;
        String zeroNote = "; 0 drawn at the bottom";
        XYSeries train = new XYSeries(
                "train " + word + " (batches during the " + unit + (logErrors && zeroTrain ? zeroNote : "") + ")");
        XYSeries test =
                new XYSeries("test " + word + " (end of " + unit + (logErrors && zeroTest ? zeroNote : "") + ")");
        XYSeries lr = new XYSeries("learning rate");
        for (EpochRecord e : log) {
            add(train, e.epoch(), logErrors ? Math.max(floor, train(e, metric)) : train(e, metric));
            add(test, e.epoch(), logErrors ? Math.max(floor, e.test(metric)) : e.test(metric));
            add(lr, e.epoch(), e.lr());
        }

        ValueAxis errorAxis;
        if (logErrors) {
            LogAxis axis = decadeAxis(word + " (log scale)");
            axis.setRange(floor / 1.3, maxError * 1.3);
            errorAxis = axis;
        } else {
            NumberAxis axis = new NumberAxis(metric == Metric.LOSS ? "loss (nats/token)" : word);
            double top = Math.max(0.05, maxError * 1.06);
            axis.setRange(-0.02 * top, top); // a little below 0 so markers at zero error are not cut in half
            errorAxis = axis;
        }
        style(errorAxis);
        XYPlot errors = new XYPlot(new XYSeriesCollection(train), null, errorAxis, renderer(TRAIN));
        errors.setDataset(1, new XYSeriesCollection(test));
        errors.setRenderer(1, renderer(TEST));
        if (!Double.isNaN(chanceValue)) {
            errors.addRangeMarker(ChanceLine.at(chanceValue));
        }

        // A step schedule spans decades; on a linear axis every step after the first would look flat.
        boolean logScale = maxLr > 0 && maxLr / minLr >= 10;
        ValueAxis lrAxis;
        if (logScale) {
            lrAxis = decadeAxis("learning rate");
        } else {
            NumberAxis axis = new NumberAxis("learning rate");
            axis.setAutoRangeIncludesZero(true);
            lrAxis = axis;
        }
        lrAxis.setUpperMargin(0.15);
        lrAxis.setLowerMargin(0.15);
        style(lrAxis);
        XYPlot rate = new XYPlot(new XYSeriesCollection(lr), null, lrAxis, renderer(LR));

        NumberAxis epochAxis = new NumberAxis(unit);
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochAxis.setAutoRangeIncludesZero(false);
        epochAxis.setLowerMargin(0.03);
        epochAxis.setUpperMargin(0.03);
        style(epochAxis);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.setGap(14);
        plot.add(errors, 3);
        plot.add(rate, 1);
        for (XYPlot p : new XYPlot[] {errors, rate}) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(new Color(0xDDDDDD));
            p.setRangeGridlinePaint(new Color(0xDDDDDD));
            p.setOutlinePaint(new Color(0xBBBBBB));
        }

        JFreeChart chart = new JFreeChart("Training", new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(TICK_FONT);
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return chart;
    }

    /** A log axis with one labelled tick per decade (0.1, 0.01, ...), written as plain decimals. */
    private static LogAxis decadeAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setNumberFormatOverride(new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    /** Non-finite values (a diverged epoch) are left out rather than breaking the axis range. */
    private static void add(XYSeries series, int epoch, double value) {
        if (Double.isFinite(value)) {
            series.add(epoch, value);
        }
    }

    private static XYLineAndShapeRenderer renderer(Color colour) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, colour);
        r.setSeriesStroke(0, new BasicStroke(2.2f));
        r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        return r;
    }

    private static void style(ValueAxis axis) {
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelFont(LABEL_FONT);
    }
}
