package org.layerlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ColormapAndNumbersTest {

    @Test
    void viridisHitsItsPublishedColours() {
        assertEquals(new Color(0x440154), Colormap.VIRIDIS.at(0));
        assertEquals(new Color(0x21918C), Colormap.VIRIDIS.at(0.5));
        assertEquals(new Color(0xFDE725), Colormap.VIRIDIS.at(1));
        assertEquals(Colormap.VIRIDIS.at(1), Colormap.VIRIDIS.at(1.3), "clamped above");
        assertEquals(Colormap.MISSING, Colormap.VIRIDIS.at(Double.NaN));
    }

    @Test
    void lightnessGrowsMonotonicallySoTheScaleReadsOneWay() {
        for (Colormap map : Colormap.values()) {
            double previous = -1;
            for (int i = 0; i <= 100; i++) {
                Color c = map.at(i / 100.0);
                double luma = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
                assertTrue(luma >= previous - 0.5, map + " at " + i + "%");
                previous = luma;
            }
        }
    }

    @Test
    void textColourContrastsWithTheCell() {
        assertEquals(Color.BLACK, Colormap.textOn(Colormap.VIRIDIS.at(1)));
        assertEquals(Color.WHITE, Colormap.textOn(Colormap.VIRIDIS.at(0)));
        assertEquals(Color.WHITE, Colormap.textOn(Colormap.MAGMA.at(0)));
        assertEquals(Color.BLACK, Colormap.textOn(Colormap.MAGMA.at(1)));
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("0.382", NumberStyle.FIXED3.format(0.38249));
            assertEquals("16.64", NumberStyle.COMPACT.format(16.6386));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void styles() {
        assertEquals("n/a", NumberStyle.FIXED3.format(Double.NaN));
        assertEquals("0.900", NumberStyle.FIXED3.format(0.9));
        List<String> compact =
                List.of(0.0, 4.12e-5, 4.12e-4, 0.00412, 0.0872, 0.962, 24.46, 123.45, 4567.8, 3.2e6).stream()
                        .map(NumberStyle.COMPACT::format)
                        .toList();
        assertEquals(
                List.of(
                        "0",
                        "4.12e-05",
                        "0.000412",
                        "0.00412",
                        "0.0872",
                        "0.962",
                        "24.46",
                        "123.5",
                        "4568",
                        "3.20e+06"),
                compact);
        assertEquals("0.1", NumberStyle.SIGNIFICANT4.format(0.1));
        assertEquals("0.0125", NumberStyle.SIGNIFICANT4.format(0.0125));
        assertEquals("1e-05", NumberStyle.SIGNIFICANT4.format(1e-5));
        assertEquals("3", NumberStyle.SIGNIFICANT4.format(3));
    }
}
