package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.testing.SharedData;

/**
 * The shared 60,000-image CIFAR-10 JPEG zip, when present: decoded once into a temporary cache
 * (the decode and cached-load times are printed), then read through the façade, which restores the
 * original record order and is compared with the lossless binary subset.
 */
class RealCifarJpegTest {
    @TempDir
    static Path cache;

    static Path cifarDir;
    static TrainTest decoded;

    @BeforeAll
    static void decodeOnce() {
        Optional<Path> zip = SharedData.file("cifar10/cifar10-jpeg.zip");
        SharedData.assumePresent(zip, "shared CIFAR-10 JPEG zip");
        cifarDir = zip.get().getParent();
        ImageFolderReader reader = new ImageFolderReader(cache.resolve("decoded"));
        long t0 = System.nanoTime();
        decoded = reader.read(zip.get(), ImageFolderOptions.NONE, "cifar10");
        long t1 = System.nanoTime();
        TrainTest cached = reader.read(zip.get(), ImageFolderOptions.NONE, "cifar10");
        long t2 = System.nanoTime();
        System.out.printf(
                "cifar10-jpeg.zip: decoded 60000 JPEGs in %.2f s on %d cores; cached load %.2f s%n",
                (t1 - t0) / 1e9, Runtime.getRuntime().availableProcessors(), (t2 - t1) / 1e9);
        assertArrayEquals(decoded.train().pixels(), cached.train().pixels());
        assertArrayEquals(decoded.test().labels(), cached.test().labels());
    }

    @Test
    void hasAllImagesInClassFolderOrder() {
        assertEquals(50_000, decoded.train().size());
        assertEquals(10_000, decoded.test().size());
        assertEquals(
                DatasetCatalog.standard().get("cifar10").classNames(),
                decoded.train().classNames());
        int[] perClass = new int[10];
        Arrays.stream(decoded.train().labels()).forEach(l -> perClass[l]++);
        int[] five = new int[10];
        Arrays.fill(five, 5000);
        assertArrayEquals(five, perClass);
        assertEquals(32, decoded.train().height());
    }

    @Test
    void facadeRestoresTheOriginalOrder() {
        DatasetLocator locator = DatasetLocator.builder()
                .optEnv(Map.of())
                .optCacheRoot(cache)
                .optDownload(false)
                .build();
        LoadedData data = new Datasets(locator).load(new DatasetRequest("cifar10", cifarDir, 4000, null, null, null));
        assertEquals(Origin.EXPLICIT, data.where().origin());
        assertTrue(data.where().sha256ByFile().containsKey("cifar10-jpeg.zip"));
        assertTrue(data.where().sha256ByFile().containsKey("partial/train_labels_all50000.txt"));
        assertArrayEquals(
                new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1},
                Arrays.copyOf(data.test().labels(), 10));

        Optional<Path> bin = SharedData.file("cifar10/partial/data_batch_1_first4000.bin");
        SharedData.assumePresent(bin, "shared CIFAR-10 lossless subset");
        ImageDataset lossless =
                CifarBinaryReader.read(List.of(bin.get()), data.train().classNames(), "partial");
        assertArrayEquals(lossless.labels(), data.train().labels());
        // JPEG is lossy, but every restored image must be the same picture: PSNR well above chance (~11 dB).
        double worst = Double.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            worst = Math.min(worst, psnr(lossless, data.train(), i));
        }
        assertTrue(worst > 20, "worst PSNR of the first 200 images " + worst);
    }

    private static double psnr(ImageDataset a, ImageDataset b, int i) {
        double se = 0;
        int n = a.imageBytes();
        for (int p = i * n; p < (i + 1) * n; p++) {
            double d = (a.pixels()[p] & 0xff) - (b.pixels()[p] & 0xff);
            se += d * d;
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }
}
