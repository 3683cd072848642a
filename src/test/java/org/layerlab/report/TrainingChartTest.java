package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.layerlab.train.EpochRecord;

class TrainingChartTest {

    @Test
    void drawsTheSampleLog() throws IOException {
        BufferedImage img = decode(TrainingChart.png(SampleRun.trainLog(), SampleRun.CHANCE));
        assertEquals(TrainingChart.WIDTH, img.getWidth());
        assertEquals(TrainingChart.HEIGHT, img.getHeight());
    }

    @Test
    void survivesDegenerateLogs() throws IOException {
        // Only the initialization; a constant learning rate; a diverged epoch; no chance error known.
        decode(TrainingChart.png(List.of(new EpochRecord(0, 0.1, 2.3, 0.9, Double.NaN, 0.9, 1)), SampleRun.CHANCE));
        decode(TrainingChart.png(
                List.of(
                        new EpochRecord(0, 0.05, 2.3, 0.9, Double.NaN, 0.9, 1),
                        new EpochRecord(1, 0.05, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1)),
                Double.NaN));
        decode(TrainingChart.png(List.of(new EpochRecord(0, 0, 2.3, 0.9, Double.NaN, 0.9, 1)), 0.9));
        assertThrows(IllegalArgumentException.class, () -> TrainingChart.png(List.of(), 0.9));
    }

    @Test
    void errorsSpanningDecadesGetALogAxisWithZeroAtTheFloor() {
        List<EpochRecord> log = List.of(
                new EpochRecord(0, 0.01, Double.NaN, Double.NaN, Double.NaN, 0.9, 1),
                new EpochRecord(1, 0.01, 0.5, 0.12, Double.NaN, 0.05, 1),
                new EpochRecord(2, 0.002, 0.1, 0.0, Double.NaN, 0.02, 1));
        XYPlot errors = errorPlot(TrainingChart.chart(log, 0.9));
        assertInstanceOf(LogAxis.class, errors.getRangeAxis());
        XYSeries train = ((XYSeriesCollection) errors.getDataset(0)).getSeries(0);
        assertEquals(2, train.getItemCount(), "the missing train error of epoch 0 is left out");
        double zeroDrawnAt = train.getY(1).doubleValue();
        assertTrue(
                zeroDrawnAt > 0 && zeroDrawnAt < 0.02,
                "zero error drawn below the smallest positive one: " + zeroDrawnAt);
        assertTrue(errors.getRangeAxis().getLowerBound() < zeroDrawnAt, "the floor is inside the axis");
        assertTrue(
                train.getKey().toString().contains("0 drawn at the bottom"),
                train.getKey().toString());
        XYSeries test = ((XYSeriesCollection) errors.getDataset(1)).getSeries(0);
        assertTrue(!test.getKey().toString().contains("0 drawn"), "no test error was 0: " + test.getKey());
    }

    @Test
    void errorsWithinADecadeKeepALinearAxisFromZero() {
        List<EpochRecord> log = List.of(
                new EpochRecord(0, 0.01, Double.NaN, Double.NaN, Double.NaN, 0.9, 1),
                new EpochRecord(1, 0.01, 1.5, 0.6, Double.NaN, 0.5, 1));
        XYPlot errors = errorPlot(TrainingChart.chart(log, 0.9));
        assertInstanceOf(NumberAxis.class, errors.getRangeAxis());
        assertTrue(errors.getRangeAxis().getLowerBound() < 0
                && errors.getRangeAxis().getUpperBound() > 0.9);
        assertEquals(
                0.6,
                ((XYSeriesCollection) errors.getDataset(0)).getSeries(0).getY(0).doubleValue());
    }

    private static XYPlot errorPlot(JFreeChart chart) {
        return (XYPlot) ((CombinedDomainXYPlot) chart.getPlot()).getSubplots().get(0);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(TrainingChart.WIDTH, img.getWidth());
        return img;
    }
}
