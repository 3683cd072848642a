package org.layerlab.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.layerlab.engine.Threads;

/**
 * The matrix products of one fcn-mnist training step (batch 128, 784-256-256-256-10), each timed alone
 * through the engine, at the given thread counts: which of them runs far below the 2048² rate. Its
 * twin is bench/pytorch/gemm_shapes.py.
 *
 * <pre>bench/run GemmShapes 1 2</pre>
 */
final class GemmShapes {
    private GemmShapes() {}

    public static void main(String[] args) {
        int[] threads = args.length == 0
                ? new int[] {1, 2}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int batch = 128;
        // The fcn-mnist layers; the first has no input gradient to compute (its input is the data).
        int[][] layers = {{784, 256}, {256, 256}, {256, 256}, {256, 10}};
        for (int t : threads) {
            Threads.use(t);
            System.out.printf("threads %d: 2048^2 matmul %.1f GFLOP/s%n", t, MatmulPeak.gflops(Device.cpu(), 2048, 5));
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                double total = 0;
                boolean first = true;
                for (int[] l : layers) {
                    int in = l[0];
                    int out = l[1];
                    NDArray x = m.randomUniform(-1, 1, new Shape(batch, in));
                    NDArray w = m.randomUniform(-1, 1, new Shape(out, in));
                    NDArray b = m.randomUniform(-1, 1, new Shape(out));
                    NDArray g = m.randomUniform(-1, 1, new Shape(batch, out));
                    double flops = 2.0 * batch * in * out;
                    double fwd = time(() -> Linear.linear(x, w, b).singletonOrThrow());
                    double dx = time(() -> g.matMul(w));
                    double dw = time(() -> {
                        try (NDArray gt = g.transpose()) { // a view, closed each call as the product is
                            return gt.matMul(x);
                        }
                    });
                    total += fwd + (first ? 0 : dx) + dw;
                    first = false;
                    System.out.printf(
                            "  %4d->%-4d  linear %7.1f us (%5.1f GFLOP/s)  dX=g.W %7.1f us (%5.1f)  dW=gT.x %7.1f us (%5.1f)%n",
                            in,
                            out,
                            fwd * 1e6,
                            flops / fwd / 1e9,
                            dx * 1e6,
                            flops / dx / 1e9,
                            dw * 1e6,
                            flops / dw / 1e9);
                }
                System.out.printf(
                        "  the step's products (forward, dW, dX but the first layer's): %.1f us = %.0f images/s, %.2f s"
                                + " per 60,000-image epoch, if nothing else ran%n",
                        total * 1e6, batch / total, 60000.0 / batch * total);
            }
        }
    }

    /** Median seconds of one call over many (after a warm-up). */
    private static double time(java.util.function.Supplier<NDArray> op) {
        for (int i = 0; i < 50; i++) {
            op.get().close();
        }
        int reps = 400;
        double[] s = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            NDArray r = op.get();
            s[i] = (System.nanoTime() - t0) / 1e9;
            r.close();
        }
        java.util.Arrays.sort(s);
        return s[reps / 2];
    }
}
