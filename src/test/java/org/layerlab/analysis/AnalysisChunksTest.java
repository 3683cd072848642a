package org.layerlab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.DataShape;
import org.layerlab.engine.Network;
import org.layerlab.engine.Networks;
import org.layerlab.init.Initializer;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.testing.ArrayBatchSource;
import org.layerlab.testing.RecordingProgress;

/** Measuring the grid in several passes (to bound memory) must not change a single number. */
class AnalysisChunksTest {
    private static final ExperimentSpec SPEC = SpecLoader.load(
            "fcn-mnist-quick",
            List.of(
                    "model.depth=2",
                    "model.width=8",
                    "analysis.eval_batch_size=8",
                    "analysis.rerandomize_draws=2",
                    "analysis.groups=[\"layer1,layer3\"]"));

    @Test
    void onePassPerRowGivesTheSameTablesAsOnePassForAll() {
        ArrayBatchSource test = ArrayBatchSource.random(40, new int[] {1, 2, 2}, 3, 9);
        try (Network net = Networks.build(SPEC.model(), DataShape.images(new int[] {1, 2, 2}, 3), "cpu")) {
            // Three unrelated draws stand in for checkpoints 0, 1 and the trained model 2.
            Map<Integer, WeightSnapshot> cps = Map.of(
                    0,
                    Initializer.initialSnapshot(net.layout(), 1),
                    1,
                    Initializer.initialSnapshot(net.layout(), 2),
                    2,
                    Initializer.initialSnapshot(net.layout(), 3));
            RecordingProgress onePass = new RecordingProgress();
            RecordingProgress fivePasses = new RecordingProgress();
            AnalysisResult whole = new Analysis(net, cps, SPEC.analysis(), 7).run(test, onePass);
            AnalysisResult perRow = new Analysis(net, cps, SPEC.analysis(), 7, 1).run(test, fivePasses);
            assertEquals(cps.get(2), net.snapshot(), "the trained weights are loaded again afterwards");
            assertEquals(
                    List.of("layer1", "layer2", "layer3", "layer1+layer3", "fullmodel"),
                    whole.robustness().rows());
            assertEquals(whole.robustness(), perRow.robustness());
            assertEquals(whole.distances(), perRow.distances());
            assertEquals(whole.verdicts(), perRow.verdicts());
            // Each pass reports once when it is measured.
            assertEquals(List.of("analyze: 1/1 chunks (100 %)"), onePass.completed());
            assertEquals(
                    List.of(
                            "analyze: 1/5 chunks (20 %)",
                            "analyze: 2/5 chunks (40 %)",
                            "analyze: 3/5 chunks (60 %)",
                            "analyze: 4/5 chunks (80 %)",
                            "analyze: 5/5 chunks (100 %)"),
                    fivePasses.completed());
        }
    }

    @Test
    void aChunkReportsTheShareOfRowsDoneSoFar() {
        List<List<Integer>> chunks = List.of(List.of(0, 1), List.of(2), List.of(3, 4, 5, 6));
        assertEquals("1/3 chunks (28 %)", Analysis.chunkDone(chunks, chunks.get(0), 7));
        assertEquals("2/3 chunks (42 %)", Analysis.chunkDone(chunks, chunks.get(1), 7));
        assertEquals("3/3 chunks (100 %)", Analysis.chunkDone(chunks, chunks.get(2), 7));
    }

    @Test
    void rowsAreGroupedGreedilyAndABigRowGoesAlone() {
        assertEquals(
                List.of(List.of(0, 1), List.of(2), List.of(3, 4)), Analysis.chunks(List.of(3L, 4L, 20L, 5L, 5L), 10));
        assertEquals(List.of(List.of(0), List.of(1)), Analysis.chunks(List.of(3L, 4L), 1));
        assertEquals(List.of(), Analysis.chunks(List.of(), 10));
    }

    @Property
    void chunksPartitionTheRowsInOrderWithinTheBudget(
            @ForAll @Size(max = 30) List<@LongRange(min = 1, max = 100) Long> sizes,
            @ForAll @LongRange(min = 1, max = 300) long budget) {
        List<List<Integer>> chunks = Analysis.chunks(sizes, budget);
        List<Integer> flat = new ArrayList<>();
        chunks.forEach(flat::addAll);
        assertEquals(IntStream.range(0, sizes.size()).boxed().toList(), flat);
        for (int k = 0; k < chunks.size(); k++) {
            List<Integer> c = chunks.get(k);
            long sum = c.stream().mapToLong(sizes::get).sum();
            assertTrue(c.size() == 1 || sum <= budget, "over budget: " + c);
            if (k + 1 < chunks.size()) {
                long next = sizes.get(chunks.get(k + 1).get(0));
                assertTrue(sum + next > budget, "the next row would have fitted: " + c);
            }
        }
    }
}
