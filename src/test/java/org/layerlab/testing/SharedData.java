package org.layerlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The project's shared copies of real datasets, when this machine has them: {@code $LAYERLAB_DATA},
 * else a {@code shared/data} beside the checkout (as CI lays it).
 * Tests that need them skip when absent.
 */
public final class SharedData {
    private SharedData() {}

    public static Optional<Path> root() {
        String env = System.getenv("LAYERLAB_DATA");
        Path cwd = Path.of("").toAbsolutePath();
        return Stream.of(
                        env == null || env.isBlank() ? null : Path.of(env),
                        cwd.resolveSibling("shared").resolve("data"))
                .filter(p -> p != null && Files.isDirectory(p))
                .findFirst();
    }

    public static Optional<Path> file(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }
}
