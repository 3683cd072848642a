package org.layerlab.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;

/**
 * The checkpoint file: an 8-byte magic, a big-endian int length, a JSON header naming each tensor's
 * section and shape, then each tensor's float32 values in little-endian order. Plain enough to read
 * from numpy ({@code np.frombuffer(..., '<f4')}) without layerlab, and engine-independent.
 */
final class CheckpointFormat {
    static final byte[] MAGIC = "LLCKPT1\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "weights";
    private static final String OPTIMIZER = "optimizer";

    private CheckpointFormat() {}

    static void write(Checkpoint c, OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.put("format", "layerlab-checkpoint/1");
        header.put("epoch", c.epoch());
        ArrayNode list = header.putArray("tensors");
        // Optimizer state in name order so the file is byte-identical for identical state.
        Map<String, Tensor> opt = new TreeMap<>(c.optimizerState());
        describe(list, WEIGHTS, c.weights().asMap());
        describe(list, OPTIMIZER, opt);
        byte[] h = JSON.writeValueAsBytes(header);
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(h.length).array());
        out.write(h);
        for (Tensor t : c.weights().asMap().values()) {
            writeFloats(t.data(), out);
        }
        for (Tensor t : opt.values()) {
            writeFloats(t.data(), out);
        }
    }

    /**
     * Reads a checkpoint of {@code length} bytes. The header is checked against the length before any
     * tensor is allocated, so an edited or hostile file cannot make us allocate more than it holds.
     */
    static Checkpoint read(InputStream raw, long length) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a layerlab checkpoint (bad magic)");
        }
        int len = in.readInt();
        if (len <= 0 || len > Math.min(64 << 20, length - MAGIC.length - 4)) {
            throw new IOException("bad header length " + len);
        }
        byte[] h = new byte[len];
        in.readFully(h);
        JsonNode header;
        try {
            header = JSON.readTree(h);
        } catch (IOException e) {
            throw new IOException("the checkpoint's header is not valid JSON");
        }
        JsonNode tensors = header == null ? null : header.get("tensors");
        JsonNode epoch = header == null ? null : header.get("epoch");
        if (tensors == null || !tensors.isArray() || epoch == null || !epoch.canConvertToInt()) {
            throw new IOException("the checkpoint's header lacks its epoch or tensor list");
        }
        List<int[]> shapes = new ArrayList<>();
        long floats = 0;
        for (JsonNode t : tensors) {
            JsonNode shapeNode = t.get("shape");
            if (shapeNode == null || !shapeNode.isArray() || t.get("name") == null || t.get("section") == null) {
                throw new IOException("a tensor in the checkpoint's header lacks its name, section or shape");
            }
            int[] shape = new int[shapeNode.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToInt() || d.asInt() < 0) {
                    throw new IOException("tensor " + t.get("name").asText() + " has a bad shape " + shapeNode);
                }
                shape[i] = d.asInt();
                n = Math.multiplyExact(n, shape[i]);
            }
            shapes.add(shape);
            floats = Math.addExact(floats, n);
        }
        long expected = MAGIC.length + 4L + len + 4 * floats;
        if (expected != length) {
            throw new IOException("the header describes " + expected + " bytes but the file has " + length);
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> opt = new LinkedHashMap<>();
        int k = 0;
        for (JsonNode t : tensors) {
            int[] shape = shapes.get(k++);
            float[] data = readFloats(in, Math.toIntExact(Tensor.numel(shape)));
            (OPTIMIZER.equals(t.get("section").asText()) ? opt : weights)
                    .put(t.get("name").asText(), new Tensor(shape, data));
        }
        if (in.read() != -1) {
            throw new IOException("trailing bytes after the last tensor");
        }
        return new Checkpoint(epoch.asInt(), new WeightSnapshot(weights), opt);
    }

    private static void describe(ArrayNode list, String section, Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode n = list.addObject();
            n.put("name", e.getKey());
            n.put("section", section);
            ArrayNode s = n.putArray("shape");
            for (int d : e.getValue().shape()) {
                s.add(d);
            }
        }
    }

    private static void writeFloats(float[] data, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            int n = Math.min(data.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(data, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] out = new float[count];
        byte[] bytes = new byte[1 << 16];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; ) {
            int n = Math.min(count - i, bytes.length / 4);
            try {
                in.readFully(bytes, 0, n * 4);
            } catch (EOFException e) {
                throw new IOException("file ends inside tensor data");
            }
            buf.clear();
            buf.asFloatBuffer().get(out, i, n);
            i += n;
        }
        return out;
    }
}
