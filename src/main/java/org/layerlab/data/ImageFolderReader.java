package org.layerlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ImageNet-style class-folder tree (a folder or a zip, see {@link ImageFolderTree}) into
 * RGB {@link ImageDataset}s, decoding each image once: the result is kept in a compact uint8 cache
 * keyed by the source's fingerprint and the options, and later runs load that instead.
 */
public final class ImageFolderReader {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderReader.class);
    /** Bump when decoding changes, so old caches are not reused. */
    private static final String DECODER_VERSION = "imagefolder-v1";

    private final Path cacheDir;
    private final int threads;

    /** {@code cacheDir} holds decoded caches; {@code null} decodes every time. Uses all cores. */
    public ImageFolderReader(Path cacheDir) {
        this(cacheDir, Runtime.getRuntime().availableProcessors());
    }

    public ImageFolderReader(Path cacheDir, int threads) {
        this.cacheDir = cacheDir;
        this.threads = Math.max(1, threads);
    }

    /** Splits named {@code name/train} and {@code name/test}. */
    public TrainTest read(Path source, ImageFolderOptions options, String name) {
        if (!Files.exists(source)) {
            throw new UserInputException(source + ": does not exist");
        }
        Path cached = null;
        if (cacheDir != null) {
            String key = Hashes.sha256(
                    (DECODER_VERSION + "\n" + ImageFolderTree.fingerprint(source) + "\n" + options.cacheKey())
                            .getBytes(StandardCharsets.UTF_8));
            cached = cacheDir.resolve(key + ".lldc");
            Optional<TrainTest> hit = DecodedCache.read(cached, name);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        try (ImageFolderTree tree = ImageFolderTree.open(source)) {
            long t0 = System.nanoTime();
            List<ImageFolderTree.Image> trainImages = options.trainPerClass() == null
                    ? tree.train()
                    : firstPerClass(tree.train(), options.trainPerClass());
            ImageDataset train = decode(tree, trainImages, options, name + "/train");
            ImageDataset test = decode(tree, tree.test(), options, name + "/test");
            if (train.height() != test.height() || train.width() != test.width()) {
                // A network takes one input size: say which images disagree and how to reconcile them.
                throw new UserInputException(source + ": training images are " + train.height() + "x" + train.width()
                        + " (" + trainImages.get(0).entry() + ") but test images are " + test.height() + "x"
                        + test.width() + " (" + tree.test().get(0).entry() + ")"
                        + (options.cropSize() == null && DatasetRequest.IMAGEFOLDER.equals(name)
                                ? "; set data.image_size to bring them to one size"
                                : ""));
            }
            LOG.info(
                    "{}: decoded {} images in {} ms",
                    source,
                    train.size() + test.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            TrainTest data = new TrainTest(train, test);
            if (cached != null) {
                try {
                    DecodedCache.write(cached, data);
                } catch (UncheckedIOException e) {
                    // The data is decoded and correct; only the next run loses the shortcut.
                    LOG.warn("cannot cache decoded images: {}", e.getMessage());
                }
            }
            return data;
        } catch (IOException e) {
            throw UserInputException.io(source, "cannot read", e);
        }
    }

    private static List<ImageFolderTree.Image> firstPerClass(List<ImageFolderTree.Image> images, int n) {
        List<ImageFolderTree.Image> out = new ArrayList<>();
        int label = -1;
        int taken = 0;
        for (ImageFolderTree.Image im : images) {
            taken = im.label() == label ? taken + 1 : 1;
            label = im.label();
            if (taken <= n) {
                out.add(im);
            }
        }
        return out;
    }

    /**
     * The first image fixes the size all others must have (after resize and crop). The rest are
     * decoded in parallel chunks, each writing its own slots of the output, so the result does not
     * depend on scheduling; if several images fail, the first in order is reported.
     */
    private ImageDataset decode(
            ImageFolderTree tree, List<ImageFolderTree.Image> images, ImageFolderOptions options, String name) {
        int n = images.size();
        RgbImage first;
        try (ImageDecoder decoder = new ImageDecoder()) {
            first = decodeOne(tree, images.get(0), options, decoder);
        }
        int bytes = first.chw().length;
        if ((long) n * bytes > Integer.MAX_VALUE - 64) {
            throw new UserInputException(tree.describe(images.get(0)) + ": " + n + " images of 3x" + first.height()
                    + "x" + first.width() + " do not fit in one array; use trainPerClass or a smaller crop");
        }
        byte[] pixels = new byte[n * bytes];
        System.arraycopy(first.chw(), 0, pixels, 0, bytes);
        int[] labels = images.stream().mapToInt(ImageFolderTree.Image::label).toArray();
        UserInputException[] failures = new UserInputException[n];
        int chunks = Math.min(n, threads * 8);
        Runnable work = () -> IntStream.range(0, chunks).parallel().forEach(chunk -> {
            try (ImageDecoder decoder = new ImageDecoder()) {
                for (int i = Math.max(1, (int) ((long) n * chunk / chunks)); i < (long) n * (chunk + 1) / chunks; i++) {
                    try {
                        RgbImage img = decodeOne(tree, images.get(i), options, decoder);
                        if (img.height() != first.height() || img.width() != first.width()) {
                            throw new UserInputException(tree.describe(images.get(i)) + ": image is " + img.height()
                                    + "x" + img.width() + " but the first image ("
                                    + images.get(0).entry() + ") is "
                                    + first.height() + "x" + first.width()
                                    + "; set resize and crop options to bring images to one size");
                        }
                        System.arraycopy(img.chw(), 0, pixels, i * bytes, bytes);
                    } catch (UserInputException e) {
                        failures[i] = e;
                    }
                }
            }
        });
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding " + name, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        for (UserInputException f : failures) {
            if (f != null) {
                throw f;
            }
        }
        return new ImageDataset(name, 3, first.height(), first.width(), pixels, labels, tree.classes());
    }

    private static RgbImage decodeOne(
            ImageFolderTree tree, ImageFolderTree.Image image, ImageFolderOptions options, ImageDecoder decoder) {
        RgbImage img;
        try {
            img = decoder.decode(tree.read(image));
        } catch (IOException e) {
            throw UserInputException.io(tree.describe(image), "unreadable image", e);
        }
        if (options.resizeShorter() != null) {
            img = Resizer.resizeShorter(img, options.resizeShorter());
        }
        if (options.cropSize() != null) {
            int s = options.cropSize();
            if (img.height() < s || img.width() < s) {
                throw new UserInputException(tree.describe(image) + ": image is " + img.height() + "x" + img.width()
                        + (options.resizeShorter() != null ? " after resizing" : "") + ", smaller than the " + s
                        + "x" + s + " crop");
            }
            img = Resizer.centerCrop(img, s);
        }
        return img;
    }
}
