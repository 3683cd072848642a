package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;
import org.layerlab.testing.SharedData;

class CifarBinaryReaderTest {
    private static final List<String> CLASSES =
            DatasetCatalog.standard().get("cifar10").classNames();

    @TempDir
    Path dir;

    /** Record r: label r % 10, pixel p = (r + p) mod 256. */
    static byte[] records(int count) {
        byte[] b = new byte[count * CifarBinaryReader.RECORD];
        for (int r = 0; r < count; r++) {
            b[r * CifarBinaryReader.RECORD] = (byte) (r % 10);
            for (int p = 0; p < CifarBinaryReader.PIXELS; p++) {
                b[r * CifarBinaryReader.RECORD + 1 + p] = (byte) (r + p);
            }
        }
        return b;
    }

    @Test
    void copiesRecordsStraightIntoChw() throws IOException {
        Path a = Files.write(dir.resolve("a.bin"), records(3));
        Path b = Files.write(dir.resolve("b.bin"), records(2));
        ImageDataset d = CifarBinaryReader.read(List.of(a, b), CLASSES, "cifar10/train");
        assertEquals(5, d.size());
        assertEquals(3, d.channels());
        assertEquals(32, d.height());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, d.labels());
        // Image 4 is record 1 of b: its green plane starts at pixel 1024, value (1 + 1024) mod 256 = 1.
        assertEquals(1, d.pixels()[4 * 3072 + 1024]);
        assertEquals((byte) (2 + 3071), d.pixels()[2 * 3072 + 3071]);
    }

    @Test
    void rejectsPartialRecordsAndBadLabels() throws IOException {
        Path cut = Files.write(dir.resolve("cut.bin"), Arrays.copyOf(records(2), 3073 * 2 - 5));
        UserInputException e =
                assertThrows(UserInputException.class, () -> CifarBinaryReader.read(List.of(cut), CLASSES, "t"));
        assertEquals(cut + ": 6141 bytes is not a whole number of 3073-byte CIFAR records", e.getMessage());
        byte[] bad = records(2);
        bad[3073] = 10;
        Path lab = Files.write(dir.resolve("lab.bin"), bad);
        e = assertThrows(UserInputException.class, () -> CifarBinaryReader.read(List.of(lab), CLASSES, "t"));
        assertEquals(lab + ": record 1 has label 10, outside 0..9", e.getMessage());
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(UserInputException.class, () -> CifarBinaryReader.read(List.of(empty), CLASSES, "t"));
    }

    @Test
    void readsClassNamesSkippingBlankLines() throws IOException {
        Path meta = Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\n\n");
        assertEquals(List.of("airplane", "automobile"), CifarBinaryReader.readClassNames(meta));
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n\n");
        assertThrows(UserInputException.class, () -> CifarBinaryReader.readClassNames(blank));
    }

    @Test
    void readsTheSharedLosslessSubsetWhenPresent() {
        Optional<Path> part = SharedData.file("cifar10/partial/data_batch_1_first4000.bin");
        SharedData.assumePresent(part, "shared CIFAR-10 subset");
        List<String> names = CifarBinaryReader.readClassNames(part.get().resolveSibling("batches.meta.txt"));
        assertEquals(CLASSES, names);
        ImageDataset d = CifarBinaryReader.read(List.of(part.get()), names, "cifar10/partial");
        assertEquals(4000, d.size());
        assertArrayEquals(new int[] {6, 9, 9, 4, 1}, Arrays.copyOf(d.labels(), 5));
        int[] hist = new int[10];
        Arrays.stream(d.labels()).forEach(l -> hist[l]++);
        assertArrayEquals(new int[] {396, 366, 420, 384, 422, 393, 414, 385, 407, 413}, hist);
        // First red values of image 0 as published for the official binary file.
        byte[] red = Arrays.copyOf(d.pixels(), 6);
        assertArrayEquals(new byte[] {59, 43, 50, 68, 98, 119}, red);
    }
}
