package org.layerlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/** The dashed "chance" line of the training charts, labelled inside the plot at its right end. */
final class ChanceLine {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private ChanceLine() {}

    static ValueMarker at(double chance) {
        ValueMarker m = new ValueMarker(
                chance,
                Color.GRAY,
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        m.setLabel("chance " + NumberStyle.FIXED3.format(chance));
        m.setLabelFont(FONT);
        m.setLabelPaint(Color.DARK_GRAY);
        // JFreeChart's default anchor puts the label's centre on the plot's left edge, cutting it in half.
        m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        m.setLabelOffset(new RectangleInsets(4, 4, 4, 8));
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        return m;
    }
}
