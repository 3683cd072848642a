package org.layerlab.study;

import java.nio.file.Path;
import java.util.Map;
import org.layerlab.data.ChannelStats;
import org.layerlab.data.DatasetRequest;
import org.layerlab.data.Datasets;
import org.layerlab.data.ImageFolderOptions;
import org.layerlab.data.LoadedData;
import org.layerlab.data.Normalization;
import org.layerlab.data.text.TextData;
import org.layerlab.data.text.TextDatasets;
import org.layerlab.data.text.TextRequest;
import org.layerlab.data.text.Vocabulary;
import org.layerlab.engine.HfTokenizer;
import org.layerlab.error.UserInputException;
import org.layerlab.spec.DataSpec;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.ModelSpec;
import org.layerlab.train.BatchSource;
import org.layerlab.train.ImageBatchSource;
import org.layerlab.train.TokenBatchSource;

/**
 * The spec's dataset, located, verified and loaded, as training and test batch sources.
 *
 * @param vocabulary a text dataset's vocabulary (stored with the run, so a re-analysis cannot silently
 *     read other ids); null for images
 */
record StudyData(
        BatchSource train,
        BatchSource test,
        String origin,
        String dir,
        Map<String, String> sha256ByFile,
        Vocabulary vocabulary) {

    static StudyData load(ExperimentSpec spec) {
        return TextDatasets.NAMES.contains(spec.data().name()) ? text(spec.data(), spec.model()) : images(spec.data());
    }

    /**
     * A corpus as windows of {@code model.context} tokens: every window for training, consecutive ones
     * for testing.
     */
    private static StudyData text(DataSpec spec, ModelSpec model) {
        TextData d = TextDatasets.standard(HfTokenizer::load)
                .load(new TextRequest(
                        spec.name(),
                        spec.dir() == null ? null : Path.of(spec.dir()),
                        spec.tokenizer(),
                        spec.trainLimit(),
                        spec.testLimit()));
        if (model.context() == null) {
            throw new UserInputException("model.context: a language model on " + spec.name()
                    + " needs a window length in tokens (e.g. model.context: 64)");
        }
        int v = d.tokenizer().size();
        return new StudyData(
                TokenBatchSource.training(d.train(), model.context(), v),
                TokenBatchSource.test(d.test(), model.context(), v),
                d.source().origin().label(),
                String.valueOf(d.source().dir()),
                d.source().sha256ByFile(),
                d.vocabulary());
    }

    private static StudyData images(DataSpec spec) {
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
                d.where().sha256ByFile(),
                null);
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
