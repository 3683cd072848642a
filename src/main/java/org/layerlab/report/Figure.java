package org.layerlab.report;

/**
 * One rendered figure: its file name under {@code figures/}, the words the report puts beside it,
 * and the PNG bytes (written to the file and embedded in the page alike).
 */
record Figure(String fileName, String title, String caption, byte[] png, int width, int height) {

    static Figure of(String fileName, HeatmapData data, String caption) {
        Heatmap.Rendered r = Heatmap.render(data);
        return new Figure(
                fileName,
                data.title(),
                caption,
                Heatmap.encode(r, data.title()),
                r.image().getWidth(),
                r.image().getHeight());
    }
}
