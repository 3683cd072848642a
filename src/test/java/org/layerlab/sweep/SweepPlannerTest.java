package org.layerlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecOverride;

/** How a sweep file becomes runs: order, readable names, spec names, and ids that ignore where a run runs. */
class SweepPlannerTest {
    @TempDir
    Path tmp;

    private SweepPlanner.Planned plan(String yaml, String... sets) throws Exception {
        Path f = tmp.resolve("s.yaml");
        Files.writeString(f, yaml);
        return SweepPlanner.plan(SweepFile.load(f.toString()), SpecOverride.sets(List.of(sets)));
    }

    @Test
    void gridRunsInNestedLoopOrderWithReadableNames() throws Exception {
        SweepPlanner.Planned p = plan("""
                base: fcn-mnist-quick
                grid:
                  model.depth: [2, 3]
                  model.width: [64, 256]
                seeds: [7, 8]
                """);
        assertEquals(
                List.of(
                        "depth=2,width=64/seed-7",
                        "depth=2,width=64/seed-8",
                        "depth=2,width=256/seed-7",
                        "depth=2,width=256/seed-8",
                        "depth=3,width=64/seed-7",
                        "depth=3,width=64/seed-8",
                        "depth=3,width=256/seed-7",
                        "depth=3,width=256/seed-8"),
                p.plan().runs().stream().map(PlannedRun::name).toList());
        assertEquals(List.of("model.depth", "model.width"), p.plan().sweptKeys());
        assertEquals("s", p.plan().name());
        PlannedRun r = p.plan().runs().get(5);
        ExperimentSpec spec = p.specs().get(r.id());
        assertEquals(3, spec.model().depth());
        assertEquals(64, spec.model().width());
        assertEquals(8, spec.seed());
        assertEquals("depth-3_width-64.seed-8", spec.name());
        assertEquals(Map.of("model.depth", "3", "model.width", "64"), r.values());
        assertEquals("runs/depth=3,width=64/seed-8", r.folder());
        assertEquals(10, r.epochs());
    }

    @Test
    void idIgnoresDataFolderDeviceAndNameButNotTheExperiment() throws Exception {
        String sweep = "base: fcn-mnist-quick\nseeds: [1]\n";
        String id = plan(sweep).plan().runs().get(0).id();
        assertEquals(
                id, plan(sweep, "data.dir=/somewhere/else").plan().runs().get(0).id());
        assertEquals(id, plan(sweep, "device=gpu:1").plan().runs().get(0).id());
        assertEquals(id, plan("name: other\n" + sweep).plan().runs().get(0).id());
        assertNotEquals(id, plan(sweep, "train.lr=0.02").plan().runs().get(0).id());
        assertNotEquals(
                id,
                plan("base: fcn-mnist-quick\nseeds: [2]\n").plan().runs().get(0).id());
        assertEquals(64, id.length());
    }

    @Test
    void pointsNameOnlyTheKeysTheyVaryAndLabelsStayUnambiguous() throws Exception {
        SweepPlanner.Planned p = plan("""
                base: fcn-mnist-quick
                points:
                  - {}
                  - {train.lr: 0.05}
                  - {model: {width: 32}, train.lr: 0.02}
                """);
        assertEquals(
                List.of("base/seed-0", "lr=0.05/seed-0", "lr=0.02,width=32/seed-0"),
                p.plan().runs().stream().map(PlannedRun::name).toList());
        assertEquals(
                Map.of("a.depth", "a.depth", "b.depth", "b.depth", "c.width", "width"),
                RunNames.labels(List.of("a.depth", "b.depth", "c.width")));
    }

    @Test
    void seedsOnlySweepHasOnePoint() throws Exception {
        SweepPlan p = plan("base: fcn-mnist-quick\nseeds: [1, 2, 3]\n").plan();
        assertEquals(List.of(), p.sweptKeys());
        assertEquals(List.of("base"), List.copyOf(p.points().keySet()));
        assertEquals(3, p.points().get("base").size());
    }

    @Test
    void everySweepPresetPlansAndSaysWhatItShowsHowToRunItAndItsRuntime() {
        Map<String, Integer> runs =
                Map.of("seeds-fcn-mnist", 5, "capacity-fcn-mnist", 36, "difficulty-fcn", 9, "freeze-fcn-mnist", 12);
        assertEquals(runs.keySet(), java.util.Set.copyOf(SweepPresets.names()));
        for (SweepPresets.Preset p : SweepPresets.list()) {
            SweepPlan plan =
                    SweepPlanner.plan(SweepFile.load(p.name()), List.of()).plan();
            assertEquals(runs.get(p.name()), plan.runs().size(), p.name());
            assertEquals(p.name(), plan.name());
            assertTrue(p.header().contains("Run:      ./layerlab sweep " + p.name()), p.header());
            assertTrue(p.header().contains("Runtime:"), p.header());
        }
        SweepPlan capacity = SweepPlanner.plan(SweepFile.load("capacity-fcn-mnist"), List.of())
                .plan();
        assertEquals(List.of("model.depth", "model.width"), capacity.sweptKeys());
        assertEquals(20, capacity.runs().get(0).epochs());
    }

    @Test
    void theFreezeSweepFreezesEachLayerInTurnOnTheFullFcnMnistProtocol() {
        SweepPlanner.Planned p = SweepPlanner.plan(SweepFile.load("freeze-fcn-mnist"), List.of());
        assertEquals(List.of("train.freeze"), p.plan().sweptKeys());
        List<PlannedRun> runs = p.plan().runs();
        assertEquals(
                List.of("freeze=layer1/seed-1", "freeze=layer1/seed-2", "freeze=layer1/seed-3", "freeze=layer2/seed-1"),
                runs.subList(0, 4).stream().map(PlannedRun::name).toList());
        for (int i = 0; i < runs.size(); i++) {
            ExperimentSpec spec = p.specs().get(runs.get(i).id());
            String frozen = "layer" + (i / 3 + 1);
            assertEquals(List.of(frozen), spec.train().freeze(), runs.get(i).name());
            assertEquals(i % 3 + 1, spec.seed());
            // Everything else is fcn-mnist as it is: 100 epochs, its checkpoints, nothing removed.
            assertEquals(100, spec.train().epochs());
            assertEquals(List.of(0, 1, 2, 3, 8, 40, 90, 100), spec.train().checkpoints());
            assertEquals(List.of(), spec.model().remove());
        }
        assertEquals(
                12,
                java.util.Set.copyOf(runs.stream().map(PlannedRun::id).toList()).size(),
                "distinct ids");
    }
}
