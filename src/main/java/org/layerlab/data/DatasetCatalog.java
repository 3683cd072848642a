package org.layerlab.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layerlab.error.UserInputException;

/** The datasets the program knows by name: where to download them and how to recognise genuine copies. */
public final class DatasetCatalog {
    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String CIFAR10 = "cifar10";
    public static final String TINYSHAKESPEARE = "tinyshakespeare";
    public static final String LM1B = "lm1b";

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> CIFAR10_CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private final Map<String, KnownDataset> byName = new LinkedHashMap<>();

    public DatasetCatalog(List<KnownDataset> datasets) {
        for (KnownDataset d : datasets) {
            if (byName.put(d.name(), d) != null) {
                throw new IllegalArgumentException("dataset " + d.name() + " listed twice");
            }
        }
    }

    public static DatasetCatalog standard() {
        return new DatasetCatalog(List.of(mnist(), fashionMnist(), cifar10(), tinyShakespeare(), lm1b()));
    }

    public Optional<KnownDataset> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public KnownDataset get(String name) {
        return find(name)
                .orElseThrow(() -> new UserInputException(
                        "dataset " + name + ": unknown; known datasets are " + String.join(", ", byName.keySet())));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * SHA-256 of the original LeCun {@code .gz} files (byte sizes and digests as listed in the data
     * README of this project's shared folder; the same SHA-256s are pinned by many public loaders,
     * and MD5 / SHA-384 sets agree).
     */
    private static KnownDataset mnist() {
        return new KnownDataset(
                MNIST,
                DatasetLayout.IDX,
                uris(
                        "https://ossci-datasets.s3.amazonaws.com/mnist/",
                        "https://storage.googleapis.com/cvdf-datasets/mnist/"),
                List.of(
                        new DatasetFile(
                                "train-images-idx3-ubyte.gz",
                                9_912_422L,
                                Checksum.sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")),
                        new DatasetFile(
                                "train-labels-idx1-ubyte.gz",
                                28_881L,
                                Checksum.sha256("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c")),
                        new DatasetFile(
                                "t10k-images-idx3-ubyte.gz",
                                1_648_877L,
                                Checksum.sha256("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6")),
                        new DatasetFile(
                                "t10k-labels-idx1-ubyte.gz",
                                4_542L,
                                Checksum.sha256("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"))),
                DIGITS,
                List.of());
    }

    /**
     * Zalando publishes only MD5s of its {@code .gz} files (first checksum of each file). The sizes
     * are those both mirrors serve, as public download logs of torchvision and Keras show; each is the
     * Debian file's size plus the gzip FNAME field (name + NUL) that Debian's build stripped. Debian's {@code dataset-fashion-mnist} package
     * (0.0~git20200523.55506a9-1) ships the same four files under the same names, but its build
     * re-wrote the gzip headers (file name dropped, time stamp set), so their MD5s differ from
     * Zalando's while the uncompressed IDX bytes are identical: their MD5s equal the published MD5s of
     * the uncompressed originals (f4a8712d…, 9018921c…, 8181f547…, 15d48437…). The second checksum of
     * each file is the SHA-256 we computed from that package's files, so the system copy is recognised.
     */
    private static KnownDataset fashionMnist() {
        return new KnownDataset(
                FASHION_MNIST,
                DatasetLayout.IDX,
                // The Keras bucket serves files of the same names and sizes; the MD5 check decides either way.
                uris(
                        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
                List.of(
                        new DatasetFile(
                                "train-images-idx3-ubyte.gz",
                                26_421_880L,
                                Checksum.md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                                Checksum.sha256("b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7")),
                        new DatasetFile(
                                "train-labels-idx1-ubyte.gz",
                                29_515L,
                                Checksum.md5("25c81989df183df01b3e8a0aad5dffbe"),
                                Checksum.sha256("0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056")),
                        new DatasetFile(
                                "t10k-images-idx3-ubyte.gz",
                                4_422_102L,
                                Checksum.md5("bef4ecab320f06d8554ea6380940ec79"),
                                Checksum.sha256("cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa")),
                        new DatasetFile(
                                "t10k-labels-idx1-ubyte.gz",
                                5_148L,
                                Checksum.md5("bb300cfdad3c16e7a12a480ee83cd310"),
                                Checksum.sha256("8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"))),
                FASHION_CLASSES,
                List.of(Path.of("/usr/share/datasets/fashion-mnist")));
    }

    /** The binary version; its page publishes only an MD5 (and no size we could check). */
    private static KnownDataset cifar10() {
        return new KnownDataset(
                CIFAR10,
                DatasetLayout.CIFAR10,
                uris("https://www.cs.toronto.edu/~kriz/"),
                List.of(new DatasetFile(CifarFolder.ARCHIVE, -1L, Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530"))),
                CIFAR10_CLASSES,
                List.of());
    }

    /**
     * Karpathy's char-rnn {@code data/tinyshakespeare/input.txt} (unchanged since the repository's first
     * commit), the corpus of nanoGPT's {@code shakespeare_char}. Size and SHA-256 as listed in the data
     * README of this project's shared folder, where the copy is byte-exact; the same SHA-256 is pinned
     * by many public loaders.
     */
    private static KnownDataset tinyShakespeare() {
        return new KnownDataset(
                TINYSHAKESPEARE,
                DatasetLayout.TEXT,
                uris("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"),
                List.of(new DatasetFile(
                        "input.txt",
                        1_115_394L,
                        Checksum.sha256("86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"))),
                List.of(),
                List.of());
    }

    /**
     * The One Billion Word benchmark's archive from its home page. Its page publishes no checksum; the
     * size and SHA-256 are the ones TensorFlow Datasets pins in {@code url_checksums/lm1b.txt}; other
     * public loaders (a TensorFlow LM1B preparation script, Julia DataDeps registrations) pin the same
     * SHA-256. 1.8 GB to download and about 4 GB extracted.
     */
    private static KnownDataset lm1b() {
        return new KnownDataset(
                LM1B,
                DatasetLayout.LM1B,
                uris("https://www.statmt.org/lm-benchmark/", "http://www.statmt.org/lm-benchmark/"),
                List.of(new DatasetFile(
                        Lm1bFolder.ARCHIVE,
                        1_792_209_805L,
                        Checksum.sha256("01ba60381110baf7f189dfd2b8374de371e8c9a340835793f190bdae9e90a34e"))),
                List.of(),
                List.of());
    }

    private static List<URI> uris(String... urls) {
        return java.util.Arrays.stream(urls).map(URI::create).toList();
    }
}
