package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * The memory check against budgets given explicitly, so each refusal is reproducible on any machine.
 * The spec is fcn-mnist-quick (FCN 3×256, 335,114 parameters, 2,330 activation values per example)
 * unless a test says otherwise.
 */
class MemoryCheckTest {
    private static final int[] MNIST = {1, 28, 28};
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final MemoryBudget HUGE = new MemoryBudget(1L << 40, 1L << 40, "this machine has");

    private static ExperimentSpec quick(String... overrides) {
        return SpecLoader.load("fcn-mnist-quick", List.of(overrides));
    }

    private static String refusal(ExperimentSpec spec, int[] example, int train, int test, MemoryBudget budget) {
        UserInputException e = assertThrows(
                UserInputException.class, () -> MemoryCheck.require(spec, example, 10, train, test, budget));
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "'" + message + "' should mention " + p);
        }
    }

    /** The number in "about N fit". */
    private static int fits(String message) {
        Matcher m = Pattern.compile("about ([0-9,]+) fit\\)").matcher(message);
        assertTrue(m.find(), message);
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    @Test
    void theShippedPresetsFitAModestMachine() {
        MemoryBudget laptop = new MemoryBudget(16 * GIB, 4 * GIB, "this machine has");
        assertDoesNotThrow(
                () -> MemoryCheck.require(SpecLoader.load("fcn-mnist", List.of()), MNIST, 10, 60_000, 10_000, laptop));
        for (String preset : List.of("vgg11-cifar10", "vgg16-cifar10-w4", "resnet18-cifar10", "resnet18-cifar10-w4")) {
            assertDoesNotThrow(
                    () -> MemoryCheck.require(
                            SpecLoader.load(preset, List.of()), new int[] {3, 32, 32}, 10, 50_000, 10_000, laptop),
                    preset);
        }
    }

    @Test
    void aNetworkTooLargeForTheMachineNamesTheModelKeys() {
        String m = refusal(
                quick("model.depth=4096", "model.width=16384"),
                MNIST,
                60_000,
                10_000,
                new MemoryBudget(24 * GIB, 6 * GIB, "this machine has"));
        // 4,095 hidden layers of 16384·16384 + 16384, plus the first (784·16384 + 16384) and the output
        // (16384·10 + 10).
        assertMentions(
                m,
                "model.depth=4096, model.width=16384",
                "1×28×28",
                "1,099,323,310,090 parameters",
                "this machine has 24 GiB",
                "lower model.width or model.depth");
    }

    @Test
    void aTensorLongerThanAJavaArrayIsRefusedEvenWhereMemoryWouldDo() {
        // layer1 is 3,000,000 × 784 = 2.35·10⁹ values: 28 GiB with gradients and momentum fits 1 TiB.
        String m = refusal(quick("model.depth=1", "model.width=3000000"), MNIST, 60_000, 10_000, HUGE);
        assertMentions(m, "model.width=3000000", "largest tensor", "2,352,000,000 values", "2,147,483,639");
    }

    @Test
    void aBatchTooLongForOneArrayNamesTheBatchSizeAndWhatFits() {
        int[] large = {3, 4096, 4096};
        String m = refusal(quick("model.width=1", "model.depth=1"), large, 1_000, 1_000, HUGE);
        // 128 examples of 50,331,648 values; 2,147,483,639 / 50,331,648 = 42.7.
        assertMentions(m, "train.batch_size=128", "3×4096×4096", "at most 42");
        String eval =
                refusal(quick("model.width=1", "model.depth=1", "train.batch_size=42"), large, 1_000, 1_000, HUGE);
        assertMentions(eval, "analysis.eval_batch_size=1000", "at most 42");
    }

    /**
     * A batch size beyond the training set costs a batch of the whole set: 60,000 MNIST examples need
     * about 1 GiB of activations, more than a 512 MiB budget. The size the message says fits does fit,
     * one more does not.
     */
    @Test
    void trainingActivationsNameTheBatchSizeAndHowManyFit() {
        MemoryBudget budget = new MemoryBudget(512 * MIB, GIB, "LAYERLAB_MEMORY allows");
        String m = refusal(quick("train.batch_size=2000000000"), MNIST, 60_000, 10_000, budget);
        assertMentions(
                m,
                "train.batch_size=2000000000",
                "60000 examples of 1×28×28 per batch, the whole training set",
                "1.0 GiB for activations",
                "LAYERLAB_MEMORY allows 512 MiB");
        int fits = fits(m);
        assertDoesNotThrow(
                () -> MemoryCheck.require(quick("train.batch_size=" + fits), MNIST, 10, 60_000, 10_000, budget));
        assertEquals(
                fits,
                fits(refusal(quick("train.batch_size=" + (fits + 1)), MNIST, 60_000, 10_000, budget)),
                "one more than what fits is refused");
        // The same batch size on a small training set is one batch of 20 examples, and fits.
        assertDoesNotThrow(() -> MemoryCheck.require(quick("train.batch_size=2000000000"), MNIST, 10, 20, 10, budget));
    }

    @Test
    void evaluationActivationsNameTheEvalBatchSize() {
        // 10,000 test examples × 2,330 values × 4 bytes = 89 MiB, over a 64 MiB budget.
        String m = refusal(
                quick("analysis.eval_batch_size=2000000000"),
                MNIST,
                60_000,
                10_000,
                new MemoryBudget(64 * MIB, GIB, "this machine has"));
        assertMentions(m, "analysis.eval_batch_size=2000000000", "the whole test set", "the analysis needs");
    }

    @Test
    void manyDrawsOfTheWholeNetworkNameTheCheckpointsAndDraws() {
        // The full-model row holds 5 checkpoints + 1,000 draws of the 1.3 MB network at once: 1.3 GB.
        String m = refusal(
                quick("analysis.rerandomize_draws=1000"),
                MNIST,
                60_000,
                10_000,
                new MemoryBudget(GIB, 64 * GIB, "this machine has"));
        assertMentions(m, "train.checkpoints=[0, 1, 2, 3, 10], analysis.rerandomize_draws=1000", "1,005 versions");
    }

    @Test
    void aSmallJavaHeapNamesTheCheckpointsAndMinusXmx() {
        // 5 checkpoints + 1 draw + 2 copies of 1.3 MB, plus the batches' float arrays: 14 MB > 8 MiB.
        String m = refusal(quick(), MNIST, 60_000, 10_000, new MemoryBudget(64 * GIB, 8 * MIB, "this machine has"));
        assertMentions(m, "train.checkpoints=[0, 1, 2, 3, 10]", "8 copies", "Java heap", "-Xmx");
        // A test batch of 10,000 examples stages 31 MB of floats: then the batch sizes are to blame.
        String batches = refusal(
                quick("analysis.eval_batch_size=2000000000"),
                MNIST,
                60_000,
                10_000,
                new MemoryBudget(64 * GIB, 32 * MIB, "this machine has"));
        assertMentions(batches, "train.batch_size=128, analysis.eval_batch_size=2000000000", "lower them", "-Xmx");
    }

    @Test
    void sizesParseInPowersOf1024AndNonsenseIsBadInput() {
        assertEquals(8 * GIB, MemoryBudget.parse("8G", "LAYERLAB_MEMORY"));
        assertEquals(512 * MIB, MemoryBudget.parse("512m", "LAYERLAB_MEMORY"));
        assertEquals(1536 * GIB, MemoryBudget.parse("1.5TiB", "LAYERLAB_MEMORY"));
        assertEquals(4096, MemoryBudget.parse("4096", "LAYERLAB_MEMORY"));
        for (String bad : List.of("lots", "-1G", "0", "8X", "")) {
            UserInputException e =
                    assertThrows(UserInputException.class, () -> MemoryBudget.parse(bad, "LAYERLAB_MEMORY"), bad);
            assertMentions(e.getMessage(), "LAYERLAB_MEMORY", "'" + bad + "'");
        }
    }

    @Test
    void thisMachinesBudgetIsItsMemoryAndHeap() {
        MemoryBudget here = MemoryBudget.ofThisMachine();
        assertEquals(Runtime.getRuntime().maxMemory(), here.heapBytes());
        assertTrue(here.deviceBytes() >= 256 * MIB, here.toString());
    }

    @Test
    void bytesAndCountsReadAsPeopleWriteThem() {
        assertEquals("512 bytes", MemoryCheck.bytes(512));
        assertEquals("1.5 KiB", MemoryCheck.bytes(1536));
        assertEquals("735 GiB", MemoryCheck.bytes(735.4 * GIB));
        assertEquals("2.1 PiB", MemoryCheck.bytes(2.1 * (1L << 50)));
        assertEquals("4.0e+04 PiB", MemoryCheck.bytes(4e4 * (1L << 50)));
        assertEquals("65,792,137,738", MemoryCheck.count(65_792_137_738.0));
        assertEquals("1.00e+28", MemoryCheck.count(1e28));
    }
}
