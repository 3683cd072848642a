package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.snapshot.Tensor;

/**
 * The trainable parameters laid end to end in one direct buffer, and their gradients in another, so that
 * an optimizer step is a few operations on whole buffers instead of a few per tensor (on the FCN, 48
 * engine calls per step became 6).
 *
 * <p>DJL refuses to give a parameter another array once it is initialized, but an array can be moved to
 * other memory in place: {@link NDArray#set(java.nio.Buffer)} with a direct buffer is libtorch's
 * {@code set_}, after which the same Java object, with the same shape, reads and writes its slice of our
 * buffer. A gradient is moved the same way once the first backward pass has created it; autograd then
 * adds each new gradient into it in place (layerlab zeroes gradients rather than dropping them, so
 * autograd takes its {@code grad += new} path), and every step's gradients arrive in the buffer with no
 * copy. {@link #verifyGradients()} checks, once, that they did.
 *
 * <p>An elementwise operation on a whole buffer computes for each element exactly what it computed on
 * the element's own tensor, so the numbers stay bit for bit those of the per-tensor update
 * (OptimizerGoldenTest). The decayed tensors come first, so weight decay is one operation on a prefix.
 * Each tensor starts on a 64-byte boundary, as libtorch's own allocations do; the gaps stay zero, and
 * zero stays zero under every update.
 *
 * <p>Lifetime. libtorch does not own this memory (DJL's {@code set_} and {@code from_blob} pass no
 * deleter), Java does: it is freed when the garbage collector finds no reference to the allocation. Every
 * engine array over it is a DJL array that keeps its buffer (PtNDArray's {@code dataRef}, set by
 * {@code set(Buffer)} and by {@code NDManager.create(ByteBuffer, …)}; a slice keeps its allocation), and
 * every such array (each parameter, each bound gradient, the whole-buffer and state arrays) belongs to
 * the network's NDManager, which holds it strongly until the network is closed. The memory therefore
 * outlives every use: autograd's graph and the views it makes of a parameter live within a step, and no
 * array over the memory is closed before the network is (the gradients are kept open for this). When a
 * second optimizer takes the parameters over, the gradients stay in this buffer until its first step;
 * this buffer's arrays stay in the manager meanwhile, so that memory is kept until the network closes
 * (a few parameter-sized buffers per extra trainer, not per step). No memory is reused while in use:
 * each buffer is allocated once, and written from Java only between engine calls (loading state, the
 * one-off checks), never while an operation runs (libtorch's CPU operations return when done).
 */
final class ParameterBuffers {
    private static final int ALIGN_FLOATS = 16;
    private static final int ALIGN_BYTES = ALIGN_FLOATS * Float.BYTES;

    private final Network net;
    /** In buffer order: the decayed tensors first. */
    private final List<String> names;

    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final int decayedFloats;
    private final int floats;
    private final ByteBuffer weightMemory;
    private final ByteBuffer gradientMemory;
    /** The whole buffers and their decayed prefixes, as arrays. */
    final NDArray weights;

    final NDArray gradients;
    final NDArray decayedWeights;
    final NDArray decayedGradients;
    /** Each tensor's gradient, in the buffer once {@link #bindGradients()} ran. */
    private final Map<String, NDArray> gradientArrays = new LinkedHashMap<>();

