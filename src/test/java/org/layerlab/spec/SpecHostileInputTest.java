package org.layerlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerlab.error.UserInputException;

/** Hostile spec input: literal flags, wrong types, non-finite numbers, broken YAML, huge or non-UTF-8 files. */
class SpecHostileInputTest {
    @TempDir
    Path dir;

    // ---- dedicated flags are literal; only --set reads YAML ----

    @ParameterizedTest
    @ValueSource(strings = {"/data/with #hash", "/data/a: b", "/data/[x]", "/data/'q\"", "/data/*alias", "/data/{a}"})
    void aDataFolderIsTakenLiterally(String folder) {
        ExperimentSpec s = SpecLoader.loadWith(
                "fcn-mnist-quick", List.of(SpecOverride.text("data.dir", folder, "--data " + folder)));
        assertEquals(folder, s.data().dir());
    }

    @Test
    void setStillReadsYaml() {
        // A comment after the value, as in a YAML file: --set keeps YAML's meaning.
        ExperimentSpec s = SpecLoader.load("fcn-mnist-quick", List.of("data.dir=/data/x #note", "seed=0x10"));
        assertEquals("/data/x", s.data().dir());
        assertEquals(16, s.seed());
    }

    @Test
    void aDeviceIsTakenLiterallyAndTheFlagIsNamed() {
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> SpecLoader.loadWith(
                        "fcn-mnist-quick", List.of(SpecOverride.text("device", "a: b", "--device a: b"))));
        assertEquals("--device a: b: device: must be cpu, gpu or gpu:N, got 'a: b'", e.getMessage());
    }

    @Test
    void groupsAreTakenLiterallyAndTheFlagIsNamed() {
        // A quote in a group used to split it into two YAML strings.
        ExperimentSpec s = SpecLoader.loadWith(
                "fcn-mnist-quick",
                List.of(SpecOverride.texts(
                        "analysis.groups", List.of("layer1\", \"layer2", "layer3,layer4\\"), "--group ...")));
        assertEquals(
                List.of("layer1\", \"layer2", "layer3,layer4\\"), s.analysis().groups());
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> SpecLoader.loadWith(
                        "fcn-mnist-quick",
                        List.of(SpecOverride.texts("analysis.groups", List.of("layer1"), "--group layer1"))));
        assertEquals(
                "--group layer1: analysis.groups: each group lists two or more units separated by commas, or is all or robust, got 'layer1'",
                e.getMessage());
    }

    // ---- wrong types, in the user's words ----

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("model:\n  depth: abc\n", "model.depth: expected a whole number, got 'abc'"),
                Arguments.of("model:\n  depth: 2.5\n", "model.depth: expected a whole number, got 2.5"),
                Arguments.of(
                        "train:\n  epochs: 99999999999\n",
                        "train.epochs: expected a whole number from -2147483648 to 2147483647, got 99999999999"),
                Arguments.of("train:\n  lr: fast\n", "train.lr: expected a number, got 'fast'"),
                Arguments.of("train:\n  lr: null\n", "train.lr: expected a number, got null"),
                Arguments.of("data:\n  augment: 5\n", "data.augment: expected true or false, got 5"),
                Arguments.of(
                        "train:\n  checkpoints: [0, x]\n",
                        "train.checkpoints: expected a list of whole numbers, got [0, 'x']"),
                Arguments.of(
                        "train:\n  checkpoints: 5\n", "train.checkpoints: expected a list of whole numbers, got 5"),
                Arguments.of("name: [a, b]\n", "name: expected text or null, got ['a', 'b']"),
                Arguments.of("device: {gpu: 1}\n", "device: expected text, got {gpu: 1}"),
                Arguments.of("device: null\n", "device: expected text, got null"),
                Arguments.of(
                        "analysis:\n  groups: [[a, b]]\n",
                        "analysis.groups: expected a list of texts, got [['a', 'b']]"),
                Arguments.of(
                        "data:\n  train_limit: many\n",
                        "data.train_limit: expected a whole number or null, got 'many'"),
                Arguments.of("seed: 1.0e+30\n", "seed: expected a whole number, got 1.0E30"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void aWrongTypeIsSaidInWords(String yaml, String problem) throws IOException {
        Path f = file(yaml);
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        assertEquals(f + ": " + problem, e.getMessage());
    }

    @Test
    void quotedNumbersAndBooleansAreAccepted() throws IOException {
        ExperimentSpec s = SpecLoader.load(
                file("train:\n  epochs: '7'\n  lr: \"0.5\"\n  checkpoints: ['2']\ndata:\n  augment: 'true'\nname: 2024\n")
                        .toString(),
                List.of());
        assertEquals(7, s.train().epochs());
        assertEquals(0.5, s.train().lr());
        assertEquals(List.of(0, 2, 7), s.train().checkpoints());
        assertTrue(s.data().augment());
        assertEquals("2024", s.name());
    }

    // ---- infinity and NaN are numbers, refused with the reason ----

    /** Every floating-point key of the spec records, found by reflection so a new one is covered too. */
    static List<String> doubleKeys() {
        List<String> out = new ArrayList<>();
        for (RecordComponent section : ExperimentSpec.class.getRecordComponents()) {
            if (section.getType() == double.class || section.getType() == Double.class) {
                out.add(snake(section.getName()));
            }
            if (section.getType().isRecord()) {
                for (RecordComponent c : section.getType().getRecordComponents()) {
                    if (c.getType() == double.class || c.getType() == Double.class) {
                        out.add(snake(section.getName()) + "." + snake(c.getName()));
                    }
                }
            }
        }
        return out;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    static Stream<Arguments> nonFinite() {
        List<Arguments> out = new ArrayList<>();
        String[][] values = {
            {".inf", ".inf (infinity)"},
            {"+.Inf", ".inf (infinity)"},
            {"-.inf", "-.inf (minus infinity)"},
            {".nan", ".nan (not a number)"},
            {".NaN", ".nan (not a number)"},
            {"Infinity", ".inf (infinity)"},
            {"-Infinity", "-.inf (minus infinity)"},
            {"NaN", ".nan (not a number)"},
            {"1e400", ".inf (infinity)"},
            {"'.inf'", ".inf (infinity)"}
        };
        for (String key : doubleKeys()) {
            for (String[] v : values) {
                out.add(Arguments.of(key, v[0], v[1]));
            }
        }
        return out.stream();
    }

    @Test
    void theDoubleKeysAreTheOnesWeKnow() {
        // Not the list itself (others may add keys), but the ones that existed must be found.
        assertTrue(
                doubleKeys()
                        .containsAll(List.of(
                                "model.width_multiplier",
                                "train.lr",
                                "train.momentum",
                                "train.weight_decay",
                                "train.lr_decay")),
                doubleKeys().toString());
        assertTrue(
                doubleKeys().stream().anyMatch(k -> k.startsWith("analysis.")),
                doubleKeys().toString());
    }

    @ParameterizedTest
    @MethodSource("nonFinite")
    void everyFloatingPointKeyMustBeFinite(String key, String value, String shown) {
        UserInputException e = assertThrows(
                UserInputException.class, () -> SpecLoader.load("fcn-mnist-quick", List.of(key + "=" + value)));
        String m = e.getMessage();
        assertTrue(m.startsWith("--set " + key + "=" + value + ": " + key + ": must be a finite number "), m);
        assertTrue(m.endsWith(", got " + shown), m);
    }

    @Test
    void infinityInAFileIsRefusedWithTheReason() throws IOException {
        Path f = file("train:\n  lr: .inf\n");
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        assertEquals(f + ": train.lr: must be a finite number > 0, got .inf (infinity)", e.getMessage());
        UserInputException set = assertThrows(
                UserInputException.class, () -> SpecLoader.load("fcn-mnist-quick", List.of("train.lr=.inf")));
        assertEquals(
                "--set train.lr=.inf: train.lr: must be a finite number > 0, got .inf (infinity)", set.getMessage());
    }

    @Test
    void aQuotedInfIsStillTextForATextKey() throws IOException {
        // Only a plain .inf is a number: quoted it is the text it looks like (here, a valid run name).
        ExperimentSpec s =
                SpecLoader.load(file("name: 'x.inf'\ndata: {dir: '.inf'}\n").toString(), List.of());
        assertEquals("x.inf", s.name());
        assertEquals(".inf", s.data().dir());
    }

    // ---- YAML that Jackson would misread or that is not a spec ----

    static Stream<Arguments> brokenYaml() {
        return Stream.of(
                Arguments.of("train:\n  epochs: &e 5\n  batch_size: *e\n", "'train.batch_size' uses the alias *e"),
                Arguments.of("train:\n  epochs: 5\n  epochs: 6\n", "key 'train.epochs' given twice at line 3"),
                Arguments.of("train:\n  epochs: 5\n---\ntrain:\n  epochs: 6\n", "a second YAML document at line 4"),
                Arguments.of(
                        "a: " + "[".repeat(100) + "]".repeat(100) + "\n", "nested too deeply (more than 64 levels"),
                Arguments.of("train:\n\tepochs: 5\n", "not valid YAML at line 2, column 1"),
                Arguments.of(
                        "name: a\u0001b\n", "not valid YAML at line 1, column 8: special characters are not allowed"),
                Arguments.of("? [a]\n: 1\n", "a key must be plain text"),
                Arguments.of("train: [1, 2\n", "not valid YAML at line 2, column 1: expected ',' or ']'"),
                Arguments.of("- 1\n- 2\n", "expected a mapping of keys at the top level"));
    }

    @ParameterizedTest
    @MethodSource("brokenYaml")
    void brokenYamlIsOneLineNamingTheFile(String yaml, String mention) throws IOException {
        Path f = file(yaml);
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), m);
        assertTrue(m.contains(mention), m);
        SpecTypesPropertiesTest.assertNoInternals(m);
    }

    @Test
    void brokenYamlInASetValueNamesTheFlag() {
        UserInputException e = assertThrows(
                UserInputException.class, () -> SpecLoader.load("fcn-mnist-quick", List.of("train.checkpoints=[0, 1")));
        assertTrue(e.getMessage().startsWith("--set train.checkpoints=[0, 1: not valid YAML at line "), e.getMessage());
    }

    // ---- the file itself: size and encoding ----

    @Test
    void aHugeSpecIsRefusedBeforeItIsRead() throws IOException {
        Path f = dir.resolve("big.yaml");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(100L << 20); // sparse: 100 MiB of zeros without writing them
        }
        UserInputException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of())));
        assertEquals(
                f + ": too large for a spec file (104857600 bytes; the limit is 1048576 bytes, 1 MiB)", e.getMessage());
        UserInputException resolved = assertThrows(UserInputException.class, () -> SpecLoader.readResolved(f));
        assertEquals(e.getMessage(), resolved.getMessage());
    }

    @Test
    void justUnderTheCapIsRead() throws IOException {
        String body = "train:\n  epochs: 12\n";
        String pad = "#".repeat(SpecFiles.MAX_BYTES - body.length() - 1) + "\n";
        Path f = Files.writeString(dir.resolve("padded.yaml"), body + pad);
        assertEquals(SpecFiles.MAX_BYTES, Files.size(f));
        assertEquals(12, SpecLoader.load(f.toString(), List.of()).train().epochs());
    }

    @Test
    void latin1TextIsNamedWithTheByteAndItsOffset() throws IOException {
        byte[] latin1 = "train:\n  epochs: é\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("latin1.yaml"), latin1);
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        assertEquals(f + ": not UTF-8 text (byte 0xE9 at offset 17)", e.getMessage());
        UserInputException resolved = assertThrows(UserInputException.class, () -> SpecLoader.readResolved(f));
        assertEquals(e.getMessage(), resolved.getMessage());
    }

    @Test
    void utf16IsNotUtf8AndAByteOrderMarkIsFine() throws IOException {
        Path utf16 = Files.write(dir.resolve("utf16.yaml"), "name: x\n".getBytes(StandardCharsets.UTF_16));
        UserInputException e =
                assertThrows(UserInputException.class, () -> SpecLoader.load(utf16.toString(), List.of()));
        assertEquals(utf16 + ": not UTF-8 text (byte 0xFE at offset 0)", e.getMessage());
        Path bom =
                Files.write(dir.resolve("bom.yaml"), "\uFEFFtrain:\n  epochs: 12\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(12, SpecLoader.load(bom.toString(), List.of()).train().epochs());
        // A multi-byte character cut at the end of the file.
        byte[] cut = "name: caf\u00e9".getBytes(StandardCharsets.UTF_8);
        Path truncated = Files.write(dir.resolve("cut.yaml"), java.util.Arrays.copyOf(cut, cut.length - 1));
        e = assertThrows(UserInputException.class, () -> SpecLoader.load(truncated.toString(), List.of()));
        assertEquals(truncated + ": not UTF-8 text (byte 0xC3 at offset 9)", e.getMessage());
    }

    @Test
    void aFolderIsNotASpecFile() throws IOException {
        Path d = Files.createDirectories(dir.resolve("specs.yaml"));
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(d.toString(), List.of()));
        assertEquals(d + ": is a folder, not a spec file", e.getMessage());
    }

    // ---- --set train.epochs on a preset ----

    @Test
    void fewerEpochsOnAPresetNameTheKeysThatMustChangeWithThem() {
        UserInputException e = assertThrows(
                UserInputException.class, () -> SpecLoader.load("fcn-mnist-quick", List.of("train.epochs=5")));
        assertEquals(
                "--set train.epochs=5: preset fcn-mnist-quick also sets train.checkpoints [0, 1, 2, 3, 10]; 10 is"
                        + " beyond epoch 5: also give e.g. --set train.checkpoints=[0,1,2,3]",
                e.getMessage());
        e = assertThrows(UserInputException.class, () -> SpecLoader.load("fcn-mnist", List.of("train.epochs=5")));
        assertEquals(
                "--set train.epochs=5: preset fcn-mnist also sets train.checkpoints [0, 1, 2, 3, 8, 40, 90, 100] and"
                        + " train.lr_milestones [30, 60, 90]; 8, 40, 90, 100 are beyond epoch 5 and 30, 60, 90 are not"
                        + " before epoch 5: also give e.g. --set train.checkpoints=[0,1,2,3] --set"
                        + " train.lr_milestones=[]",
                e.getMessage());
    }

    @Test
    void theDefaultsAreNamedWhenTheFileSetsNoCheckpoints() throws IOException {
        Path f = file("model:\n  depth: 2\n");
        UserInputException e =
                assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of("train.epochs=5")));
        assertEquals(
                "--set train.epochs=5: the defaults set train.checkpoints [0, 1, 2, 3, 10]; 10 is beyond epoch 5:"
                        + " also give e.g. --set train.checkpoints=[0,1,2,3]",
                e.getMessage());
    }

    @Test
    void checkpointsGivenWithTheEpochsAreJudgedAsGiven() {
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> SpecLoader.load("fcn-mnist-quick", List.of("train.epochs=5", "train.checkpoints=[0,7]")));
        assertEquals(
                "--set train.checkpoints=[0,7]: train.checkpoints: 7 is beyond the last epoch (5)", e.getMessage());
        ExperimentSpec more = SpecLoader.load("fcn-mnist-quick", List.of("train.epochs=20"));
        assertEquals(List.of(0, 1, 2, 3, 10, 20), more.train().checkpoints(), "more epochs need no other change");
    }

    /**
     * Every shipped preset, with epochs 1 and 5 from the command line: it loads, or the one line names
     * the preset's keys and suggests settings, and with those it loads.
     */
    @Test
    void everyPresetTakesFewerEpochsOrSaysWhatElseToSet() {
        // The training length is train.epochs, or train.steps for a step-counted preset (a language model).
        java.util.regex.Pattern oneLiner = java.util.regex.Pattern.compile(
                "--set train\\.(epochs|steps)=(\\d+): preset (\\S+) also sets train\\.\\w+ \\[?[\\d, ]*\\]?"
                        + "( and train\\.\\w+ \\[?[\\d, ]*\\]?)?; [^:]+: also give e\\.g\\. (--set \\S+)( --set \\S+)?");
        int suggested = 0;
        int stepCounted = 0;
        for (String preset : Presets.names()) {
            String key = SpecLoader.load(preset, List.of()).train().stepCounted() ? "steps" : "epochs";
            stepCounted += key.equals("steps") ? 1 : 0;
            for (int length : new int[] {1, 5}) {
                List<String> sets = new ArrayList<>(List.of("train." + key + "=" + length));
                ExperimentSpec s;
                try {
                    s = SpecLoader.load(preset, sets);
                } catch (UserInputException e) {
                    String m = e.getMessage();
                    java.util.regex.Matcher mm = oneLiner.matcher(m);
                    assertTrue(mm.matches(), preset + ": " + m);
                    assertEquals(key, mm.group(1), m);
                    assertEquals(String.valueOf(length), mm.group(2), m);
                    assertEquals(preset, mm.group(3), m);
                    for (String part :
                            m.substring(m.indexOf("also give e.g. ") + 15).split(" ")) {
                        if (!part.equals("--set")) {
                            sets.add(part);
                        }
                    }
                    s = SpecLoader.load(preset, sets);
                    suggested++;
                }
                assertEquals(length, s.train().length(), preset);
                assertEquals(
                        length,
                        s.train().checkpoints().get(s.train().checkpoints().size() - 1),
                        preset);
            }
        }
        assertTrue(suggested > 0, "some preset needs more than the epochs (else this test checks nothing)");
        assertTrue(stepCounted > 0, "some preset counts steps (else the steps branch checks nothing)");
    }

    @Test
    void epochsOnAStepCountedPresetSaysToSetTheSteps() {
        UserInputException e = assertThrows(
                UserInputException.class, () -> SpecLoader.load("lm-shakespeare-quick", List.of("train.epochs=5")));
        assertEquals(
                "--set train.epochs=5: preset lm-shakespeare-quick counts its training in steps (train.steps 400),"
                        + " not epochs: set train.steps instead",
                e.getMessage());
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), yaml);
    }

    @Test
    void messagesStayOnOneLine() throws IOException {
        Path f = file("name: \"a\\nb\"\n");
        UserInputException e = assertThrows(UserInputException.class, () -> SpecLoader.load(f.toString(), List.of()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
