package org.layerlab.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One study of a sweep: one point with one seed.
 *
 * @param name readable, e.g. {@code depth=3,width=256/seed-1}; also its run folder under {@code runs/}
 * @param id SHA-256 (hex) of the canonical resolved spec without the keys that only say where it runs (data
 *     folder, device) and without its name: the same experiment has the same id on any node
 * @param point the point's name, e.g. {@code depth=3,width=256} ({@code base} when nothing is swept)
 * @param values each swept key (dotted, in sweep order) with this point's value as text
 * @param epochs the study's training epochs (for progress)
 */
public record PlannedRun(String name, String id, String point, Map<String, String> values, long seed, int epochs) {
    public static final String RUNS = "runs";
    public static final String SPECS = "specs";

    public PlannedRun {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The first 16 hex digits of the id: file names under specs/, logs/, status/, leases/. */
    public String shortId() {
        return id.substring(0, 16);
    }

    /** The run folder, relative to the sweep folder. */
    public String folder() {
        return RUNS + "/" + name;
    }

    /** The resolved spec the study runs, relative to the sweep folder. */
    public String specFile() {
        return SPECS + "/" + shortId() + ".yaml";
    }
}
