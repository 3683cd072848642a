package org.layerlab.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.layerlab.analysis.AnalysisResult;
import org.layerlab.train.EpochRecord;

/**
 * Everything a run's report is made from. The report reads nothing else, so it can be rebuilt from a
 * run folder's saved files alone.
 *
 * @param specYaml the resolved spec as written to the run folder, shown verbatim
 * @param provenance what produced the run (versions, hashes, seeds, host); nested maps and lists allowed,
 *     order kept
 * @param trainLog one record per epoch (or logged step), 0 first; may be empty (then no training chart)
 * @param trainUnit what the log's rows count: {@code epoch} or {@code step}
 */
public record ReportInputs(
        String runName,
        String specYaml,
        Map<String, Object> provenance,
        List<EpochRecord> trainLog,
        AnalysisResult analysis,
        String trainUnit) {

    /** An epoch-counted run's inputs. */
    public ReportInputs(
            String runName,
            String specYaml,
            Map<String, Object> provenance,
            List<EpochRecord> trainLog,
            AnalysisResult analysis) {
        this(runName, specYaml, provenance, trainLog, analysis, "epoch");
    }

    public ReportInputs {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(analysis, "analysis");
        specYaml = specYaml == null ? "" : specYaml;
        // Not Map.copyOf: it would lose the key order and reject null values, both of which provenance may have.
        provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        trainLog = trainLog == null ? List.of() : List.copyOf(trainLog);
        trainUnit = trainUnit == null ? "epoch" : trainUnit;
    }
}
