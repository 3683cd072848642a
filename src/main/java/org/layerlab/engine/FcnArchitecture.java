package org.layerlab.engine;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layerlab.spec.ModelSpec;

/**
 * The paper's fully-connected network: {@code depth} hidden ReLU layers of {@code width} units and a
 * linear output layer. Units {@code layer1} … {@code layer(depth+1)}, the output layer included;
 * each unit is one stage, so the analysis can reuse the activations entering it.
 */
final class FcnArchitecture extends Architecture {
    /**
     * The analysis measures depth+2 rows of depth+1 stages each: beyond a few thousand layers it would
     * run for days, and no study needs that many.
     */
    static final int MAX_DEPTH = 4096;

    @Override
    public String id() {
        return "fcn";
    }

    @Override
    public Set<String> keys() {
        return Set.of("depth", "width", "norm");
    }

    @Override
    public ModelSpec resolve(ModelSpec m, DataShape data) {
        Integer depth = m.depth();
        require(
                depth != null && depth >= 0 && depth <= MAX_DEPTH,
                "depth",
                "must be in 0.." + MAX_DEPTH + " for fcn (0: a linear classifier; the analysis grows with the square"
                        + " of the depth), got " + depth);
        require(m.width() != null && m.width() >= 1, "width", "must be ≥ 1 for fcn, got " + m.width());
        require(
                m.norm() == null || m.norm().equals("none"),
                "norm",
                "fcn has no normalization: none, got '" + m.norm() + "'");
        return ConvnetInits.resolve(m.toBuilder().norm("none").build());
    }

    @Override
    List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec) {
        int in = 1;
        for (int d : data.example()) {
            in = Math.multiplyExact(in, d);
        }
        int depth = spec.depth();
        List<Block> stages = new ArrayList<>();
        for (int k = 1; k <= depth + 1; k++) {
            boolean last = k == depth + 1;
            int out = last ? data.classes() : spec.width();
            String unit = "layer" + k;
            SequentialBlock stage = new SequentialBlock();
            if (k == 1) {
                stage.add(Blocks.batchFlattenBlock(in));
            }
            stage.add(rec.linear(unit, k - 1, unit, in, out));
            if (!last) {
                stage.add(Activation.reluBlock());
            }
            stages.add(stage);
            in = out;
        }
        return stages;
    }

    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        long depth = spec.depth();
        long width = spec.width();
        double in = 1;
        for (long d : data.example()) {
            in *= d;
        }
        Footprint.Tally t = new Footprint.Tally().values(in);
        // layer1 flattens the input (a view), then each hidden layer is a dense layer and a ReLU.
        t.dense(in, width, 1).values(width);
        t.dense(width, width, depth - 1).values((double) width * (depth - 1));
        t.dense(width, data.classes(), 1);
        return t.done("model.depth=" + depth + ", model.width=" + width, "lower model.width or model.depth");
    }
}
