package org.layerlab.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one heatmap shows: a grid of values (NaN for "not measured"), how to colour them and how to
 * label them. Row 0 is drawn at the top, as the paper's Figure 1 lists layers in forward order.
 *
 * @param subtitle one line under the title (context such as the final and chance error), or empty
 * @param columnAxisLabel the label under the column labels
 * @param values values[row][column]
 * @param scaleLabel the colour bar's label
 * @param lower value drawn with the colormap's first colour
 * @param upper value drawn with its last colour; values beyond either bound take the end colour
 * @param rowBreaks indices of rows above which a separator is drawn (units | groups | fullmodel)
 * @param columnBreaks indices of columns left of which a separator is drawn (ReRnd | epochs)
 */
public record HeatmapData(
        String title,
        String subtitle,
        List<String> rowLabels,
        List<String> columnLabels,
        String columnAxisLabel,
        double[][] values,
        String scaleLabel,
        double lower,
        double upper,
        Colormap colormap,
        NumberStyle numberStyle,
        List<Integer> rowBreaks,
        List<Integer> columnBreaks) {

    public HeatmapData {
        Objects.requireNonNull(title);
        subtitle = subtitle == null ? "" : subtitle;
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        rowBreaks = List.copyOf(rowBreaks);
        columnBreaks = List.copyOf(columnBreaks);
        Objects.requireNonNull(colormap);
        Objects.requireNonNull(numberStyle);
        if (rowLabels.isEmpty() || columnLabels.isEmpty()) {
            throw new IllegalArgumentException("a heatmap needs at least one row and one column: " + title);
        }
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " value rows for " + rowLabels.size() + " labels");
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + rowLabels.get(r) + " has " + values[r].length
                        + " values for " + columnLabels.size() + " columns");
            }
            copy[r] = values[r].clone();
        }
        values = copy;
        if (!(upper > lower)) {
            throw new IllegalArgumentException("empty colour scale [" + lower + ", " + upper + "] for " + title);
        }
    }

    /** A copy: the record stays immutable although arrays are not. */
    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            copy[r] = values[r].clone();
        }
        return copy;
    }

    /** Value equality, which the generated equals would not give for the array component. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HeatmapData h
                && title.equals(h.title)
                && subtitle.equals(h.subtitle)
                && rowLabels.equals(h.rowLabels)
                && columnLabels.equals(h.columnLabels)
                && Objects.equals(columnAxisLabel, h.columnAxisLabel)
                && Arrays.deepEquals(values, h.values)
                && Objects.equals(scaleLabel, h.scaleLabel)
                && Double.compare(lower, h.lower) == 0
                && Double.compare(upper, h.upper) == 0
                && colormap == h.colormap
                && numberStyle == h.numberStyle
                && rowBreaks.equals(h.rowBreaks)
                && columnBreaks.equals(h.columnBreaks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(title, rowLabels, columnLabels, Arrays.deepHashCode(values), lower, upper);
    }

    public double value(int row, int column) {
        return values[row][column];
    }

    public int rowCount() {
        return rowLabels.size();
    }

    public int columnCount() {
        return columnLabels.size();
    }
}
