package org.layerlab.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongToDoubleFunction;
import org.layerlab.progress.Progress;
import org.layerlab.random.Rng;
import org.layerlab.snapshot.Tensor;
import org.layerlab.spec.TrainSpec;
import org.layerlab.train.BatchSource;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;

/**
 * Runs minibatch training steps on a {@link Network}: forward, loss, backward, optional global-norm
 * gradient clipping, and one {@link Optimizer} step per batch (SGD with momentum, the paper's, or
 * AdamW). The optimizer's state is ours, so a resumed run restores it and continues bit for bit.
 *
 * <p>The loss is the mean cross-entropy over the batch's predictions (examples, or token positions of
 * a language model), with optional label smoothing. Without smoothing a classifier's loss is DJL's
 * softmax cross-entropy, exactly as before this trainer learned other tasks, so its runs keep their
 * numbers to the bit.
 */
public final class EpochTrainer {
    private final Network net;
    private final Optimizer optimizer;
    private final float labelSmoothing;
    private final Double clipNorm;
    /** Seeds each step's dropout masks (Dropouts.seedStep); unused without dropout. */
    private final long runSeed;

    private static final Loss CLASSIFIER_LOSS = Loss.softmaxCrossEntropyLoss();
    /** Running statistics of frozen units, and their values to put back after each step (taken at the first). */
    private final List<String> frozenStatistics = new ArrayList<>();

    private Map<String, NDArray> frozenValues;

    /** SGD with momentum and weight decay on every trainable tensor, no clipping or smoothing. */
    public EpochTrainer(Network net, double momentum, double weightDecay) {
        this(net, momentum, weightDecay, EnumSet.allOf(TensorRole.class));
    }

    /**
     * SGD with momentum; {@code decayedRoles}: the roles of the tensors weight decay applies to (e.g. only
     * {@link TensorRole#WEIGHT}).
     */
    public EpochTrainer(Network net, double momentum, double weightDecay, Set<TensorRole> decayedRoles) {
        this.net = net;
        List<String> trainable = trainable(net);
        this.optimizer = Optimizer.sgd(net, trainable, decayed(net, trainable, decayedRoles), momentum, weightDecay);
        this.labelSmoothing = 0;
        this.clipNorm = null;
        this.runSeed = 0;
    }

    /**
     * The optimizer, clipping and loss the spec's train section names. The units of {@code train.freeze}
     * and those the network leaves out (model.remove) are not trained: no gradient, update, optimizer
     * state or decay; a frozen unit's BatchNorm running statistics are put back after every step.
     */
    public EpochTrainer(Network net, TrainSpec t) {
        this(net, t, 0);
    }

    /** @param runSeed the run seed, from which each step's dropout masks are drawn */
    public EpochTrainer(Network net, TrainSpec t, long runSeed) {
        this.net = net;
        this.runSeed = runSeed;
        Set<String> fixed = new HashSet<>();
        for (org.layerlab.unit.Unit u : net.layout().units()) {
            if (net.isRemoved(u)) {
                fixed.addAll(u.tensorNames());
            }
        }
        for (String name : t.freeze()) {
            fixed.addAll(unit(net, name).tensorNames());
        }
        for (String name : fixed) {
            Parameter p = net.parameters().get(name);
            if (p.requiresGradient()) {
                p.freeze(true);
            } else {
                frozenStatistics.add(name); // running statistics, which forward passes move
            }
        }
        List<String> trainable = trainable(net);
        Set<String> decayed = decayed(net, trainable, t.weightDecayRoles());
        this.optimizer = switch (t.optimizer()) {
            case "sgd" -> Optimizer.sgd(net, trainable, decayed, t.momentum(), t.weightDecay());
            case "adamw" -> Optimizer.adamw(net, trainable, decayed, t.beta1(), t.beta2(), t.eps(), t.weightDecay());
            default -> throw new IllegalArgumentException("train.optimizer " + t.optimizer());
        };
        this.labelSmoothing = (float) t.labelSmoothing();
        this.clipNorm = t.clipNorm();
    }

    /** A unit of either granularity, by name. */
    private static org.layerlab.unit.Unit unit(Network net, String name) {
        for (org.layerlab.unit.ModelLayout l :
                List.of(net.layout(), net.layout().at(org.layerlab.unit.ModelLayout.PARTS))) {
            if (l.unitNames().contains(name)) {
                return l.unit(name);
            }
        }
        throw new org.layerlab.error.UserInputException("train.freeze: unknown unit '" + name + "' (units: "
                + String.join(", ", net.layout().unitNames()) + ")");
    }

