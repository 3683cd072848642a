package org.layerlab.report;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Perceptually uniform sequential colormaps, so that equal steps in a heatmap's value read as equal
 * steps in lightness (a rainbow scale would invent boundaries that are not in the data).
 *
 * <p>The anchors are every 16th entry (plus the last) of the 256-entry tables that Stéfan van der
 * Walt and Nathaniel Smith published under CC0 for matplotlib; linear interpolation between 17
 * anchors stays within about one 8-bit step of the full table.
 */
public enum Colormap {
    VIRIDIS(new double[][] {
        {0.267004, 0.004874, 0.329415}, {0.282327, 0.094955, 0.417331}, {0.278826, 0.175490, 0.483397},
        {0.258965, 0.251537, 0.524736}, {0.229739, 0.322361, 0.545706}, {0.199430, 0.387607, 0.554642},
        {0.172719, 0.448791, 0.557885}, {0.149039, 0.508051, 0.557250}, {0.127568, 0.566949, 0.550556},
        {0.120638, 0.625828, 0.533488}, {0.157851, 0.683765, 0.501686}, {0.246070, 0.738910, 0.452024},
        {0.369214, 0.788888, 0.382914}, {0.515992, 0.831158, 0.294279}, {0.678489, 0.863742, 0.189503},
        {0.845561, 0.887322, 0.099702}, {0.993248, 0.906157, 0.143936},
    }),
    MAGMA(new double[][] {
        {0.001462, 0.000466, 0.013866}, {0.039608, 0.031090, 0.133515}, {0.113094, 0.065492, 0.276784},
        {0.211718, 0.061992, 0.418647}, {0.316654, 0.071690, 0.485380}, {0.414709, 0.110431, 0.504662},
        {0.512831, 0.148179, 0.507648}, {0.613617, 0.181811, 0.498536}, {0.716387, 0.214982, 0.475290},
        {0.816914, 0.255895, 0.436461}, {0.904281, 0.319610, 0.388137}, {0.960949, 0.418323, 0.359630},
        {0.986700, 0.535582, 0.382210}, {0.996096, 0.653659, 0.446213}, {0.996898, 0.769591, 0.534892},
        {0.992440, 0.884330, 0.640099}, {0.987053, 0.991438, 0.749504},
    });

    /** Shown for cells without a finite value, neutral so it is not mistaken for a low or high one. */
    public static final Color MISSING = new Color(0xD9D9D9);

    private final double[][] anchors;

    Colormap(double[][] anchors) {
        this.anchors = anchors;
    }

    /** The colour at position t ∈ [0, 1]; t outside is clamped, NaN gives {@link #MISSING}. */
    public Color at(double t) {
        if (Double.isNaN(t)) {
            return MISSING;
        }
        double x = Math.min(1, Math.max(0, t)) * (anchors.length - 1);
        int i = Math.min((int) Math.floor(x), anchors.length - 2);
        double f = x - i;
        double[] a = anchors[i];
        double[] b = anchors[i + 1];
        return new Color(channel(a[0], b[0], f), channel(a[1], b[1], f), channel(a[2], b[2], f));
    }

    private static int channel(double a, double b, double f) {
        return (int) Math.round((a + (b - a) * f) * 255);
    }

    /** This colormap stretched over [lower, upper], as JFreeChart's block renderer and legend want it. */
    public PaintScale scale(double lower, double upper) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("empty colour scale [" + lower + ", " + upper + "]");
        }
        return new Scale(this, lower, upper);
    }

    /**
     * Black or white, whichever contrasts more with the background (WCAG relative luminance), so
     * cell text stays readable on both ends of the scale.
     */
    public static Color textOn(Color background) {
        double l = 0.2126 * linear(background.getRed())
                + 0.7152 * linear(background.getGreen())
                + 0.0722 * linear(background.getBlue());
        double againstBlack = (l + 0.05) / 0.05;
        double againstWhite = 1.05 / (l + 0.05);
        return againstBlack >= againstWhite ? Color.BLACK : Color.WHITE;
    }

    private static double linear(int channel8) {
        double c = channel8 / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Values beyond the bounds take the end colours: an error a hair above chance is still "chance". */
    record Scale(Colormap map, double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return map.at((value - lower) / (upper - lower));
        }
    }
}
