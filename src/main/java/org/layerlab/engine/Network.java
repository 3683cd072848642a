package org.layerlab.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerlab.metric.Metric;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.Unit;

/**
 * A DJL network seen as a chain of stages, with its parameters addressed by layerlab's stable tensor
 * names. This is the engine boundary: the study reads and writes weights only through
 * {@link #snapshot()} and {@link #load(Map)}, and runs stages only through {@link #forward}.
 */
public final class Network implements AutoCloseable {
    private final NDManager manager;
    private final List<Block> stages;
    private final ModelLayout layout;
    private final Map<String, Parameter> parameters;
    private final ParameterStore store;
    private final Shape exampleShape;
    private final long forwardMacs;
    private final long inputLayerMacs;
    private final Metric metric;
    /** Per stage, the shape of one example's input and output (no batch axis). */
    private final long[][] stageIn;

    private final long[][] stageOut;
    /** The stage of each tensor. */
    private final Map<String, Integer> tensorStages;
    /** Stages left out of every forward pass (model.remove): the identity in their place. */
    private final java.util.Set<Integer> removed = new java.util.TreeSet<>();
    /** Whether training forward passes draw dropout masks (model.dropout > 0). */
    private boolean dropout;
    /** The buffer the trainable parameters live in now, if an optimizer moved them into one. */
    private ParameterBuffers boundParameters;

    Network(
            NDManager manager,
            List<Block> stages,
            LayoutRecorder recorder,
            String arch,
            Shape exampleShape,
            Metric metric) {
        this.manager = manager;
        this.metric = metric;
        this.stages = List.copyOf(stages);
        this.exampleShape = exampleShape;
        SequentialBlock whole = new SequentialBlock();
        stages.forEach(whole::add);
        whole.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(exampleShape));
        this.parameters = recorder.parameters();
        this.layout = recorder.layout(arch, stages.size());
        this.store = new ParameterStore(manager, false);
        this.forwardMacs = recorder.forwardMacs(false);
        this.inputLayerMacs = recorder.forwardMacs(true);
        this.tensorStages = recorder.tensorStages();
        this.stageIn = new long[stages.size()][];
        this.stageOut = new long[stages.size()][];
        Shape in = new Shape(1).addAll(exampleShape);
        for (int i = 0; i < stages.size(); i++) {
            Shape out = stages.get(i).getOutputShapes(new Shape[] {in})[0];
            stageIn[i] = in.slice(1).getShape();
            stageOut[i] = out.slice(1).getShape();
            in = out;
        }
        long registered = parameters.size();
        long inBlock = whole.getParameters().size();
        if (registered != inBlock) {
            throw new IllegalStateException(
                    arch + ": " + inBlock + " DJL parameters but " + registered + " named tensors");
        }
    }

    /** What this network is scored by: classification error, or next-token loss for a language model. */
    public Metric metric() {
        return metric;
    }

    public ModelLayout layout() {
        return layout;
    }

    public Device device() {
        return manager.getDevice();
    }

    public NDManager manager() {
        return manager;
    }

    /** Per-example input shape, e.g. (1, 28, 28). */
    public int[] exampleShape() {
        return toInt(exampleShape.getShape());
    }

    /**
     * Whether {@code unit} can be replaced by the identity: it is the only unit of {@code layout} (a
     * granularity of this network's) in its stage, it has no tensor in another stage, and the stage's
     * output has its input's shape. Removing it then drops the stage: a residual block's branch, a
     * transformer block, an FCN hidden layer of equal width.
     */
    public boolean removable(Unit unit, ModelLayout layout) {
        int s = unit.stage();
        for (String t : unit.tensorNames()) {
            if (tensorStages.get(t) != s) {
                return false;
            }
        }
        for (Unit other : layout.units()) {
            if (other != unit && !other.name().equals(unit.name()) && other.stage() == s) {
                return false;
            }
        }
        return java.util.Arrays.equals(stageIn[s], stageOut[s]);
    }

    /** Records that the trainable parameters now live in {@code buffers} (the last optimizer made owns them). */
    void bindParameters(ParameterBuffers buffers) {
        boundParameters = buffers;
    }

    ParameterBuffers boundParameters() {
        return boundParameters;
    }

    void useDropout(boolean on) {
        dropout = on;
    }

    boolean usesDropout() {
        return dropout;
    }

    /** Whether {@code unit}'s stage is left out of every forward pass (model.remove). */
    public boolean isRemoved(Unit unit) {
        return removed.contains(unit.stage());
    }

    /** For messages: {@code input 256, output 256}. */
    public String shapes(Unit unit) {
        return "input " + shape(stageIn[unit.stage()]) + ", output " + shape(stageOut[unit.stage()]);
    }

    private static String shape(long[] s) {
        return String.join(
                "×", java.util.Arrays.stream(s).mapToObj(Long::toString).toList());
    }

    /** Leaves {@code unit}'s stage out of every forward pass from now on (model.remove); it must be removable. */
    public void remove(Unit unit) {
        if (!removable(unit, layout)) {
            throw new IllegalArgumentException(unit.name() + " cannot be removed (" + shapes(unit) + ")");
        }
        removed.add(unit.stage());
    }

    /**
     * FLOPs of one training example: forward, weight gradients and input gradients at 2 FLOPs per
     * multiply-add each, except the input gradient of the first unit, which backprop never computes.
     */
    public double trainingFlopsPerExample() {
        return 2.0 * (3 * forwardMacs - inputLayerMacs);
    }

    /** Multiply-adds of one example's forward pass (Footprint's estimate is tested against this). */
    long forwardMacs() {
        return forwardMacs;
    }

    public int numStages() {
        return stages.size();
    }

    /** Runs stages {@code from} (inclusive) to {@code to} (exclusive), but removed ones. */
    public NDArray forward(int from, int to, NDArray x, boolean training) {
        return forward(from, to, x, training, -1);
    }

    /** The same, also leaving out stage {@code skip} (the removal of one unit; -1 for none). */
    NDArray forward(int from, int to, NDArray x, boolean training, int skip) {
        NDList h = new NDList(x);
        for (int i = from; i < to; i++) {
            if (i != skip && !removed.contains(i)) {
                h = stages.get(i).forward(store, h, training);
            }
        }
        return h.singletonOrThrow();
    }

    public NDArray forward(NDArray x, boolean training) {
        return forward(0, stages.size(), x, training);
    }

    Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Overwrites the named parameters in place (DJL refuses to swap a parameter's array after init). */
    public void load(Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            NDArray target = array(e.getKey());
            Tensor t = e.getValue();
            try (NDArray src = manager.create(t.data(), new Shape(toLong(t.shape())))) {
                target.set(new NDIndex("..."), src);
            }
        }
    }

    /** Copies already-materialized arrays into the named parameters, for hot loops that swap units. */
    void loadArrays(Map<String, NDArray> arrays) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            array(e.getKey()).set(new NDIndex("..."), e.getValue());
        }
    }

    public void load(WeightSnapshot snapshot) {
        load(snapshot.asMap());
    }

    public WeightSnapshot snapshot() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), new Tensor(toInt(a.getShape().getShape()), a.toFloatArray()));
        }
        return new WeightSnapshot(out);
    }

    NDArray array(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p.getArray();
    }

    @Override
    public void close() {
        manager.close();
    }

    static long[] toLong(int[] s) {
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    static int[] toInt(long[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.toIntExact(s[i]);
        }
        return out;
    }
}