    private ParameterBuffers(Network net, List<String> trainable, Set<String> decayed) {
        this.net = net;
        List<String> order = new ArrayList<>();
        trainable.stream().filter(decayed::contains).forEach(order::add);
        trainable.stream().filter(n -> !decayed.contains(n)).forEach(order::add);
        this.names = List.copyOf(order);
        long at = 0;
        long decayedEnd = 0;
        for (String n : names) {
            NDArray a = net.array(n);
            offsets.put(n, Math.toIntExact(at));
            shapes.put(n, Network.toInt(a.getShape().getShape()));
            at = align(at + a.size());
            if (decayed.contains(n)) {
                decayedEnd = at;
            }
        }
        this.floats = Math.toIntExact(at);
        this.decayedFloats = Math.toIntExact(decayedEnd);
        this.weightMemory = allocate(floats);
        this.gradientMemory = allocate(floats);
        this.weights = array(weightMemory, 0, floats);
        this.gradients = array(gradientMemory, 0, floats);
        this.decayedWeights = array(weightMemory, 0, decayedFloats);
        this.decayedGradients = array(gradientMemory, 0, decayedFloats);
        for (String n : names) {
            NDArray p = net.array(n);
            ByteBuffer slice = slice(weightMemory, offsets.get(n), Math.toIntExact(p.size()));
            slice.put(p.toByteBuffer());
            slice.rewind();
            NativeWarnings.quietOnce(() -> p.set(slice));
        }
        net.bindParameters(this);
    }

    /**
     * Moves the {@code trainable} parameters of {@code net} into one buffer (their values kept), or
     * returns null when they cannot share one: not all float32 on the CPU, or more than a Java buffer holds.
     */
    static ParameterBuffers bind(Network net, List<String> trainable, Set<String> decayed) {
        if (trainable.isEmpty() || !net.device().equals(Device.cpu())) {
            return null;
        }
        long total = 0;
        for (String n : trainable) {
            NDArray a = net.array(n);
            if (a.getDataType() != DataType.FLOAT32) {
                return null;
            }
            total = align(total + a.size());
        }
        if (total * Float.BYTES + ALIGN_BYTES > Integer.MAX_VALUE) {
            return null;
        }
        return new ParameterBuffers(net, trainable, decayed);
    }

    private static long align(long floats) {
        return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
    }

    /**
     * Zeroed memory for {@code floats} floats (a multiple of {@link #ALIGN_FLOATS}) starting on a 64-byte
     * boundary. allocateDirect only guarantees malloc's 16 bytes, and where malloc puts it varies from
     * run to run: kernels may take another path (and round differently) on other alignments, so the
     * alignment is made the same every time, and that of libtorch's own allocations. The slice keeps a
     * reference to the whole allocation, so holding it keeps the memory.
     */
    private static ByteBuffer allocate(int floats) {
        int bytes = floats * Float.BYTES;
        ByteBuffer raw = ByteBuffer.allocateDirect(bytes + ALIGN_BYTES - 1);
        return raw.alignedSlice(ALIGN_BYTES).limit(bytes).slice().order(ByteOrder.nativeOrder());
    }

    /** Whether each buffer starts on a 64-byte boundary (for tests). */
    boolean aligned() {
        return weightMemory.alignmentOffset(0, ALIGN_BYTES) == 0 && gradientMemory.alignmentOffset(0, ALIGN_BYTES) == 0;
    }

