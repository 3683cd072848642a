package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
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
        decode(TrainingChart.png(List.of(new EpochRecord(0, 0.1, 2.3, 0.9, 0.9, 1)), SampleRun.CHANCE));
        decode(TrainingChart.png(List.of(new EpochRecord(0, 0.05, 2.3, 0.9, 0.9, 1),
                new EpochRecord(1, 0.05, Double.NaN, Double.NaN, Double.NaN, 1)), Double.NaN));
        decode(TrainingChart.png(List.of(new EpochRecord(0, 0, 2.3, 0.9, 0.9, 1)), 0.9));
        assertThrows(IllegalArgumentException.class, () -> TrainingChart.png(List.of(), 0.9));
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(TrainingChart.WIDTH, img.getWidth());
        return img;
    }
}
