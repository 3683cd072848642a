package org.layerlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared copies of real datasets, when this machine has them: {@code $LAYERLAB_DATA},
 * else a {@code shared/data} beside the checkout (as CI lays it).
 * Tests that need them skip when absent, unless {@value #REQUIRE} is set: then they fail.
 */
public final class SharedData {
    /**
     * Set (to any non-empty value) by {@code .ci/run} when the copies are there, so a test that cannot
     * find its copy (a renamed file, a broken path) fails instead of passing as skipped.
     */
    public static final String REQUIRE = "LAYERLAB_REQUIRE_SHARED_DATA";

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

    /** Skips the calling test when {@code copy} is absent, or fails it when {@value #REQUIRE} is set. */
    public static void assumePresent(Optional<Path> copy, String what) {
        assumePresent(copy, what, System.getenv());
    }

    static void assumePresent(Optional<Path> copy, String what, Map<String, String> env) {
        if (copy.isPresent()) {
            return;
        }
        String required = env.get(REQUIRE);
        if (required != null && !required.isEmpty()) {
            Assertions.fail(
                    what + " not found under " + root().map(Path::toString).orElse("$LAYERLAB_DATA or ../shared/data")
                            + ", and " + REQUIRE + " says the shared data must be there");
        }
        Assumptions.abort(what + " not on this machine");
    }
}
