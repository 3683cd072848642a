package org.layerlab.study;

import java.nio.file.Path;
import java.util.Map;
import org.layerlab.data.ChannelStats;
import org.layerlab.data.DatasetRequest;
import org.layerlab.data.Datasets;
import org.layerlab.data.ImageFolderOptions;
import org.layerlab.data.LoadedData;
import org.layerlab.data.Normalization;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.DataSpec;
import org.layerlab.train.BatchSource;
import org.layerlab.train.ImageBatchSource;

/** The spec's dataset, located, verified and loaded, as training and test batch sources. */
record StudyData(BatchSource train, BatchSource test, String origin, String dir, Map<String, String> sha256ByFile) {

    static StudyData load(DataSpec spec) {
        Integer size = spec.imageSize();
        ImageFolderOptions folder = size == null ? null : new ImageFolderOptions(size, size, null);
        DatasetRequest request = new DatasetRequest(
                spec.name(),
                spec.dir() == null ? null : Path.of(spec.dir()),
                spec.trainLimit(),
                spec.testLimit(),
                spec.trainPerClass(),
                folder);
        LoadedData d = Datasets.standard().load(request);
        // An empty split would give NaN errors (0/0) or a network trained on nothing, judged "robust".
        requireExamples(d.train().size(), "training", d);
        requireExamples(d.test().size(), "test", d);
        // Standardization statistics come from the training split only, as the test set is held out.
        Normalization norm = "standardize".equals(spec.normalize())
                ? Normalization.standardize(ChannelStats.of(d.train()))
                : Normalization.scale(d.train().channels());
        return new StudyData(
                new ImageBatchSource(d.train(), norm, spec.augment()),
                new ImageBatchSource(d.test(), norm, false),
                d.where().origin().label(),
                String.valueOf(d.where().dir()),
                d.where().sha256ByFile());
    }

    private static void requireExamples(int n, String split, LoadedData d) {
        if (n == 0) {
            throw new UserInputException(
                    d.where().dir() + ": the " + split + " split of "
                            + d.train().name()
                            + " has no examples (check the files and data.train_limit / data.test_limit / data.train_per_class)");
        }
    }
}
