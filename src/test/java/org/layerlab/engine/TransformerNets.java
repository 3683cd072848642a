package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ModelSpec;
import org.layerlab.train.BatchSource;
import org.layerlab.unit.TensorSpec;

/** Tiny ViTs, Mixers and language models, and their inputs, shared by the transformer tests. */
final class TransformerNets {
    private TransformerNets() {}

    /** A spec of one of the transformer families; keys it does not read stay null (unset). */
    static ModelSpec spec(
            String arch,
            int depth,
            Integer patch,
            int dim,
            Integer heads,
            Integer mlpDim,
            Integer tokenMlpDim,
            Integer channelMlpDim,
            Integer context,
            double dropout) {
        return new ModelSpec(
                arch,
                depth,
                null,
                null,
                1.0,
                null,
                null,
                null,
                patch,
                dim,
                heads,
                mlpDim,
                tokenMlpDim,
                channelMlpDim,
                context,
                dropout,
                java.util.List.of());
    }

    static ModelSpec vit(int depth, int patch, int dim, int heads, Integer mlpDim) {
        return spec("vit", depth, patch, dim, heads, mlpDim, null, null, null, 0);
    }

    static ModelSpec mixer(int depth, int patch, int dim, Integer tokenMlpDim, Integer channelMlpDim) {
        return spec("mixer", depth, patch, dim, null, null, tokenMlpDim, channelMlpDim, null, 0);
    }

    static ModelSpec lm(int depth, int dim, int heads, Integer mlpDim, Integer context) {
        return spec("transformer-lm", depth, null, dim, heads, mlpDim, null, null, context, 0);
    }

    static DataShape images(int c, int h, int w, int classes) {
        return DataShape.images(new int[] {c, h, w}, classes);
    }

    static DataShape text(int window, int vocabulary) {
        return new DataShape(new int[] {window}, vocabulary, BatchSource.Inputs.TOKENS);
    }

    static Network build(ModelSpec spec, DataShape data) {
        return Networks.build(spec, data, Device.cpu());
    }

    /** {@code n} inputs of the network's kind: pixels uniform in [-1, 1), or int64 token ids below V. */
    static NDArray input(Network net, DataShape data, int n, long seed) {
        long[] shape =
                new Shape(n).addAll(new Shape(Network.toLong(data.example()))).getShape();
        int size = Math.toIntExact(new Shape(shape).size());
        Rng rng = new Rng(seed);
        if (data.tokens()) {
            long[] ids = new long[size];
            for (int i = 0; i < size; i++) {
                ids[i] = rng.nextInt(data.classes());
            }
            return net.manager().create(ids, new Shape(shape));
        }
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.uniform(-1, 1);
        }
        return net.manager().create(v, new Shape(shape)).toType(DataType.FLOAT32, false);
    }

    /**
     * Every tensor N(0, std²), whatever its initializer: weights far from the initialization (LayerNorm
     * scales that are not 1, a head that is not 0), so that a forward pass depends on every unit.
     */
    static WeightSnapshot randomWeights(Network net, double std, long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorSpec t : net.layout().tensors().values()) {
            float[] v = new float[Math.toIntExact(t.numel())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.normal() * std);
            }
            out.put(t.name(), new Tensor(t.shape(), v));
        }
        return new WeightSnapshot(out);
    }
}
