package org.layerlab.checkpoint;

import java.util.Map;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;

/**
 * The network's parameters after {@code epoch} epochs (0 = the initialization, before any update),
 * plus the optimizer's momentum buffers so that training can resume from it exactly.
 */
public record Checkpoint(int epoch, WeightSnapshot weights, Map<String, Tensor> optimizerState) {
    public Checkpoint {
        optimizerState = Map.copyOf(optimizerState);
    }
}
