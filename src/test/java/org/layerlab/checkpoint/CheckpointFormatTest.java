package org.layerlab.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.testing.Golden;

/** The checkpoint file format is a promise to users (numpy can read it): a change must be deliberate. */
class CheckpointFormatTest {

    /** A tiny fixed checkpoint: two weight tensors and one momentum buffer. */
    static Checkpoint tiny() {
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("layer1.weight", new Tensor(new int[] {2, 3}, new float[] {1, -2, 0.5f, 0.25f, -0f, 3e-8f}));
        w.put("layer1.bias", new Tensor(new int[] {2}, new float[] {0.1f, -1}));
        return new Checkpoint(7, new WeightSnapshot(w), Map.of("layer1.bias", new Tensor(new int[] {2}, new float[] {
            0.01f, 0
        })));
    }

    static byte[] bytes(Checkpoint c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointFormat.write(c, out);
        return out.toByteArray();
    }

    @Test
    void theTinyCheckpointMatchesTheGoldenFile() throws IOException {
        Golden.checkBytes("checkpoint-tiny.ckpt", bytes(tiny()));
    }

    @Test
    void theGoldenFileReadsBackAsTheTinyCheckpoint() throws IOException {
        // Files written by earlier versions must stay readable.
        byte[] b = Golden.bytes("checkpoint-tiny.ckpt");
        Checkpoint back = CheckpointFormat.read(new ByteArrayInputStream(b), b.length);
        assertEquals(7, back.epoch());
        assertEquals(tiny().weights(), back.weights());
        assertEquals(tiny().optimizerState(), back.optimizerState());
    }

    @Test
    void theLayoutIsTheDocumentedOne() throws IOException {
        // magic, big-endian header length, JSON header, then little-endian float32 data in header order.
        byte[] b = bytes(tiny());
        assertArrayEquals("LLCKPT1\n".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(b, 8));
        int len = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        String header = new String(b, 12, len, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"format\":\"layerlab-checkpoint/1\""), header);
        int data = 12 + len;
        assertEquals(data + 4 * (6 + 2 + 2), b.length);
        ByteBuffer f = ByteBuffer.wrap(b, data, b.length - data).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, f.getFloat());
        assertEquals(-2f, f.getFloat());
        f.position(f.position() + 4 * 6);
        assertEquals(0.01f, f.getFloat(), "the optimizer section follows the weights");
    }

    @Test
    void badFilesAreRefused() throws IOException {
        byte[] b = bytes(tiny());
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertThrows(IOException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(magic), magic.length));
        byte[] trailing = java.util.Arrays.copyOf(b, b.length + 1);
        assertThrows(
                IOException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(trailing), trailing.length));
        byte[] shortData = java.util.Arrays.copyOf(b, b.length - 3);
        assertThrows(
                IOException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(shortData), shortData.length));
    }

    @Test
    void aHeaderThatPromisesMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        byte[] b = bytes(tiny());
        int len = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        String header = new String(b, 12, len, StandardCharsets.UTF_8);
        // Same header length, one shape made enormous: 2e9 × 2e9 floats would not fit anywhere.
        String huge = header.replaceFirst("\\[2,3]", "[2000000000,2000000000]");
        assertTrue(!huge.equals(header), header);
        byte[] h = huge.getBytes(StandardCharsets.UTF_8);
        ByteBuffer forged = ByteBuffer.allocate(12 + h.length + (b.length - 12 - len));
        forged.put(b, 0, 8).putInt(h.length).put(h).put(b, 12 + len, b.length - 12 - len);
        byte[] f = forged.array();
        IOException e =
                assertThrows(IOException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(f), f.length));
        assertTrue(e.getMessage().contains("describes"), e.getMessage());
    }
}
