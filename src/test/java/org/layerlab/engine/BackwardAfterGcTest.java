package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.random.Rng;
import org.layerlab.spec.ModelSpec;

/**
 * A training step's backward pass reads only memory the engine owns, so a garbage collection between
 * the forward and the backward pass changes no gradient.
 *
 * <p>Found as a flaky resume test: an uninterrupted language-model run now and then ended with other
 * weights than the same run resumed, and a ViT run once met a NaN loss that did not recur. The forward
 * pass had multiplied by DJL scalars ({@code mul(Number)}), whose Java buffers autograd kept for the
 * backward pass while nothing kept them alive (see {@link Scalars}). In a real run the collector runs
 * there only now and then; here it runs every time, and the small blocks it gives back are handed to
 * new buffers full of NaN, so a backward pass that still reads a freed buffer gets other gradients.
 */
class BackwardAfterGcTest {
    @Test
    void aCollectionBetweenForwardAndBackwardChangesNoGradient() throws InterruptedException {
        record Case(ModelSpec spec, DataShape data, float labelSmoothing) {}
        List<Case> cases = List.of(
                // Attention scales its queries by 1/√d_h; the ViT and Mixer presets smooth their labels.
                new Case(TransformerNets.lm(2, 8, 2, null, null), TransformerNets.text(6, 5), 0f),
                new Case(TransformerNets.vit(1, 4, 8, 2, null), TransformerNets.images(3, 8, 8, 4), 0.1f),
                new Case(TransformerNets.mixer(1, 4, 8, null, null), TransformerNets.images(3, 8, 8, 4), 0.1f));
        for (Case c : cases) {
            try (Network net = TransformerNets.build(c.spec(), c.data())) {
                net.load(TransformerNets.randomWeights(net, 0.3, 1));
                NDArray x = TransformerNets.input(net, c.data(), 4, 2);
                NDArray y = targets(net, c.data(), 4);
                float[] calm = gradients(net, x, y, c.labelSmoothing(), false);
                for (int rep = 0; rep < 3; rep++) {
                    assertArrayEquals(
                            calm,
                            gradients(net, x, y, c.labelSmoothing(), true),
                            c.spec().arch() + ", pass " + rep);
                }
            }
        }
    }

    /** Targets of the network's kind: a class per image, or the next token at each position. */
    private static NDArray targets(Network net, DataShape data, int n) {
        Rng rng = new Rng(3);
        Shape shape = data.tokens() ? new Shape(n, data.example()[0]) : new Shape(n);
        long[] ids = new long[Math.toIntExact(shape.size())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(data.classes());
        }
        return net.manager().create(ids, shape);
    }

    /** Every parameter's gradient after one forward and backward pass, one after the other. */
    private static float[] gradients(Network net, NDArray x, NDArray y, float labelSmoothing, boolean collect)
            throws InterruptedException {
        List<ByteBuffer> overwritten = List.of();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = EpochTrainer.loss(net.forward(x, true), y, labelSmoothing);
            if (collect) {
                overwritten = collectAndOverwrite();
            }
            gc.backward(loss);
            // The NaN blocks stay allocated (not handed out again) until the backward pass has read its inputs.
            Reference.reachabilityFence(overwritten);
        }
        List<Float> all = new ArrayList<>();
        for (String name : net.parameters().keySet()) {
            NDArray w = net.array(name);
            try (NDArray g = w.getGradient()) {
                for (float v : g.toFloatArray()) {
                    all.add(v);
                }
            }
            Optimizer.clearGradient(w);
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    /**
     * Runs the garbage collector, waits until it has processed what became unreachable (a canary of our
     * own was enqueued, and a moment more for the direct buffers' cleaners), then allocates many small
     * direct buffers and fills them with NaN: the allocator hands out the blocks just freed first.
     */
    private static List<ByteBuffer> collectAndOverwrite() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> canary = new PhantomReference<>(new Object(), queue);
        System.gc();
        assertNotNull(queue.remove(10_000), "the garbage collector ran");
        canary.clear();
        Thread.sleep(100);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // 4 to 16 bytes: the size of DJL's scalars, and the allocator's smallest block either way.
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= Float.BYTES) {
                b.putFloat(Float.NaN);
            }
            out.add(b);
        }
        return out;
    }
}
