package org.layerlab.random;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.layerlab.io.Hashes;

/**
 * Named seeds derived from one run seed, so that initialization, shuffling and re-randomization each
 * draw from their own stream: changing the number of re-randomization draws must not change training.
 *
 * <p>Derivation is a hash of the run seed and a path of names (e.g. {@code "shuffle", "epoch", "7"}),
 * which is stable across JVMs, platforms and library versions. There is no global random state.
 */
public final class Seeds {
    private Seeds() {}

    public static final String INIT = "init";
    public static final String SHUFFLE = "shuffle";
    public static final String AUGMENT = "augment";
    public static final String RERANDOMIZE = "rerandomize";
    /** Dropout masks of one training step: {@code "dropout", "<step>"}. */
    public static final String DROPOUT = "dropout";

    public static long derive(long runSeed, String... path) {
        StringBuilder sb = new StringBuilder("layerlab/").append(runSeed);
        for (String p : path) {
            sb.append('/').append(p);
        }
        byte[] digest = Hashes.digest("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }

    public static Rng rng(long runSeed, String... path) {
        return new Rng(derive(runSeed, path));
    }
}