    private static List<String> trainable(Network net) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : net.parameters().entrySet()) {
            if (e.getValue().requiresGradient()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static Set<String> decayed(Network net, List<String> trainable, Set<TensorRole> roles) {
        Map<String, TensorSpec> specs = net.layout().tensors();
        Set<String> out = new HashSet<>();
        for (String name : trainable) {
            TensorSpec spec = specs.get(name);
            if (spec == null) {
                throw new IllegalStateException("parameter " + name + " is not in the model layout");
            }
            if (roles.contains(spec.role())) {
                out.add(name);
            }
        }
        return out;
    }

    /** One epoch (or any run of batches) at a constant rate, counting steps from 1. */
    public EpochStats runEpoch(
            BatchSource data, int[] order, int batchSize, double lr, Rng augment, Progress.Task task) {
        return run(data, order, batchSize, step -> lr, 1, augment, task);
    }

    /**
     * Trains on the examples {@code order} names, a batch at a time; the batches are global steps
     * {@code firstStep}, {@code firstStep + 1}, … and step s uses the rate {@code lr.applyAsDouble(s)}.
     *
     * @throws NonFiniteLossException when a batch's loss is NaN or infinite, before its update
     */
    public EpochStats run(
            BatchSource data,
            int[] order,
            int batchSize,
            LongToDoubleFunction lr,
            long firstStep,
            Rng augment,
            Progress.Task task) {
        if (frozenValues == null && !frozenStatistics.isEmpty()) {
            // Taken now, once the run's initial (or resumed) weights are loaded, not when the trainer was made.
            frozenValues = new java.util.LinkedHashMap<>();
            for (String name : frozenStatistics) {
                frozenValues.put(name, net.array(name).duplicate());
            }
        }
        double[] lossSum = {0};
        long[] wrong = {0};
        long[] predictions = {0};
        int[] step = {0};
        int steps = (order.length + batchSize - 1) / batchSize;
        new Batches(data, batchSize).forEach(net.manager(), order, augment, (x, y, count) -> {
            NDArray logits;
            NDArray l;
            if (net.usesDropout()) {
                // The masks of global step s depend on the run seed and s alone: a resumed run draws the same.
                Dropouts.seedStep(runSeed, firstStep + step[0] - 1);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(x, true);
                l = loss(logits, y, labelSmoothing);
                gc.backward(l);
            }
            step[0]++;
            float batchLoss = l.getFloat();
            if (!Float.isFinite(batchLoss)) {
                // Stop before the update: the weights of the last finished epoch are what the run keeps. The
                // non-finite gradient is cleared, or the next backward pass (a redone round) would add into it.
                for (String name : trainable(net)) {
                    Optimizer.clearGradient(net.array(name));
                }
                throw new NonFiniteLossException(step[0], steps, batchLoss);
            }
            if (clipNorm != null) {
                clipGradients(clipNorm);
            }
            optimizer.update((float) lr.applyAsDouble(firstStep + step[0] - 1), firstStep + step[0] - 1);
            if (frozenValues != null) {
                net.loadArrays(frozenValues);
            }
            lossSum[0] += batchLoss * count;
            wrong[0] += y.size() - logits.argMax(-1).eq(y).sum().getLong();
            predictions[0] += y.size();
            task.step(count);
        });
        return new EpochStats(lossSum[0] / order.length, (double) wrong[0] / predictions[0]);
    }

    /**
     * One forward and backward pass on a batch without an update, its gradients cleared after: for
     * timing steps ({@link ThreadProbe}). BatchNorm running statistics move, as in any training pass.
     */
    void gradientPass(NDArray x, NDArray y) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(x, true);
            gc.backward(loss(logits, y, labelSmoothing));
        }
        for (String name : optimizer.trainable) {
            Optimizer.clearGradient(net.array(name));
        }
    }

    /**
     * Mean cross-entropy over the batch's predictions: logits (examples × classes, or examples ×
     * positions × vocabulary) against targets; with label smoothing ε, (1 − ε)·NLL + ε·mean_c(−log p_c).
     */
    static NDArray loss(NDArray logits, NDArray targets, float labelSmoothing) {
        if (labelSmoothing == 0f && logits.getShape().dimension() == 2) {
            return CLASSIFIER_LOSS.evaluate(new NDList(targets), new NDList(logits));
        }
        NDArray logp = logits.logSoftmax(-1);
        NDArray nll = logp.gather(targets.expandDims(-1), -1).neg().mean();
        if (labelSmoothing == 0f) {
            return nll;
        }
        NDArray uniform = logp.mean(new int[] {-1}).neg().mean();
        // Scalars, not mul(Number): the backward pass reads both factors (see Scalars).
        return Scalars.times(nll, 1 - labelSmoothing).add(Scalars.times(uniform, labelSmoothing));
    }

    /**
     * Scales every gradient by min(1, max / (‖g‖ + 1e-6)), ‖g‖ the L2 norm of all gradients together,
     * as torch.nn.utils.clip_grad_norm_ does (DJL's optClipGrad clips each element, one-sided).
     */
    private void clipGradients(double max) {
        List<NDArray> grads = new ArrayList<>();
        double sumOfSquares = 0;
        try {
            // Temporaries made from a parameter's gradient belong to the network's manager: each is closed
            // here, or it would live as long as the network.
            NDArray total = null;
            for (String name : optimizerTrainable()) {
                NDArray g = net.array(name).getGradient();
                grads.add(g);
                try (NDArray sq = g.square();
                        NDArray s = sq.sum()) {
                    if (total == null) {
                        total = s.duplicate();
                    } else {
                        total.addi(s);
                    }
                }
            }
            if (total != null) {
                sumOfSquares = total.getFloat();
                total.close();
            }
            double coef = max / (Math.sqrt(sumOfSquares) + 1e-6);
            if (coef < 1) {
                for (NDArray g : grads) {
                    g.muli((float) coef);
                }
            }
        } finally {
            grads.forEach(NDArray::close);
        }
    }

    private List<String> optimizerTrainable() {
        return optimizer.trainable;
    }

    /** The optimizer's state (SGD: the momentum buffers, named like their parameters). */
    public Map<String, Tensor> optimizerState() {
        return optimizer.state();
    }

    public void loadOptimizerState(Map<String, Tensor> state) {
        optimizer.load(state);
    }
}
