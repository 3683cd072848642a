package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.spec.ModelSpec;

/**
 * The paper's fully-connected network: {@code depth} hidden ReLU layers of {@code width} units and a
 * linear output layer. Units {@code layer1} … {@code layer(depth+1)}, the output layer included;
 * each unit is one stage, so the analysis can reuse the activations entering it.
 */
final class FcnArchitecture {
    private FcnArchitecture() {}

    static List<Block> build(int depth, int width, Shape example, int classes, LayoutRecorder rec) {
        int in = Math.toIntExact(example.size());
        List<Block> stages = new ArrayList<>();
        for (int k = 1; k <= depth + 1; k++) {
            boolean last = k == depth + 1;
            int out = last ? classes : width;
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

    /** What {@link #build} will make, without building it. */
    static Footprint footprint(ModelSpec spec, long[] example, int classes) {
        long depth = spec.depth();
        long width = spec.width();
        double in = 1;
        for (long d : example) {
            in *= d;
        }
        Footprint.Tally t = new Footprint.Tally().values(in);
        // layer1 flattens the input (a view), then each hidden layer is a dense layer and a ReLU.
        t.dense(in, width, 1).values(width);
        t.dense(width, width, depth - 1).values((double) width * (depth - 1));
        t.dense(width, classes, 1);
        return t.done("model.depth=" + depth + ", model.width=" + width, "lower model.width or model.depth");
    }
}
