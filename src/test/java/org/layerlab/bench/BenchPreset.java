package org.layerlab.bench;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.data.DatasetRequest;
import org.layerlab.data.Datasets;
import org.layerlab.data.LoadedData;
import org.layerlab.data.Normalization;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.train.ImageBatchSource;

/**
 * What a training benchmark takes from its command line, {@code <preset> [epochs] [--set key=value]...},
 * and the preset's training images, scaled to [0, 1] (throughput does not depend on the normalization).
 *
 * @param spec the preset with the overrides
 * @param epochs epochs to time
 * @param train the training split as batches come from it in a study
 */
record BenchPreset(ExperimentSpec spec, int epochs, ImageBatchSource train) {
    static BenchPreset fromArgs(String[] args, int defaultEpochs) {
        String preset = args.length > 0 ? args[0] : "fcn-mnist";
        int epochs = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : defaultEpochs;
        List<String> sets = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--set")) {
                sets.add(args[++i]);
            }
        }
        ExperimentSpec spec = SpecLoader.load(preset, sets);
        LoadedData d = Datasets.standard()
                .load(new DatasetRequest(
                        spec.data().name(),
                        null,
                        spec.data().trainLimit(),
                        spec.data().testLimit(),
                        spec.data().trainPerClass(),
                        null));
        ImageBatchSource train = new ImageBatchSource(
                d.train(),
                Normalization.scale(d.train().channels()),
                spec.data().augment());
        return new BenchPreset(spec, epochs, train);
    }
}
