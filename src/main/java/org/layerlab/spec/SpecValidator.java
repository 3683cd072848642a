package org.layerlab.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layerlab.error.UserInputException;
import org.layerlab.init.InitScheme;

/**
 * Checks a merged spec and fills in what is derived (milestones, the checkpoints 0 and E, the
 * architecture's defaults), so the resolved spec written to a run says everything explicitly.
 */
final class SpecValidator {
    private static final Set<String> DATASETS =
            Set.of("mnist", "fashion-mnist", "cifar10", "imagefolder", "tinyshakespeare", "textfile", "lm1b");
    private static final Set<String> TEXT_DATASETS = Set.of("tinyshakespeare", "textfile", "lm1b");
    /** Networks that take images; every other architecture takes token ids. */
    private static final Set<String> IMAGE_ARCHS = Set.of("fcn", "vgg", "resnet");

    private static final Set<String> VGG = Set.of("vgg11", "vgg13", "vgg16", "vgg19");
    private static final Set<String> RESNET = Set.of("resnet18", "resnet34", "resnet50");

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
        v.dataFitsModel(s.data(), m);
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

    /** A text corpus feeds a language model and images feed an image network; never the other way round. */
    private void dataFitsModel(DataSpec d, ModelSpec m) {
        boolean text = TEXT_DATASETS.contains(d.name());
        boolean imageNet = IMAGE_ARCHS.contains(m.arch());
        check(
                text != imageNet,
                "data.name",
                text
                        ? d.name() + " is a text corpus, but model.arch " + m.arch()
                                + " takes images (a text dataset needs a language model)"
                        : d.name() + " is images, but model.arch " + m.arch() + " takes token ids");
    }

    private ModelSpec model(ModelSpec m) {
        try {
            InitScheme.fromId(m.init());
        } catch (UserInputException e) {
            throw new UserInputException(source("model.init") + ": " + e.getMessage(), e);
        }
        finite(m.widthMultiplier(), "model.width_multiplier", "> 0");
        widthMultiplier(m.widthMultiplier());
        String norm = m.norm();
        String variant = m.variant();
        switch (m.arch()) {
            case "fcn" -> {
                // The analysis measures depth+2 rows of depth+1 stages each: beyond a few thousand layers it would
                // run for days, and no study needs that many.
                check(
                        m.depth() != null && m.depth() >= 1 && m.depth() <= 4096,
                        "model.depth",
                        "must be in 1..4096 for fcn (the analysis grows with the square of the depth), got "
                                + m.depth());
                check(m.width() != null && m.width() >= 1, "model.width", "must be ≥ 1 for fcn, got " + m.width());
                norm = norm == null ? "none" : norm;
                check(norm.equals("none"), "model.norm", "fcn supports only none");
            }
            case "vgg" -> {
                variant = variant == null ? "vgg11" : variant;
                check(
                        VGG.contains(variant),
                        "model.variant",
                        "must be one of " + sorted(VGG) + " for vgg, got '" + variant + "'");
                norm = norm == null ? "none" : norm;
            }
            case "resnet" -> {
                variant = variant == null ? "resnet18" : variant;
                check(
                        RESNET.contains(variant),
                        "model.variant",
                        "must be one of " + sorted(RESNET) + " for resnet, got '" + variant + "'");
                norm = norm == null ? "batchnorm" : norm;
            }
            default ->
                throw new UserInputException(source("model.arch") + ": model.arch: unknown architecture '" + m.arch()
                        + "' (choose fcn, vgg, resnet)");
        }
        check(
                Set.of("none", "batchnorm").contains(norm),
                "model.norm",
                "must be none or batchnorm, got '" + norm + "'");
        check(
                m.stem() == null || Set.of("cifar", "imagenet").contains(m.stem()),
                "model.stem",
                "must be cifar or imagenet, got '" + m.stem() + "'");
        return new ModelSpec(m.arch(), m.depth(), m.width(), variant, m.widthMultiplier(), norm, m.stem(), m.init());
    }

    private TrainSpec train(TrainSpec t) {
        int e = t.epochs();
        check(e >= 1, "train.epochs", "must be ≥ 1, got " + e);
        check(t.batchSize() >= 1, "train.batch_size", "must be ≥ 1, got " + t.batchSize());
        finite(t.lr(), "train.lr", "> 0");
        finite(t.momentum(), "train.momentum", "in [0, 1)");
        finite(t.weightDecay(), "train.weight_decay", "≥ 0");
        finite(t.lrDecay(), "train.lr_decay", "in (0, 1]");
        check(t.lr() > 0, "train.lr", "must be > 0, got " + t.lr());
        check(t.momentum() >= 0 && t.momentum() < 1, "train.momentum", "must be in [0, 1), got " + t.momentum());
        check(t.weightDecay() >= 0, "train.weight_decay", "must be ≥ 0, got " + t.weightDecay());
        check(
                t.weightDecayOn() != null && TrainSpec.WEIGHT_DECAY_ON.contains(t.weightDecayOn()),
                "train.weight_decay_on",
                "must be all or weights, got '" + t.weightDecayOn() + "'");
        check(t.lrDecay() > 0 && t.lrDecay() <= 1, "train.lr_decay", "must be in (0, 1], got " + t.lrDecay());
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
        for (int m : milestones) {
            check(m >= 1 && m < e, "train.lr_milestones", m + " is outside 1.." + (e - 1));
        }
        check(t.checkpoints() != null, "train.checkpoints", "must be a list of epochs");
        TreeSet<Integer> ck = new TreeSet<>();
        ck.add(0);
        for (Integer c : t.checkpoints()) {
            check(c != null && c >= 0, "train.checkpoints", "epochs must be ≥ 0, got " + c);
            check(c <= e, "train.checkpoints", c + " is beyond the last epoch (" + e + ")");
            ck.add(c);
        }
        ck.add(e);
        return new TrainSpec(
                e,
                t.batchSize(),
                t.lr(),
                t.momentum(),
                t.weightDecay(),
                t.weightDecayOn(),
                t.lrDecay(),
                List.copyOf(new TreeSet<>(milestones)),
                List.copyOf(ck));
    }

    private void analysis(AnalysisSpec a) {
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
                    g != null && g.split(",").length >= 2,
                    "analysis.groups",
                    "each group lists two or more units separated by commas, got '" + g + "'");
        }
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
