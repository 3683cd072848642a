package org.layerlab.report;

import java.util.List;

/**
 * Everything a sweep's report is drawn from, already summarized over seeds (the sweep package computes it from the
 * runs' files): the comparison across points first, then each point.
 *
 * @param counts e.g. "12 of 12 runs done"
 * @param capacity one chart per swept key on the x axis (none when nothing is swept)
 * @param curves mean test error per epoch of each point
 * @param points each point's mean heatmap and verdicts
 * @param missing runs planned but not summarized, with their state
 */
public record SweepReportInputs(
        String name,
        String source,
        List<String> sweptKeys,
        String counts,
        List<CapacityChart.Data> capacity,
        List<TrainingOverlay.Curve> curves,
        double chanceError,
        List<Point> points,
        List<Missing> missing) {

    public SweepReportInputs {
        sweptKeys = List.copyOf(sweptKeys);
        capacity = List.copyOf(capacity);
        curves = List.copyOf(curves);
        points = List.copyOf(points);
        missing = List.copyOf(missing);
    }

    /**
     * @param heatmap mean test error per row and checkpoint
     * @param halfWidths the 95 % interval's half-width per cell (NaN where unknown)
     * @param summary one line: seeds, final error, critical units
     * @param rows the verdict of the means per row
     * @param runs links to each run's own report
     */
    public record Point(
            String name,
            HeatmapData heatmap,
            double[][] halfWidths,
            String summary,
            List<VerdictLine> rows,
            List<RunLink> runs) {}

    /** @param atInit mean ± half-width of the error at τ = 0 */
    public record VerdictLine(String unit, String atInit, String damage, String verdict, String agree) {}

    /** @param href relative to the sweep's report.html */
    public record RunLink(String name, String href) {}

    public record Missing(String run, String state, String reason) {}
}
