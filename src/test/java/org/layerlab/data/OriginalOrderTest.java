package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.error.UserInputException;

class OriginalOrderTest {
    /** One-pixel images whose value encodes (class, index within class) as 10 * class + index. */
    private static ImageDataset classMajor(int... perClass) {
        int n = java.util.Arrays.stream(perClass).sum();
        byte[] px = new byte[n];
        int[] labels = new int[n];
        int i = 0;
        for (int c = 0; c < perClass.length; c++) {
            for (int k = 0; k < perClass[c]; k++, i++) {
                px[i] = (byte) (10 * c + k);
                labels[i] = c;
            }
        }
        return new ImageDataset("t", 1, 1, 1, px, labels, List.of("a", "b", "c"));
    }

    @Test
    void recordIIsTheKthImageOfItsClass(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("labels.txt"), "2\n0\n2\n1\n0\n");
        int[] labels = OriginalOrder.readLabels(f, 3);
        ImageDataset d = OriginalOrder.restore(classMajor(2, 1, 2), labels, f);
        assertArrayEquals(new int[] {2, 0, 2, 1, 0}, d.labels());
        assertArrayEquals(new byte[] {20, 0, 21, 10, 1}, d.pixels());
    }

    @Test
    void countsMustAgree(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("labels.txt"), "0\n0\n0\n1\n2\n");
        UserInputException e = assertThrows(
                UserInputException.class,
                () -> OriginalOrder.restore(classMajor(2, 1, 2), OriginalOrder.readLabels(f, 3), f));
        assertEquals(f + ": lists more images of class 0 than t has (2)", e.getMessage());
        Path shortList = Files.writeString(dir.resolve("short.txt"), "0\n");
        e = assertThrows(
                UserInputException.class,
                () -> OriginalOrder.restore(classMajor(2, 1, 2), OriginalOrder.readLabels(shortList, 3), shortList));
        assertEquals(shortList + ": lists 1 labels but t has 5 images", e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "0\n7\n");
        e = assertThrows(UserInputException.class, () -> OriginalOrder.readLabels(bad, 3));
        assertEquals(bad + ": label 7 on line 2 is outside 0..2", e.getMessage());
    }

    @Test
    void subsetsOfImageDatasetKeepOrder() {
        ImageDataset d = classMajor(3, 1, 2);
        assertArrayEquals(new byte[] {0, 1, 10, 20, 21}, d.firstPerClass(2).pixels());
        assertArrayEquals(new byte[] {21, 0}, d.select(new int[] {5, 0}).pixels());
        assertEquals(d, d.firstPerClass(3), "nothing dropped, same dataset");
    }
}
