package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.unit.TensorRole;

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
            Linear linear = Linear.builder().setUnits(out).build();
            SequentialBlock stage = new SequentialBlock();
            if (k == 1) {
                stage.add(Blocks.batchFlattenBlock(in));
            }
            stage.add(linear);
            if (!last) {
                stage.add(Activation.reluBlock());
            }
            String unit = "layer" + k;
            rec.tensor(unit, k - 1, unit + ".weight", linear.getParameters().get("weight"), TensorRole.WEIGHT, in, out);
            rec.tensor(unit, k - 1, unit + ".bias", linear.getParameters().get("bias"), TensorRole.BIAS, in, out);
            stages.add(stage);
            in = out;
        }
        return stages;
    }
}
