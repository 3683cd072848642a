package org.layerlab.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ExperimentSpec;

/**
 * Refuses, before the network is built or a batch allocated, a spec this machine cannot hold, with
 * one line naming the keys that drive the need, the estimate and what there is. Without it an
 * absurd spec ended in an OutOfMemoryError, a PyTorch allocation failure or an overflow.
 *
 * <p>The estimate follows what layerlab keeps at its peaks (rough by design, it only has to separate
 * feasible from hopeless):
 *
 * <ul>
 *   <li>training, on the device: weights, gradients and momentum, plus the activations of a batch of
 *       {@code min(train.batch_size, training examples)} examples, twice (autograd keeps the forward
 *       outputs and backward makes gradients of them);
 *   <li>the analysis, on the device: those three copies, one more of the trained weights
 *       (Evaluator.gridErrors restores from it), and the full-model row's variants, one whole network
 *       per kept checkpoint and per re-randomization draw, all materialized at once; plus the
 *       activations of a batch of {@code min(analysis.eval_batch_size, test examples)} examples;
 *   <li>the Java heap: one snapshot per kept checkpoint, the full-model row's fresh draws, and two
 *       more copies while a checkpoint (weights and momentum) is read or written; plus the float
 *       staging arrays of a training and an evaluation batch.
 * </ul>
 *
 * <p>Every tensor, snapshot and batch is one Java array, so none may exceed a Java array's length.
 */
public final class MemoryCheck {
    /** The longest Java array the JVM will allocate. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Copies of the parameters on the device while training: weights, gradients, momentum. */
    static final int TRAINING_COPIES = 3;

    /**
     * A training step holds its batch's activations twice over at most: the forward outputs autograd
     * keeps, and the gradients backward makes of them (freed as it goes).
     */
    static final int TRAINING_ACTIVATION_COPIES = 2;

    /**
     * Evaluation holds a batch's forward outputs until the batch is done. The analysis keeps those of
     * the trained network's stages before a row's first stage and runs each variant's stages from
     * there in a scratch manager, so prefix and suffix together are again one forward pass.
     */
    static final int EVALUATION_ACTIVATION_COPIES = 1;

    private final ExperimentSpec spec;
    private final Footprint net;
    private final String inputs;
    private final double exampleValues;
    private final MemoryBudget budget;
    /** Bytes of one copy of the parameters. */
    private final double weights;
    /** Examples in a training and in an evaluation batch. */
    private final int trainBatch;

    private final int evalBatch;
    /** Whole networks the full-model row of the analysis holds: one per kept checkpoint and per draw. */
    private final double versions;

    /** For tests: an image classifier's data. */
    static void require(
            ExperimentSpec spec, int[] example, int classes, int trainSize, int testSize, MemoryBudget budget) {
        require(spec, DataShape.images(example, classes), trainSize, testSize, budget);
    }

    private MemoryCheck(ExperimentSpec spec, DataShape data, int trainSize, int testSize, MemoryBudget budget) {
        int[] example = data.example();
        this.spec = spec;
        this.net = Networks.footprint(spec.model(), data);
        this.inputs = Arrays.stream(example).mapToObj(Integer::toString).collect(Collectors.joining("×"));
        this.exampleValues = Arrays.stream(example).asDoubleStream().reduce(1, (a, b) -> a * b);
        this.budget = budget;
        this.weights = net.parameters() * Float.BYTES;
        this.trainBatch = Batches.capacity(spec.train().batchSize(), trainSize);
        this.evalBatch = Batches.capacity(spec.analysis().evalBatchSize(), testSize);
        this.versions =
                spec.train().checkpoints().size() + (double) spec.analysis().rerandomizeDraws();
    }

    /**
     * Throws a {@link UserInputException} if the spec's network, batches or analysis cannot fit
     * {@code budget}, for data of {@code example} shape with {@code trainSize} and {@code testSize}
     * examples. The first problem found is reported, the network's own size first.
     */
    public static void require(ExperimentSpec spec, DataShape data, int trainSize, int testSize, MemoryBudget budget) {
        MemoryCheck c = new MemoryCheck(spec, data, trainSize, testSize, budget);
        c.network();
        c.batchArray("train.batch_size", spec.train().batchSize(), c.trainBatch);
        c.batchArray("analysis.eval_batch_size", spec.analysis().evalBatchSize(), c.evalBatch);
        c.activations(
                "train.batch_size",
                spec.train().batchSize(),
                c.trainBatch,
                "training set",
                trainSize,
                "training",
                TRAINING_COPIES * c.weights,
                TRAINING_ACTIVATION_COPIES);
        c.activations(
                "analysis.eval_batch_size",
                spec.analysis().evalBatchSize(),
                c.evalBatch,
                "test set",
                testSize,
                "the analysis",
                (TRAINING_COPIES + 1) * c.weights,
                EVALUATION_ACTIVATION_COPIES);
        c.analysisVersions();
        c.heap();
    }

