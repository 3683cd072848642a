package org.layerlab.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layerlab.error.UserInputException;

/**
 * Checks a merged spec and fills in what is derived (milestones, the checkpoints 0 and E, the
 * architecture's defaults), so the resolved spec written to a run says everything explicitly.
 */
final class SpecValidator {
    private static final Set<String> DATASETS =
            Set.of("mnist", "fashion-mnist", "cifar10", "imagefolder", "tinyshakespeare", "textfile", "lm1b");
    private static final Set<String> TEXT_DATASETS = Set.of("tinyshakespeare", "textfile", "lm1b");

    private final String label;
    private final Map<String, String> flags;

    private SpecValidator(String label, Map<String, String> flags) {
        this.label = label;
        this.flags = flags;
    }

    static ExperimentSpec resolve(ExperimentSpec s, String label) {
        return resolve(s, label, Map.of());
    }

    /**
     * {@code flags} maps a key set on the command line to the flag that set it: a problem with that key
     * names the flag (what the user typed), any other the file or preset ({@code label}).
     */
    static ExperimentSpec resolve(ExperimentSpec s, String label, Map<String, String> flags) {
        SpecValidator v = new SpecValidator(label, flags);
        // A plain folder name: it becomes runs/<name>, so '.', '..' and separators are out.
        v.check(
                s.name() != null && s.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}"),
                "name",
                "must be a plain folder name (letters, digits, '.', '_' or '-', starting with a letter or digit,"
                        + " at most 128), got '" + s.name() + "'");
        // At most nine digits, so Devices can parse N as an int.
        v.check(
                s.device().matches("cpu|gpu(:\\d{1,9})?"),
                "device",
                "must be cpu, gpu or gpu:N, got '" + s.device() + "'");
        v.data(s.data());
        ModelSpec m = v.model(s.model());
        TrainSpec t = v.train(s.train());
        v.analysis(s.analysis());
        return new ExperimentSpec(s.name(), s.seed(), s.device(), s.data(), m, t, s.analysis());
    }

    private void data(DataSpec d) {
        check(
                DATASETS.contains(d.name()),
                "data.name",
                "unknown dataset '" + d.name() + "' (choose " + sorted(DATASETS) + ")");
        textKeys(d);
        check(
                Set.of("scale", "standardize").contains(d.normalize()),
                "data.normalize",
                "must be scale or standardize, got '" + d.normalize() + "'");
        positive(d.trainLimit(), "data.train_limit");
        positive(d.testLimit(), "data.test_limit");
        positive(d.trainPerClass(), "data.train_per_class");
        imageSize(d.imageSize());
        check(!"imagefolder".equals(d.name()) || d.dir() != null, "data.dir", "is required for data.name: imagefolder");
        check(
                "imagefolder".equals(d.name()) || d.imageSize() == null,
                "data.image_size",
                "applies only to data.name: imagefolder (" + d.name() + " images have a fixed size)");
    }

    /**
     * Text datasets take {@code data.tokenizer} and none of the image keys; image datasets take no
     * tokenizer. A key set away from its default where it has no effect is refused, not ignored.
     */
    private void textKeys(DataSpec d) {
        String tokenizer = d.tokenizer();
        check(
                tokenizer != null && !tokenizer.isBlank(),
                "data.tokenizer",
                "must be char or the path of a HuggingFace tokenizer.json, got '" + tokenizer + "'");
        if (!TEXT_DATASETS.contains(d.name())) {
            check(
                    "char".equals(tokenizer),
                    "data.tokenizer",
                    "applies only to text datasets (" + sorted(TEXT_DATASETS) + "); " + d.name()
                            + " is images (remove data.tokenizer)");
            return;
        }
        String isText = "applies only to image datasets; " + d.name() + " is text";
        check(!d.augment(), "data.augment", isText + " (remove data.augment)");
        check("scale".equals(d.normalize()), "data.normalize", isText + " (remove data.normalize)");
        check(d.imageSize() == null, "data.image_size", isText + " (remove data.image_size)");
        check(d.trainPerClass() == null, "data.train_per_class", isText + " and has no classes");
        check(
                !"textfile".equals(d.name()) || d.dir() != null,
                "data.dir",
                "is required for data.name: textfile (a UTF-8 text file or a folder of them)");
        check(
                !"lm1b".equals(d.name()) || !"char".equals(tokenizer),
                "data.tokenizer",
                "lm1b is modeled in subword tokens, not characters (the paper used a SentencePiece vocabulary; a char"
                        + " vocabulary would need all 4 GB read before training and make every sequence about five"
                        + " times longer): set data.tokenizer to the path of a HuggingFace tokenizer.json");
    }

    /**
     * Checks what holds for every architecture; each family (engine.Architecture) checks its own keys
     * against the data and fills in its defaults when the study opens.
     */
    private ModelSpec model(ModelSpec m) {
        check(m.arch() != null && !m.arch().isBlank(), "model.arch", "must name an architecture");
        finite(m.widthMultiplier(), "model.width_multiplier", "> 0");
        widthMultiplier(m.widthMultiplier());
        finite(m.dropout(), "model.dropout", "in [0, 1)");
        check(m.dropout() >= 0 && m.dropout() < 1, "model.dropout", "must be in [0, 1), got " + m.dropout());
        check(m.depth() == null || m.depth() >= 0, "model.depth", "must be ≥ 0 or null, got " + m.depth());
        positive(m.width(), "model.width");
        positive(m.patch(), "model.patch");
        positive(m.dim(), "model.dim");
        positive(m.heads(), "model.heads");
        positive(m.mlpDim(), "model.mlp_dim");
        positive(m.tokenMlpDim(), "model.token_mlp_dim");
        positive(m.channelMlpDim(), "model.channel_mlp_dim");
        positive(m.context(), "model.context");
        return m;
    }

    private TrainSpec train(TrainSpec t) {
        check(t.epochs() >= 1, "train.epochs", "must be ≥ 1, got " + t.epochs());
        check(t.steps() == null || t.steps() >= 1, "train.steps", "must be ≥ 1 or null, got " + t.steps());
        String unit = t.unit();
        int e = t.length();
        check(t.batchSize() >= 1, "train.batch_size", "must be ≥ 1, got " + t.batchSize());
        check(
                TrainSpec.OPTIMIZERS.contains(t.optimizer()),
                "train.optimizer",
                "must be sgd or adamw, got '" + t.optimizer() + "'");
        check(
                TrainSpec.SCHEDULES.contains(t.schedule()),
                "train.schedule",
                "must be step or cosine, got '" + t.schedule() + "'");
        finite(t.lr(), "train.lr", "> 0");
        finite(t.minLr(), "train.min_lr", "in [0, lr]");
        finite(t.momentum(), "train.momentum", "in [0, 1)");
        finite(t.beta1(), "train.beta1", "in [0, 1)");
        finite(t.beta2(), "train.beta2", "in [0, 1)");
        finite(t.eps(), "train.eps", "> 0");
        finite(t.weightDecay(), "train.weight_decay", "≥ 0");
        finite(t.lrDecay(), "train.lr_decay", "in (0, 1]");
        finite(t.labelSmoothing(), "train.label_smoothing", "in [0, 1)");
        if (t.clipNorm() != null) {
            finite(t.clipNorm(), "train.clip_norm", "> 0");
        }
        check(t.lr() > 0, "train.lr", "must be > 0, got " + t.lr());
        check(t.minLr() >= 0 && t.minLr() <= t.lr(), "train.min_lr", "must be in [0, train.lr], got " + t.minLr());
        check(t.momentum() >= 0 && t.momentum() < 1, "train.momentum", "must be in [0, 1), got " + t.momentum());
        check(t.beta1() >= 0 && t.beta1() < 1, "train.beta1", "must be in [0, 1), got " + t.beta1());
        check(t.beta2() >= 0 && t.beta2() < 1, "train.beta2", "must be in [0, 1), got " + t.beta2());
        check(t.eps() > 0, "train.eps", "must be > 0, got " + t.eps());
        check(t.weightDecay() >= 0, "train.weight_decay", "must be ≥ 0, got " + t.weightDecay());
        check(t.warmup() >= 0, "train.warmup", "must be ≥ 0, got " + t.warmup());
        check(t.clipNorm() == null || t.clipNorm() > 0, "train.clip_norm", "must be > 0 or null, got " + t.clipNorm());
        check(
                t.labelSmoothing() >= 0 && t.labelSmoothing() < 1,
                "train.label_smoothing",
                "must be in [0, 1), got " + t.labelSmoothing());
        String decayOn =
                t.weightDecayOn() != null ? t.weightDecayOn() : t.optimizer().equals("adamw") ? "weights" : "all";
        check(
                TrainSpec.WEIGHT_DECAY_ON.contains(decayOn),
                "train.weight_decay_on",
                "must be all or weights, got '" + t.weightDecayOn() + "'");
        check(
                t.threads() == null || (t.threads() >= 0 && t.threads() <= TrainSpec.MAX_THREADS),
                "train.threads",
                "must be a number of threads in 1.." + TrainSpec.MAX_THREADS
                        + ", 0 (chosen by timing when the run starts) or null (one per core), got " + t.threads());
        check(t.lrDecay() > 0 && t.lrDecay() <= 1, "train.lr_decay", "must be in (0, 1], got " + t.lrDecay());
        Integer logEvery = t.logEvery();
        if (t.stepCounted()) {
            logEvery = logEvery == null ? Math.max(1, e / 20) : logEvery;
            check(logEvery >= 1 && logEvery <= e, "train.log_every", "must be in 1.." + e + ", got " + logEvery);
        } else {
            check(logEvery == null, "train.log_every", "applies to step-counted training (train.steps); leave it out");
        }
        List<Integer> milestones = t.lrMilestones();
        if (milestones == null) {
            TreeSet<Integer> ms = new TreeSet<>();
            for (double f : new double[] {0.3, 0.6, 0.9}) {
                int m = (int) Math.round(f * e);
                if (m >= 1 && m < e) {
                    ms.add(m);
                }
            }
            milestones = new ArrayList<>(ms);
        }
        for (Integer m : milestones) {
            check(m != null && m >= 1 && m < e, "train.lr_milestones", m + " is outside 1.." + (e - 1));
        }
        check(t.checkpoints() != null, "train.checkpoints", "must be a list of " + unit + "s");
        TreeSet<Integer> ck = new TreeSet<>();
        ck.add(0);
        for (Integer c : t.checkpoints()) {
            check(c != null && c >= 0, "train.checkpoints", unit + "s must be ≥ 0, got " + c);
            check(c <= e, "train.checkpoints", c + " is beyond the last " + unit + " (" + e + ")");
            ck.add(c);
        }
        ck.add(e);
        return new TrainSpec(
                t.epochs(),
                t.steps(),
                t.batchSize(),
                t.optimizer(),
                t.lr(),
                t.schedule(),
                t.warmup(),
                t.minLr(),
                t.lrDecay(),
                List.copyOf(new TreeSet<>(milestones)),
                t.momentum(),
                t.beta1(),
                t.beta2(),
                t.eps(),
                t.weightDecay(),
                decayOn,
                t.clipNorm(),
                t.labelSmoothing(),
                logEvery,
                List.copyOf(ck),
                t.freeze(),
                t.threads());
    }

    private void analysis(AnalysisSpec a) {
        check(
                List.of("blocks", "parts", "both").contains(a.units()),
                "analysis.units",
                "must be blocks, parts or both, got '" + a.units() + "'");
        check(a.rerandomizeDraws() >= 0, "analysis.rerandomize_draws", "must be ≥ 0, got " + a.rerandomizeDraws());
        check(a.evalBatchSize() >= 1, "analysis.eval_batch_size", "must be ≥ 1, got " + a.evalBatchSize());
        finite(a.robustDamage(), "analysis.robust_damage", "in [0, 1)");
        finite(a.criticalDamage(), "analysis.critical_damage", "in (0, 1]");
        finite(a.chanceMargin(), "analysis.chance_margin", "in [0, 1)");
        check(
                a.robustDamage() >= 0 && a.robustDamage() < 1,
                "analysis.robust_damage",
                "must be in [0, 1), got " + a.robustDamage());
        check(
                a.criticalDamage() > 0 && a.criticalDamage() <= 1,
                "analysis.critical_damage",
                "must be in (0, 1], got " + a.criticalDamage());
        check(
                a.robustDamage() < a.criticalDamage(),
                "analysis.critical_damage",
                "must be greater than analysis.robust_damage (" + a.robustDamage() + "), got " + a.criticalDamage()
                        + ": a row cannot be both robust and critical");
        check(
                a.chanceMargin() >= 0 && a.chanceMargin() < 1,
                "analysis.chance_margin",
                "must be in [0, 1), got " + a.chanceMargin());
        for (String g : a.groups()) {
            check(
                    g != null
                            && (g.split(",").length >= 2
                                    || g.trim().equals("all")
                                    || g.trim().equals("robust")),
                    "analysis.groups",
                    "each group lists two or more units separated by commas, or is all or robust, got '" + g + "'");
        }
        check(
                List.of("none", "bottom-up", "top-down", "both").contains(a.cumulative()),
                "analysis.cumulative",
                "must be none, bottom-up, top-down or both, got '" + a.cumulative() + "'");
    }

    /**
     * The largest {@code data.image_size}. A 4096×4096 RGB image is already 48 MiB decoded and a
     * convnet's activations on one run to tens of GiB; far larger sizes overflow the pixel counts.
     */
    static final int MAX_IMAGE_SIZE = 4096;

    private void imageSize(Integer size) {
        check(
                size == null || (size >= 1 && size <= MAX_IMAGE_SIZE),
                "data.image_size",
                "must be in 1.." + MAX_IMAGE_SIZE + " or null, got " + size + " (a " + MAX_IMAGE_SIZE + "×"
                        + MAX_IMAGE_SIZE
                        + " image is already 48 MiB decoded, and a network's activations on it tens of GiB)");
    }

    /**
     * The largest {@code model.width_multiplier}. Channel counts and fans are 32-bit (ResNet-50's
     * widest 3×3 convolution has a fan of 9·512·w); a multiplier far below this limit already makes
     * a network no machine holds, which the memory check then says in numbers.
     */
    static final double MAX_WIDTH_MULTIPLIER = 1000;

    private void widthMultiplier(double w) {
        check(
                w > 0 && w <= MAX_WIDTH_MULTIPLIER,
                "model.width_multiplier",
                "must be in (0, " + (int) MAX_WIDTH_MULTIPLIER + "], got " + w
                        + " (it scales every layer's channel count, which must stay a 32-bit integer)");
    }

    private void positive(Integer v, String key) {
        check(v == null || v >= 1, key, "must be ≥ 1 or null, got " + v);
    }

    /**
     * Infinity and NaN pass or fail range checks by accident (NaN fails every comparison, infinity
     * passes "> 0") and train into NaN: every floating-point key goes through this first.
     */
    private void finite(double value, String key, String range) {
        check(Double.isFinite(value), key, "must be a finite number " + range + ", got " + show(value));
    }

    private void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw new UserInputException(source(key) + ": " + key + ": " + problem);
        }
    }

    /** The flag that set {@code key}, else the file or preset. */
    private String source(String key) {
        return flags.getOrDefault(key, label);
    }

    /** A number as messages show it; infinity and NaN in YAML's spelling, with what they are. */
    static String show(double v) {
        if (Double.isNaN(v)) {
            return ".nan (not a number)";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? ".inf (infinity)" : "-.inf (minus infinity)";
        }
        return Double.toString(v);
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", new TreeSet<>(s));
    }
}
