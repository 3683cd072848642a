package org.layerlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerlab.error.UserInputException;

/** The one entry point the rest of the program uses to get data: locate, read, subset. */
public final class Datasets {
    private final DatasetLocator locator;
    private final ImageFolderReader imageFolders;

    public Datasets(DatasetLocator locator) {
        this.locator = locator;
        this.imageFolders = new ImageFolderReader(locator.cacheRoot().resolve("decoded"));
    }

    /**
     * Searches and caches as the machine is set up (environment, home folder). {@code LAYERLAB_CACHE}
     * (or the system property {@code layerlab.cache}) moves the cache, e.g. onto a larger disk.
     */
    public static Datasets standard() {
        return new Datasets(standardLocator());
    }

    /** The locator {@link #standard()} uses, for readers of other kinds of data (text corpora). */
    public static DatasetLocator standardLocator() {
        String cache = System.getProperty("layerlab.cache", System.getenv("LAYERLAB_CACHE"));
        DatasetLocator.Builder b = DatasetLocator.builder();
        if (cache != null && !cache.isBlank()) {
            b.optCacheRoot(Path.of(cache));
        }
        return b.build();
    }

    public LoadedData load(DatasetRequest request) {
        LocatedDataset where;
        TrainTest data;
        if (DatasetRequest.IMAGEFOLDER.equals(request.name())) {
            Path source = request.dir();
            if (!Files.exists(source)) {
                throw new UserInputException("data dir " + source + ": does not exist");
            }
            data = imageFolders.read(source, request.imageFolder(), request.name());
            where = LocatedDataset.of(
                    request.name(),
                    source,
                    Origin.EXPLICIT,
                    Files.isDirectory(source)
                            ? List.of(
                                    source.resolve("train"),
                                    source.resolve(Files.isDirectory(source.resolve("test")) ? "test" : "val"))
                            : List.of(source));
        } else {
            KnownDataset ds = locator.catalog().get(request.name());
            where = locator.locate(request.name(), request.dir());
            data = switch (ds.layout()) {
                case IDX -> readIdx(ds, where.dir());
                case CIFAR10 -> readCifar(ds, where.dir());
                // The spec validator keeps text datasets away from image networks; this is the last guard.
                case TEXT, LM1B ->
                    throw new UserInputException(
                            "dataset " + ds.name() + ": is a text corpus, not images (it trains a language model)");
            };
        }
        ImageDataset train = data.train();
        ImageDataset test = data.test();
        if (request.trainPerClass() != null) {
            train = train.firstPerClass(request.trainPerClass());
        }
        if (request.trainLimit() != null) {
            train = train.head(request.trainLimit());
        }
        if (request.testLimit() != null) {
            test = test.head(request.testLimit());
        }
        return new LoadedData(train, test, where);
    }

    private static TrainTest readIdx(KnownDataset ds, Path dir) {
        List<Path> f = ds.layout().filesIn(ds, dir);
        ImageDataset train = IdxReader.read(f.get(0), f.get(1), ds.name() + "/train", ds.classNames());
        ImageDataset test = IdxReader.read(f.get(2), f.get(3), ds.name() + "/test", ds.classNames());
        // Each file is consistent on its own; a network takes one input size, so the pair must agree.
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new UserInputException(f.get(2) + ": test images are " + test.height() + "x" + test.width()
                    + " but the training images in " + f.get(0) + " are " + train.height() + "x" + train.width());
        }
        return new TrainTest(train, test);
    }

    private TrainTest readCifar(KnownDataset ds, Path dir) {
        CifarFolder cf =
                CifarFolder.find(dir).orElseThrow(() -> new IllegalStateException(dir + " lost its CIFAR-10 data"));
        if (cf.kind() == CifarFolder.Kind.BINARY) {
            List<String> names =
                    cf.meta().map(CifarBinaryReader::readClassNames).orElse(ds.classNames());
            return new TrainTest(
                    CifarBinaryReader.read(cf.trainBatches(), names, ds.name() + "/train"),
                    CifarBinaryReader.read(List.of(cf.testBatch()), names, ds.name() + "/test"));
        }
        // Decode all images (the cache is then shared by every subset); subsets are taken after the order is restored.
        TrainTest data = imageFolders.read(cf.source(), ImageFolderOptions.NONE, ds.name());
        ImageDataset train = data.train();
        if (!train.classNames().equals(ds.classNames())) {
            throw new UserInputException(cf.source() + ": class folders " + train.classNames()
                    + " are not the CIFAR-10 classes " + ds.classNames() + " (use dataset imagefolder for other data)");
        }
        if (train.height() != CifarBinaryReader.SIDE || train.width() != CifarBinaryReader.SIDE) {
            throw new UserInputException(cf.source() + ": images are " + train.height() + "x" + train.width()
                    + ", CIFAR-10 images are 32x32");
        }
        ImageDataset test = data.test();
        if (cf.trainOrder().isPresent()) {
            Path f = cf.trainOrder().get();
            train = OriginalOrder.restore(train, OriginalOrder.readLabels(f, train.numClasses()), f);
        }
        if (cf.testOrder().isPresent()) {
            Path f = cf.testOrder().get();
            test = OriginalOrder.restore(test, OriginalOrder.readLabels(f, test.numClasses()), f);
        }
        return new TrainTest(train, test);
    }
}
