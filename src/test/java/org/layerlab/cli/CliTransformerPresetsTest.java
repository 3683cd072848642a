package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.testing.FolderState;
import org.layerlab.testing.SharedData;

/**
 * The transformer presets end to end on small real subsets (a few CIFAR-10 images per class, a slice of
 * Tiny Shakespeare), and the language model's bad inputs: each exit 2 with one line, nothing written.
 */
class CliTransformerPresetsTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative, String what) {
        Path p = SharedData.root()
                .map(r -> r.resolve(relative))
                .filter(Files::exists)
                .orElse(null);
        SharedData.assumePresent(Optional.ofNullable(p), what);
        return p;
    }

    private static List<String> rows(Path run) throws IOException {
        return Files.readAllLines(run.resolve("robustness.csv")).stream()
                .skip(1)
                .map(l -> l.split(",")[0])
                .distinct()
                .toList();
    }

    @ParameterizedTest
    @CsvSource({
        "vit-cifar10, 'patch_embed,cls_token,pos_embed,block1,block1.ln1,block1.attn,block1.ln2,block1.mlp'",
        "mixer-cifar10, 'stem,block1,block1.ln1,block1.token_mlp,block1.ln2,block1.channel_mlp,block2'"
    })
    void anImagePresetRunsOnATinySubsetWithBothGranularities(String preset, String firstRows) throws IOException {
        Path cifar = shared("cifar10", "CIFAR-10 copy");
        Path out = tmp.resolve(preset);
        Cli r = Cli.run(
                "study",
                preset,
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                cifar.toString(),
                "--set",
                "data.train_per_class=10",
                "--set",
                "data.test_limit=200",
                "--set",
                "train.epochs=1",
                "--set",
                "train.warmup=1",
                "--set",
                "train.checkpoints=[0,1]",
                "--set",
                "analysis.eval_batch_size=100");
        assertEquals(0, r.code(), r.err());
        List<String> rows = rows(out);
        assertEquals(List.of(firstRows.split(",")), rows.subList(0, firstRows.split(",").length));
        assertEquals("fullmodel", rows.get(rows.size() - 1));
        String verdicts = Files.readString(out.resolve("verdicts.csv"));
        assertTrue(
                verdicts.contains("block1.ln1,")
                        && verdicts.lines().anyMatch(l -> l.startsWith("block1.ln1,") && l.endsWith(",true")),
                "a LayerNorm's re-randomization is flagged as its τ = 0 reset");
    }

    private String[] lmQuick(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "study",
                "lm-shakespeare-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--data",
                shared("text/tinyshakespeare.txt", "Tiny Shakespeare copy")
                        .getParent()
                        .toString(),
                "--set",
                "train.steps=20",
                "--set",
                "train.log_every=10",
                "--set",
                "train.checkpoints=[0,20]",
                "--set",
                "data.train_limit=20000",
                "--set",
                "data.test_limit=3000"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theLanguageModelPresetRunsOnASliceOfTinyShakespeare() throws IOException {
        Path out = tmp.resolve("lm");
        Cli r = Cli.run(lmQuick(out));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("final test loss (nats/token) "), r.out());
        List<String> csv = Files.readAllLines(out.resolve("robustness.csv"));
        assertEquals("unit,checkpoint,test_loss,damage,perplexity,token_error", csv.get(0));
        assertEquals(
                List.of("tok_embed", "pos_embed", "block1", "block2", "final_norm", "head", "fullmodel"), rows(out));
        assertTrue(Files.exists(out.resolve("vocab.json")));
        assertTrue(Files.readAllLines(out.resolve("train-log.csv")).get(0).startsWith("step,"));
        assertTrue(Files.exists(out.resolve("checkpoints/step-020.ckpt")));
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(
                html.contains("test loss (nats/token)") && html.contains("chance loss"), "the report names the metric");
        // ln 65 = 4.174: chance of a uniform guess over Tiny Shakespeare's 65 characters.
        assertTrue(Files.readString(out.resolve("verdicts.csv")).contains(",4.174387,"));
    }

    @Test
    void reanalyzingWithAnotherVocabularyIsRefused() throws IOException {
        Path corpus = tmp.resolve("corpus.txt");
        Files.writeString(corpus, "to be or not to be, that is the question\n".repeat(400));
        Path out = tmp.resolve("lm");
        Cli r = Cli.run(
                "study",
                "lm-shakespeare-quick",
                "--quiet",
                "--out",
                out.toString(),
                "--set",
                "data.name=textfile",
                "--data",
                corpus.toString(),
                "--set",
                "train.steps=10",
                "--set",
                "train.log_every=10",
                "--set",
                "train.checkpoints=[0,10]",
                "--set",
                "model.context=16");
        assertEquals(0, r.code(), r.err());
        // The corpus gains a character: its vocabulary is not the one the weights were trained on.
        Files.writeString(corpus, Files.readString(corpus) + "Zounds!\n");
        Map<String, String> before = FolderState.of(out);
        Cli again = Cli.run("analyze", out.toString(), "--quiet", "--force");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.errLine().contains("vocab.json"), again.errLine());
        assertEquals(before, FolderState.of(out));
    }

    @Test
    void languageModelBadInputs() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        Path latin1 = Files.write(
                tmp.resolve("latin1.txt"), "caf\u00e9 au lait\n".repeat(50).getBytes(StandardCharsets.ISO_8859_1));
        Path badTokenizer = Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": ");
        Path corpus = Files.writeString(tmp.resolve("ok.txt"), "abcdefgh\n".repeat(100));
        Path mnist = org.layerlab.testing.MnistFolder.learnable(tmp.resolve("mnist"), 50, 20);
        String[][] cases = {
            {"empty corpus", "empty.txt", "textfile", "--data", empty.toString()},
            {"not UTF-8", "latin1.txt", "textfile", "--data", latin1.toString()},
            {
                "not a tokenizer.json",
                "tokenizer.json",
                "textfile",
                "--data",
                corpus.toString(),
                "--set",
                "data.tokenizer=" + badTokenizer
            },
            {
                "context longer than the test split",
                "model.context",
                "textfile",
                "--data",
                corpus.toString(),
                "--set",
                "model.context=200"
            },
            {"images for a language model", "model.arch", "mnist", "--data", mnist.toString()},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("out");
            List<String> args = new ArrayList<>(List.of(
                    "study", "lm-shakespeare-quick", "--quiet", "--out", out.toString(), "--set", "data.name=" + c[2]));
            args.addAll(List.of(c).subList(3, c.length));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertEquals(1, r.errLine().lines().count(), r.err());
            assertTrue(r.errLine().contains(c[1]), c[0] + ": " + r.errLine());
            assertFalse(Files.exists(out), c[0]);
        }
        // And text for an image network.
        Cli r = Cli.run(
                "study",
                "fcn-mnist-quick",
                "--quiet",
                "--out",
                tmp.resolve("img").toString(),
                "--set",
                "data.name=textfile",
                "--data",
                corpus.toString());
        assertEquals(2, r.code(), r.err());
        // The first check that trips names the dataset as text: the architecture or the image normalization.
        assertTrue(r.errLine().contains("takes images") || r.errLine().contains("textfile is text"), r.errLine());
        assertFalse(Files.exists(tmp.resolve("img")));
    }
}
