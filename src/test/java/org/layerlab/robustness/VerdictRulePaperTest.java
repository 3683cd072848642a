package org.layerlab.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.robustness.Verdict.Category;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * The rule with its shipped defaults labels the paper's own figures as the paper does. The numbers are the
 * τ = 0 re-initialization errors per unit, read off the figures: FCN 3×256 on MNIST (JMLR Fig. 1), VGG-11
 * on CIFAR-10 and ResNet-50 on ImageNet (arXiv v1).
 */
class VerdictRulePaperTest {
    private static final VerdictRule DEFAULTS = defaults();

    private static VerdictRule defaults() {
        ExperimentSpec spec = SpecLoader.load("fcn-mnist", java.util.List.of());
        return spec.analysis().verdictRule();
    }

    private static Category judge(String unit, double atInit, double finalValue, double chance) {
        return DEFAULTS.judge(unit, atInit, finalValue, chance, Double.NaN).category();
    }

    private static void expect(Category c, Map<String, Double> units, double finalValue, double chance) {
        units.forEach((unit, e) -> assertEquals(c, judge(unit, e, finalValue, chance), unit + " at " + e));
    }

    @Test
    void fcnOnMnist() {
        expect(Category.CRITICAL, Map.of("layer1", 0.38), 0.02, 0.9);
        expect(Category.ROBUST, Map.of("layer2", 0.07, "layer3", 0.03, "layer4", 0.06), 0.02, 0.9);
    }

    @Test
    void vgg11OnCifar10() {
        double fin = 0.126;
        expect(
                Category.CRITICAL,
                Map.of(
                        "stage1.block1", 0.70,
                        "stage2.block1", 0.71,
                        "stage3.block1", 0.89,
                        "stage3.block2", 0.75,
                        "stage4.block1", 0.51),
                fin,
                0.9);
        expect(Category.INTERMEDIATE, Map.of("stage4.block2", 0.23), fin, 0.9);
        expect(
                Category.ROBUST,
                Map.of("stage5.block1", 0.15, "stage5.block2", 0.15, "fc1", 0.13, "fc2", 0.13, "final_linear", 0.13),
                fin,
                0.9);
    }

    @Test
    void resnet50OnImagenet() {
        double fin = 0.35;
        double chance = 0.999;
        expect(
                Category.CRITICAL,
                Map.of(
                        "stage0", 0.99,
                        "stage1.resblk1", 0.98,
                        "stage2.resblk1", 0.99,
                        "stage3.resblk1", 0.99,
                        "stage4.resblk1", 0.99,
                        "final_linear", 0.99),
                fin,
                chance);
        // Every other block of stages 1-3 is robust: 0.36-0.39 in the figure; both ends checked.
        expect(
                Category.ROBUST,
                Map.of(
                        "stage1.resblk2", 0.36,
                        "stage1.resblk3", 0.39,
                        "stage2.resblk2", 0.36,
                        "stage2.resblk4", 0.39,
                        "stage3.resblk2", 0.36,
                        "stage3.resblk6", 0.39),
                fin,
                chance);
        assertNotEquals(Category.ROBUST, judge("stage4.resblk2", 0.44, fin, chance));
        assertNotEquals(Category.ROBUST, judge("stage4.resblk3", 0.55, fin, chance));
    }
}
