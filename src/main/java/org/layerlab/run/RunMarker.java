package org.layerlab.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.io.Hashes;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;

/**
 * {@code layerlab-run.json}, written first when a run folder is created: the mark that makes a folder a
 * layerlab run. Only a folder carrying it may be resumed, analyzed or replaced with {@code --force}, so
 * layerlab never deletes a folder it did not make. It also records the hash of the spec's training
 * identity (model, data, training, seed), so a hand-edited spec.yaml is caught before its checkpoints
 * are loaded into the wrong network.
 *
 * @param format {@code layerlab-run/1}
 * @param created when the run was created (ISO-8601)
 * @param trainingSpecSha256 SHA-256 of {@link SpecLoader#trainingIdentity}
 */
public record RunMarker(String format, String created, String trainingSpecSha256) {
    public static final String FILE = "layerlab-run.json";
    static final String FORMAT = "layerlab-run/1";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static RunMarker of(ExperimentSpec spec) {
        return new RunMarker(FORMAT, Instant.now().toString(), hash(spec));
    }

    static String hash(ExperimentSpec spec) {
        return Hashes.sha256(SpecLoader.trainingIdentity(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code dir} carries the marker (a regular file, not a link to one elsewhere). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE), LinkOption.NOFOLLOW_LINKS);
    }

    void write(Path dir) {
        try {
            AtomicFiles.writeBytes(dir.resolve(FILE), JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunMarker read(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            RunMarker m = JSON.readValue(f.toFile(), RunMarker.class);
            if (m == null || !FORMAT.equals(m.format())) {
                throw new UserInputException(f + ": not a layerlab run marker (format " + FORMAT + " expected)");
            }
            return m;
        } catch (IOException e) {
            throw new UserInputException(f + ": unreadable run marker (" + FORMAT + " JSON expected)");
        }
    }
}