    private static ByteBuffer slice(ByteBuffer memory, int fromFloat, int floats) {
        return memory.slice(fromFloat * Float.BYTES, floats * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /** A flat float32 array over {@code floats} floats of {@code memory} from {@code from} (no copy). */
    private NDArray array(ByteBuffer memory, int from, int floats) {
        return net.manager().create(slice(memory, from, floats), new Shape(floats), DataType.FLOAT32);
    }

    /** Floats in each buffer (padding included). */
    int floats() {
        return floats;
    }

    boolean gradientsBound() {
        return !gradientArrays.isEmpty();
    }

    /**
     * Moves the gradients autograd created in the first backward pass into the gradient buffer, with
     * their values. Each parameter's gradient is then this buffer's slice for every later step.
     */
    void bindGradients() {
        for (String n : names) {
            NDArray g = net.array(n).getGradient();
            ByteBuffer slice = slice(gradientMemory, offsets.get(n), Math.toIntExact(g.size()));
            slice.put(g.toByteBuffer());
            slice.rewind();
            NativeWarnings.quietOnce(() -> g.set(slice));
            // Kept open: it is the parameter's gradient, and holding it keeps the buffer's memory alive.
            gradientArrays.put(n, g);
        }
        for (String n : names) {
            if (!sees(net.array(n).getGradient(), n)) {
                throw new IllegalStateException("the gradient of " + n + " did not move into the gradient buffer");
            }
        }
    }

    /**
     * After a backward pass into bound gradients: throws unless autograd added into our buffer rather
     * than replacing the gradient (a libtorch change could do that, and the optimizer would then read
     * stale zeros).
     */
    void verifyGradients() {
        for (String n : names) {
            try (NDArray now = net.array(n).getGradient()) {
                if (!sees(now, n)) {
                    throw new IllegalStateException("autograd replaced the gradient of " + n + " instead of adding"
                            + " into it; the flat optimizer cannot work with this libtorch (-Dlayerlab.flat_optimizer"
                            + "=false turns it off)");
                }
            }
        }
    }

    /**
     * Whether every trainable parameter still reads and writes its slice of the weight buffer (loading
     * weights, e.g. a redone round's, copies into the tensors in place and must keep it so).
     */
    boolean holdsParameters() {
        for (String n : names) {
            if (!sees(weightMemory, net.array(n), n)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #sees(ByteBuffer, NDArray, String)} in the gradient buffer. */
    private boolean sees(NDArray gradient, String name) {
        return sees(gradientMemory, gradient, name);
    }

    /**
     * Whether {@code array} reads {@code name}'s slice of {@code memory}: a value written from Java into
     * the buffer is what the engine's array then holds.
     */
    private boolean sees(ByteBuffer memory, NDArray array, String name) {
        FloatBuffer f = slice(memory, offsets.get(name), 1).asFloatBuffer();
        float kept = f.get(0);
        float mark = Float.intBitsToFloat(0x7f7f1234); // a finite value no weight or gradient is likely to hold
        f.put(0, mark);
        try {
            float seen = array.toByteBuffer().order(ByteOrder.nativeOrder()).getFloat(0);
            return Float.floatToRawIntBits(seen) == Float.floatToRawIntBits(mark);
        } finally {
            f.put(0, kept);
        }
    }

    /** Sets every gradient to zero for the next backward pass (the per-tensor way: libtorch's zero_). */
    void zeroGradients() {
        for (String n : names) {
            Optimizer.clearGradient(net.array(n));
        }
    }

    /** A new state buffer of the parameters' layout (velocity, moments), zero. */
    State newState() {
        return new State(allocate(floats));
    }

    /** Optimizer state laid out like the parameters: one flat array, read and written per tensor. */
    final class State {
        private final ByteBuffer memory;
        final NDArray array;

        private State(ByteBuffer memory) {
            this.memory = memory;
            this.array = ParameterBuffers.this.array(memory, 0, floats);
        }

        /** Per tensor, in {@code order} (the network's), as a checkpoint stores it. */
        Map<String, Tensor> tensors(List<String> order, String prefix) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String n : order) {
                int[] shape = shapes.get(n);
                float[] v = new float[Math.toIntExact(Tensor.numel(shape))];
                slice(memory, offsets.get(n), v.length).asFloatBuffer().get(v);
                out.put(prefix + n, new Tensor(shape, v));
            }
            return out;
        }

        /** Every float zero again, padding included (written from Java: no engine call, NaN overwritten). */
        void zero() {
            FloatBuffer f = memory.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            float[] zeros = new float[Math.min(f.remaining(), 4096)];
            while (f.hasRemaining()) {
                f.put(zeros, 0, Math.min(zeros.length, f.remaining()));
            }
        }

        /** Whether {@code name} is a tensor of this layout. */
        boolean has(String name) {
            return offsets.containsKey(name);
        }

        void load(String name, Tensor t) {
            if (!java.util.Arrays.equals(shapes.get(name), t.shape())) {
                throw new IllegalArgumentException("optimizer state for " + name + " has shape "
                        + java.util.Arrays.toString(t.shape()) + ", the parameter "
                        + java.util.Arrays.toString(shapes.get(name)));
            }
            slice(memory, offsets.get(name), t.data().length).asFloatBuffer().put(t.data());
        }
    }
}
