package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;

class SpecLoaderTest {
    @TempDir
    Path dir;

    @Test
    void thePaperPresetResolvesAsItsHeaderSays() {
        ExperimentSpec s = SpecLoader.load("fcn-mnist", List.of());
        assertEquals("fcn-mnist", s.name(), "the name defaults to the preset's");
        assertEquals(100, s.train().epochs());
        assertEquals(List.of(30, 60, 90), s.train().lrMilestones());
        assertEquals(List.of(0, 1, 2, 3, 8, 40, 90, 100), s.train().checkpoints());
        // As the preset says; the architecture fills in its own defaults when the study opens (ArchitecturesTest).
        assertEquals(new ModelSpec("fcn", 3, 256, null, 1.0, null, null, "paper"), s.model());
        assertEquals("mnist", s.data().name());
        assertEquals(0, s.seed());
    }

    @Test
    void theQuickPresetDerivesItsMilestones() {
        ExperimentSpec s = SpecLoader.load("fcn-mnist-quick", List.of());
        assertEquals(10, s.train().epochs());
        // null milestones: 30/60/90 % of 10 epochs.
        assertEquals(List.of(3, 6, 9), s.train().lrMilestones());
        assertEquals(List.of(0, 1, 2, 3, 10), s.train().checkpoints());
    }

    @Test
    void checkpointsAlwaysIncludeZeroAndTheLastEpochSortedWithoutDuplicates() throws IOException {
        ExperimentSpec s = SpecLoader.load(
                file("train:\n  epochs: 7\n  checkpoints: [5, 2, 2]\n").toString(), List.of());
        assertEquals(List.of(0, 2, 5, 7), s.train().checkpoints());
        assertEquals(List.of(2, 4, 6), s.train().lrMilestones(), "round(2.1), round(4.2), round(6.3)");
    }

    @Test
    void overridesSetNumbersListsAndNull() {
        ExperimentSpec s = SpecLoader.load(
                "fcn-mnist",
                List.of(
                        "train.epochs=10",
                        "train.checkpoints=[0, 5]",
                        "train.lr_milestones=null",
                        "train.lr=0.05",
                        "seed=42",
                        "data.train_limit=1000",
                        "analysis.groups=[\"layer2,layer3\"]",
                        "name=my-run"));
        assertEquals(10, s.train().epochs());
        assertEquals(List.of(0, 5, 10), s.train().checkpoints());
        assertEquals(List.of(3, 6, 9), s.train().lrMilestones(), "null is derived again from the new epoch count");
        assertEquals(0.05, s.train().lr());
        assertEquals(42, s.seed());
        assertEquals(1000, s.data().trainLimit());
        assertEquals(List.of("layer2,layer3"), s.analysis().groups());
        assertEquals("my-run", s.name());

        ExperimentSpec back = SpecLoader.load("fcn-mnist", List.of("data.train_limit=1000", "data.train_limit=null"));
        assertNull(back.data().trainLimit(), "the last override wins, and null clears a value");
    }

