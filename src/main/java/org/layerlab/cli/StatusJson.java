package org.layerlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.layerlab.sweep.SweepPlan;
import org.layerlab.sweep.SweepStatus;

/** {@code layerlab sweep status --json}: the counts and one object per run. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    static String of(SweepPlan plan, List<SweepStatus.RunStatus> all) throws Exception {
        ObjectNode root = JSON.createObjectNode().put("sweep", plan.name());
        ObjectNode counts = root.putObject("counts");
        SweepStatus.counts(all).forEach((k, v) -> counts.put(k.id(), v));
        ArrayNode runs = root.putArray("runs");
        for (SweepStatus.RunStatus s : all) {
            ObjectNode r = runs.addObject()
                    .put("name", s.run().name())
                    .put("id", s.run().id())
                    .put("folder", s.run().folder())
                    .put("state", s.state().id())
                    .put("epochs", s.run().epochs());
            if (s.epoch() >= 0) {
                r.put("epoch", s.epoch());
            }
            if (s.failure() != null) {
                r.put("exit_code", s.failure().exitCode())
                        .put("reason", s.failure().reason())
                        .put("attempt", s.failure().attempt());
                ArrayNode tail = r.putArray("last_lines");
                s.failure().tail().forEach(tail::add);
            }
            if (s.holder() != null) {
                r.put("host", s.holder().host())
                        .put("pid", s.holder().pid())
                        .put("attempt", s.holder().attempt());
            }
        }
        return JSON.writeValueAsString(root);
    }
}
