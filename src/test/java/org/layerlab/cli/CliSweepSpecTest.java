package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sweep file's bad inputs, through the CLI: exit 2, one line naming the file and the key, and no sweep folder
 * written (nothing is planned on disk, no Spark is started).
 */
class CliSweepSpecTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key    | base: fcn-mnist-quick\\ngrids: {model.depth: [2]}                     | unknown key 'grids' (a sweep file has name, base, set, grid, points, seeds)
            key not in defaults.yaml | base: fcn-mnist-quick\\ngrid: {model.dpth: [2, 3]}                  | grid.model.dpth=2: unknown key 'model.dpth' (known here: arch, depth
            key not in defaults set  | base: fcn-mnist-quick\\nset: {train.epoch: 3}                         | set.train.epoch: unknown key 'train.epoch'
            empty grid               | base: fcn-mnist-quick\\ngrid: {}                                      | grid: empty
            empty values             | base: fcn-mnist-quick\\ngrid: {model.depth: []}                       | grid.model.depth: empty list
            grid value not a list    | base: fcn-mnist-quick\\ngrid: {model.depth: 3}                        | grid.model.depth: expected a list of values
            same spec twice          | base: fcn-mnist-quick\\npoints: [{model.depth: 2}, {model.depth: 2}] | resolve to the same spec
            only the device differs  | base: fcn-mnist-quick\\ngrid: {device: [cpu, gpu]}                    | device=cpu/seed-0 and device=gpu/seed-0 resolve to the same spec
            wrong type               | base: fcn-mnist-quick\\ngrid: {model.depth: [2, abc]}                 | grid.model.depth=abc: model.depth: expected a whole number, got 'abc'
            grid and points          | base: fcn-mnist-quick\\ngrid: {model.depth: [2]}\\npoints: [{}]        | give either grid (every combination of values) or points
            seed listed twice        | base: fcn-mnist-quick\\nseeds: [1, 1]                                 | seeds: 1 is listed twice
            seed not a number        | base: fcn-mnist-quick\\nseeds: [1, one]                               | seeds: expected whole numbers
            no base                  | grid: {model.depth: [2]}                                              | base: missing
            unknown base preset      | base: fcn-mnst                                                        | unknown preset 'fcn-mnst'
            key both set and varied  | base: fcn-mnist-quick\\nset: {model.depth: 3}\\ngrid: {model.depth: [2]} | set.model.depth: also in grid
            seed varied by the grid  | base: fcn-mnist-quick\\ngrid: {seed: [1, 2]}                          | grid: seed: list the run seeds under 'seeds' instead
            """)
    void badSweepFileIsRefusedInOneLine(String what, String yaml, String message) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n"));
        Path out = tmp.resolve("out");
        Cli r = Cli.run("sweep", file.toString(), "--out", out.toString());
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains(message), what + ": " + r.errLine());
        assertTrue(r.errLine().startsWith("layerlab: "), r.errLine());
        assertFalse(r.errLine().contains("Exception") || r.errLine().contains("org."), r.errLine());
        assertFalse(Files.exists(out), "nothing written for " + what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --set on a swept key   | --set  | model.depth=5      | --set model.depth=5: model.depth is varied by the sweep
            --set a wrong type     | --set  | train.lr=fast      | --set train.lr=fast: train.lr: expected a number, got 'fast'
            threads out of range   | --threads-per-run | 0       | --threads-per-run 0: must be from 1 to 1024
            more threads than cores| --threads-per-run | 1000    | --threads-per-run 1000: more than this machine's
            retries out of range   | --retries | -1             | --retries -1: must be from 0 to 100
            """)
    void badOptionIsRefusedInOneLine(String what, String flag, String value, String message) throws Exception {
        Path file = tmp.resolve("ok.yaml");
        Files.writeString(file, "base: fcn-mnist-quick\ngrid: {model.depth: [2, 3]}\n");
        Path out = tmp.resolve("out");
        Cli r = Cli.run("sweep", file.toString(), "--out", out.toString(), flag, value);
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals(1, r.errLine().lines().count(), r.err());
        assertTrue(r.errLine().contains(message), what + ": " + r.errLine());
        assertFalse(Files.exists(out), "nothing written for " + what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no such sweep file  | nope/sweep.yaml | nope/sweep.yaml: no such sweep file
            unknown preset      | seeds-fcn-mnst  | unknown sweep preset 'seeds-fcn-mnst' (sweep presets: seeds-fcn-mnist, capacity-fcn-mnist, difficulty-fcn
            """)
    void unknownSweepIsNamed(String what, String arg, String message) {
        Cli r = Cli.run("sweep", arg, "--out", tmp.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLine().contains(message), r.errLine());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a sweep folder | status    | not a layerlab sweep
            no folder at all   | summarize | no such sweep folder
            """)
    void subcommandsNeedASweepFolder(String what, String sub, String message) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Path arg = sub.equals("status") ? dir : tmp.resolve("missing");
        Cli r = Cli.run("sweep", sub, arg.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.errLine().contains(message), r.errLine());
    }
}
