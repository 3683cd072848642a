package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.layerlab.init.InitScheme;
import org.layerlab.spec.ModelSpec;

/** Builds the network a model spec describes, on one device. */
public final class Networks {
    private Networks() {}

    /**
     * @param example per-example input shape (channels, height, width)
     */
    public static Network build(ModelSpec spec, Shape example, int classes, Device device) {
        LayoutRecorder rec = new LayoutRecorder(InitScheme.fromId(spec.init()));
        List<Block> stages = switch (spec.arch()) {
            case "fcn" -> FcnArchitecture.build(spec.depth(), spec.width(), example, classes, rec);
            default -> throw new IllegalArgumentException("architecture " + spec.arch() + " is not built yet");
        };
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return new Network(manager, stages, rec, spec.arch(), example);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