    /** The network alone, with what training adds to it, and its largest tensor. */
    private void network() {
        if (TRAINING_COPIES * weights > budget.deviceBytes()) {
            throw new UserInputException(net.model() + " (" + inputs + " inputs): the network needs about "
                    + bytes(TRAINING_COPIES * weights) + " for its " + count(net.parameters())
                    + " parameters with their gradients and momentum; " + budget.describeDevice()
                    + " (" + net.smaller() + ")");
        }
        if (net.largestTensor() > MAX_ARRAY) {
            throw new UserInputException(net.model() + " (" + inputs + " inputs): its largest tensor would hold "
                    + count(net.largestTensor()) + " values, more than a Java array can ("
                    + count(MAX_ARRAY) + "), and layerlab keeps each tensor in one (" + net.smaller() + ")");
        }
    }

    private String grid() {
        return "train.checkpoints=" + spec.train().checkpoints() + ", analysis.rerandomize_draws="
                + spec.analysis().rerandomizeDraws();
    }

    /** The full-model row's variants next to the network and an evaluation batch. */
    private void analysisVersions() {
        double need = (TRAINING_COPIES + 1 + versions) * weights
                + evalBatch * net.activations() * Float.BYTES * EVALUATION_ACTIVATION_COPIES;
        if (need > budget.deviceBytes()) {
            throw new UserInputException(grid() + ": the analysis puts the whole network on the device in "
                    + count(versions) + " versions at once (the full-model row), about " + bytes(need)
                    + " with the network itself and its batches; " + budget.describeDevice()
                    + " (keep fewer checkpoints or draws, or " + net.smaller() + ")");
        }
    }

    /** Snapshots as float arrays, and the float staging arrays of the batches. */
    private void heap() {
        double copies = versions + 2;
        double heapWeights = copies * weights;
        double heapBatches = (trainBatch + evalBatch) * exampleValues * Float.BYTES;
        if (heapWeights + heapBatches <= budget.heapBytes()) {
            return;
        }
        boolean batches = heapBatches > heapWeights;
        String keys = batches
                ? "train.batch_size=" + spec.train().batchSize() + ", analysis.eval_batch_size="
                        + spec.analysis().evalBatchSize()
                : grid();
        String remedy = batches ? "lower them" : "keep fewer checkpoints or draws, or " + net.smaller();
        throw new UserInputException(keys + ": the Java heap needs about " + bytes(heapWeights + heapBatches)
                + ", " + bytes(heapWeights) + " for " + count(copies) + " copies of the network's "
                + count(net.parameters()) + " parameters (checkpoints and draws the analysis keeps) and "
                + bytes(heapBatches) + " for the inputs of a training and an evaluation batch; the heap is limited to "
                + bytes(budget.heapBytes()) + " (" + remedy + ", or raise the limit with -Xmx in LAYERLAB_JAVA_OPTS)");
    }

    /** A batch's inputs are staged in one float array. */
    private void batchArray(String key, int batchSize, int examples) {
        double values = examples * exampleValues;
        if (values > MAX_ARRAY) {
            throw new UserInputException(
                    key + "=" + batchSize + " (" + examples + " examples of " + inputs + "): a batch holds "
                            + count(values) + " input values, more than a Java array can (" + count(MAX_ARRAY)
                            + ") (lower " + key + " to at most " + count(Math.floor(MAX_ARRAY / exampleValues)) + ")");
        }
    }

    /** The network's {@code fixed} bytes and a batch's activations must fit the device together. */
    private void activations(
            String key,
            int batchSize,
            int examples,
            String split,
            int splitSize,
            String phase,
            double fixed,
            int activationCopies) {
        double perExample = net.activations() * Float.BYTES * activationCopies;
        double need = fixed + examples * perExample;
        if (need <= budget.deviceBytes()) {
            return;
        }
        double fits = Math.floor((budget.deviceBytes() - fixed) / perExample);
        String whole = batchSize > splitSize ? ", the whole " + split : "";
        throw new UserInputException(
                key + "=" + batchSize + " (" + examples + " examples of " + inputs + " per batch" + whole
                        + "): " + phase + " needs about " + bytes(examples * perExample) + " for activations and "
                        + bytes(fixed) + " for the network; " + budget.describeDevice()
                        + (fits >= 1
                                ? " (lower " + key + "; about " + count(fits) + " fit)"
                                : " (not even one example fits: " + net.smaller() + ", or use smaller images)"));
    }

    /** Bytes in binary units, e.g. {@code 23.4 GiB}; beyond PiB in scientific notation. */
    static String bytes(double b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (u < units.length - 1 && b >= 1024) {
            b /= 1024;
            u++;
        }
        if (b >= 10_000) {
            return String.format(Locale.ROOT, "%.1e %s", b, units[u]);
        }
        return String.format(Locale.ROOT, b < 10 && u > 0 ? "%.1f %s" : "%.0f %s", b, units[u]);
    }

    /** A count with thousands separators, e.g. {@code 65,792,010,000}; beyond 10¹⁵ scientific. */
    static String count(double n) {
        return n < 1e15 ? String.format(Locale.ROOT, "%,.0f", n) : String.format(Locale.ROOT, "%.2e", n);
    }
}
