package org.layerlab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.layerlab.io.AtomicFiles;
import org.layerlab.io.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded class-folder images as one compact file of uint8 pixels, so JPEGs are decoded once.
 *
 * <p>Layout: magic, version, shape, class names, then each split's pixels and labels, then the
 * SHA-256 of everything before it. A file whose digest does not match (a disk error, a foreign file)
 * is deleted and treated as absent, so the caller decodes again rather than training on it.
 */
final class DecodedCache {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedCache.class);
    private static final int MAGIC = 0x4c4c4443; // "LLDC"
    private static final int VERSION = 1;
    private static final int DIGEST_BYTES = 32;

    private DecodedCache() {}

    static void write(Path file, TrainTest data) {
        AtomicFiles.write(file, raw -> {
            MessageDigest md = Hashes.digest("SHA-256");
            DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, md));
            ImageDataset tr = data.train();
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(tr.channels());
            out.writeInt(tr.height());
            out.writeInt(tr.width());
            out.writeInt(tr.numClasses());
            for (String c : tr.classNames()) {
                out.writeUTF(c);
            }
            for (ImageDataset split : List.of(tr, data.test())) {
                out.writeInt(split.size());
                out.write(split.pixels());
                ByteBuffer labels = ByteBuffer.allocate(4 * split.size());
                labels.asIntBuffer().put(split.labels());
                out.write(labels.array());
            }
            out.flush();
            raw.write(md.digest());
        });
    }

    /** The cached splits, named {@code name/train} and {@code name/test}; empty when absent or damaged. */
    static Optional<TrainTest> read(Path file, String name) {
        MessageDigest md = Hashes.digest("SHA-256");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new DigestInputStream(raw, md));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return discard(file, "not a decoded-image cache of this version");
            }
            int channels = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            int numClasses = in.readInt();
            if (channels < 1 || height < 1 || width < 1 || numClasses < 1 || numClasses > 1 << 20) {
                return discard(file, "implausible header");
            }
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < numClasses; i++) {
                classes.add(in.readUTF());
            }
            List<ImageDataset> splits = new ArrayList<>();
            for (String split : List.of("train", "test")) {
                int n = in.readInt();
                long bytes = (long) n * channels * height * width;
                if (n < 0 || bytes > Integer.MAX_VALUE - 64) {
                    return discard(file, "implausible size");
                }
                byte[] pixels = new byte[(int) bytes];
                in.readFully(pixels);
                byte[] labelBytes = new byte[4 * n];
                in.readFully(labelBytes);
                int[] labels = new int[n];
                ByteBuffer.wrap(labelBytes).asIntBuffer().get(labels);
                if (Arrays.stream(labels).anyMatch(l -> l < 0 || l >= numClasses)) {
                    return discard(file, "label out of range");
                }
                splits.add(new ImageDataset(name + "/" + split, channels, height, width, pixels, labels, classes));
            }
            byte[] expected = md.digest();
            byte[] stored = raw.readNBytes(DIGEST_BYTES + 1);
            if (!Arrays.equals(expected, stored)) {
                return discard(file, "checksum mismatch");
            }
            return Optional.of(new TrainTest(splits.get(0), splits.get(1)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (EOFException e) {
            return discard(file, "truncated");
        } catch (IOException e) {
            return discard(file, e.toString());
        }
    }

    private static Optional<TrainTest> discard(Path file, String why) {
        LOG.warn("{}: ignoring damaged decoded-image cache ({}); decoding again", file, why);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("{}: cannot delete ({})", file, e.toString());
        }
        return Optional.empty();
    }
}