    @Test
    void aResolvedSpecRoundTripsThroughYaml() throws IOException {
        ExperimentSpec s = SpecLoader.load(
                "fcn-mnist-quick",
                List.of(
                        "analysis.groups=[\"layer1,layer2\"]",
                        "data.test_limit=500",
                        "model.init=he-normal",
                        "train.weight_decay=0.0005",
                        "device=gpu:1"));
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, SpecLoader.toYaml(s));
        assertEquals(s, SpecLoader.readResolved(f));
    }

    @Test
    void withOverridesRevalidates() {
        ExperimentSpec s = SpecLoader.load("fcn-mnist-quick", List.of());
        assertEquals(
                3,
                SpecLoader.withOverrides(s, SpecOverride.sets(List.of("analysis.rerandomize_draws=3")), "run")
                        .analysis()
                        .rerandomizeDraws());
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> SpecLoader.withOverrides(s, SpecOverride.sets(List.of("analysis.critical_damage=2")), "run"));
        assertMessage(e, "--set analysis.critical_damage=2", "analysis.critical_damage");
    }

    // ---- bad input: one line naming the source and the key ----

    @Test
    void unknownTopLevelKey() throws IOException {
        Path f = file("trian:\n  epochs: 5\n");
        assertMessage(loadError(f.toString()), f.toString(), "'trian'");
    }

    @Test
    void unknownKeyInASection() throws IOException {
        Path f = file("train:\n  epoch: 5\n");
        UserInputException e = loadError(f.toString());
        assertMessage(e, f.toString(), "'train.epoch'");
    }

    @Test
    void unknownKeyInAnotherSection() throws IOException {
        Path f = file("data:\n  name: mnist\n  augmentation: true\n");
        UserInputException e = loadError(f.toString());
        assertMessage(e, f.toString(), "'data.augmentation'");
    }

    @Test
    void aSectionGivenAsAScalar() throws IOException {
        Path f = file("train: 5\n");
        assertMessage(loadError(f.toString()), f.toString(), "'train'");
    }

    @Test
    void negativeEpochs() throws IOException {
        Path f = file("train:\n  epochs: -3\n  checkpoints: []\n");
        assertMessage(loadError(f.toString()), f.toString(), "train.epochs");
    }

    @Test
    void aCheckpointBeyondTheLastEpoch() throws IOException {
        Path f = file("train:\n  epochs: 5\n  checkpoints: [0, 7]\n");
        UserInputException e = loadError(f.toString());
        assertMessage(e, f.toString(), "train.checkpoints");
        assertTrue(e.getMessage().contains("7"), e.getMessage());
    }

    @Test
    void anImageSizeForADatasetOfFixedSize() {
        // Only class-folder images are resized; MNIST would otherwise fail later without naming the key.
        UserInputException e = overrideError("data.image_size=32");
        assertMessage(e, "--set data.image_size=32: data.image_size", "mnist");
    }

    @Test
    void aGpuIndexBeyondAnInt() {
        UserInputException e = overrideError("device=gpu:99999999999");
        assertMessage(e, "--set device=gpu:99999999999", "device");
    }

    @Test
    void aMilestoneOutsideTheEpochs() {
        UserInputException e = overrideError("train.lr_milestones=[30, 100]");
        assertMessage(e, "--set train.lr_milestones=[30, 100]", "train.lr_milestones");
    }

    @Test
    void wrongType() throws IOException {
        Path f = file("train:\n  epochs: abc\n");
        UserInputException e = loadError(f.toString());
        assertMessage(e, f.toString(), "train.epochs");
    }

    @Test
    void aFractionalEpochCountIsNotRoundedSilently() throws IOException {
        Path f = file("train:\n  epochs: 2.5\n");
        assertMessage(loadError(f.toString()), f.toString(), "train.epochs");
    }

    @Test
    void badOverridePaths() {
        assertMessage(overrideError("train.epoch=5"), "--set", "'train.epoch'");
        assertMessage(overrideError("trian.epochs=5"), "--set", "'trian'");
        assertMessage(overrideError("seed.x=5"), "--set", "'seed'");
        assertMessage(overrideError("train=5"), "--set", "'train'");
        assertMessage(overrideError("train.epochs"), "--set", "train.epochs");
    }

    @Test
    void aWrongTypeFromAnOverride() {
        // The value came from the command line, so the message points there rather than at the preset.
        UserInputException e = overrideError("train.epochs=abc");
        assertMessage(e, "--set train.epochs=abc", "train.epochs");
        assertFalse(e.getMessage().contains("preset"), e.getMessage());
    }

    @Test
    void unknownPresetsAndMissingFiles() {
        assertMessage(loadError("fcn-mnits"), "fcn-mnits", "fcn-mnist");
        String missing = dir.resolve("nope.yaml").toString();
        assertMessage(loadError(missing), missing, "no such");
    }

    @Test
    void invalidYaml() throws IOException {
        Path f = file("train: [1, 2\n");
        assertMessage(loadError(f.toString()), f.toString(), "YAML");
    }

    @Test
    void anEmptyFileIsAllDefaults() throws IOException {
        ExperimentSpec s = SpecLoader.load(file("").toString(), List.of());
        assertEquals("spec", s.name(), "named after the file");
        assertEquals(100, s.train().epochs());
        assertEquals(List.of(0, 1, 2, 3, 10, 100), s.train().checkpoints());
    }

    /** The error from loading a preset or spec file as it is. */
    private static UserInputException loadError(String presetOrFile) {
        return assertThrows(UserInputException.class, () -> SpecLoader.load(presetOrFile, List.of()));
    }

    /** The error from loading the fcn-mnist preset with one {@code --set} override. */
    private static UserInputException overrideError(String override) {
        return assertThrows(UserInputException.class, () -> SpecLoader.load("fcn-mnist", List.of(override)));
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** The CLI prints only the message: it must be one line, and name where and what. */
    static void assertMessage(UserInputException e, String source, String key) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "not one line: " + m);
        assertTrue(m.contains(source), "does not name the source " + source + ": " + m);
        assertTrue(m.contains(key), "does not name " + key + ": " + m);
    }
}
