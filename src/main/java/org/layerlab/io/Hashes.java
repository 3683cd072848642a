package org.layerlab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.layerlab.error.UserInputException;

/** Hex digests of files and byte arrays (SHA-256 by default, MD5 only where a source publishes nothing else). */
public final class Hashes {
    private Hashes() {}

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    }

    public static String sha256(Path file) {
        return ofFile(file, "SHA-256");
    }

    /**
     * Every file hashed here is a dataset file the user pointed to, or a copy in the cache; one that
     * cannot be read is bad input, not a bug.
     */
    public static String ofFile(Path file, String algorithm) {
        MessageDigest md = digest(algorithm);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
