package org.layerlab.data;

import java.nio.file.Path;
import java.util.Locale;
import org.layerlab.io.Hashes;

/**
 * A published digest of a file. SHA-256 is preferred; MD5 is accepted only because some datasets
 * (CIFAR-10, Fashion-MNIST) publish nothing stronger.
 *
 * @param algorithm a JDK {@link java.security.MessageDigest} name, {@code SHA-256} or {@code MD5}
 * @param hex lower-case hex digest
 */
public record Checksum(String algorithm, String hex) {
    public static final String SHA256 = "SHA-256";
    public static final String MD5 = "MD5";

    public Checksum {
        algorithm = switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "SHA-256", "SHA256" -> SHA256;
            case "MD5" -> MD5;
            default -> throw new IllegalArgumentException("unsupported checksum algorithm " + algorithm);
        };
        hex = hex.toLowerCase(Locale.ROOT);
        int digits = algorithm.equals(MD5) ? 32 : 64;
        if (hex.length() != digits || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("not a " + algorithm + " hex digest: " + hex);
        }
    }

    public static Checksum sha256(String hex) {
        return new Checksum(SHA256, hex);
    }

    public static Checksum md5(String hex) {
        return new Checksum(MD5, hex);
    }

    public boolean matches(Path file) {
        return hex.equals(Hashes.ofFile(file, algorithm));
    }

    /** {@code sha256:…} or {@code md5:…}, the form used in messages and provenance. */
    @Override
    public String toString() {
        return (algorithm.equals(MD5) ? "md5:" : "sha256:") + hex;
    }
}
