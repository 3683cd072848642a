package org.layerlab.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;
import org.layerlab.spec.TrainSpec;

/**
 * {@code threads.json} in a run folder: the engine's intra-op thread count the run trains with, how it
 * was chosen and why. A training run's numbers depend on the count (the engine's kernels split their
 * sums between threads), so it is chosen once, written before the first step, and read back on resume.
 *
 * @param format {@code layerlab-threads/1}
 * @param threads the count
 * @param chosenBy {@code train.threads} (the spec, or {@code --threads}), {@code LAYERLAB_THREADS} or
 *     {@code layerlab.threads} (set for every run), {@code automatic} (timed when the run started), or
 *     {@code engine default} (a run started before layerlab recorded the count)
 * @param reason the choice in words
 * @param msPerStep an automatic choice's timings: milliseconds per forward and backward pass, by count
 */
public record TrainingThreads(
        String format, int threads, String chosenBy, String reason, Map<String, Double> msPerStep) {
    public static final String FILE = "threads.json";
    static final String FORMAT = "layerlab-threads/1";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public TrainingThreads {
        // Sorted by count's text, so the file and its reading list them the same way.
        msPerStep = java.util.Collections.unmodifiableMap(
                new java.util.TreeMap<>(msPerStep == null ? Map.of() : msPerStep));
    }

    static TrainingThreads of(int threads, String chosenBy, String reason) {
        return new TrainingThreads(FORMAT, threads, chosenBy, reason, Map.of());
    }

    /** The record in {@code file}, if the run has one. */
    public static Optional<TrainingThreads> read(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String why = "not a layerlab thread record (" + FORMAT + " JSON with threads in 1.." + TrainSpec.MAX_THREADS
                + "); restore it, or delete it to go on with the count of train.threads or libtorch's default";
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > (1 << 20)) {
                throw new UserInputException(file + ": " + why);
            }
            TrainingThreads t = JSON.readValue(file.toFile(), TrainingThreads.class);
            if (t == null || !FORMAT.equals(t.format()) || t.threads() < 1 || t.threads() > TrainSpec.MAX_THREADS) {
                throw new UserInputException(file + ": " + why);
            }
            return Optional.of(t);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new UserInputException(file + ": " + why);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read the run's thread record", e);
        }
    }

    void write(Path file) {
        try {
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For provenance.json. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", threads);
        out.put("chosen_by", chosenBy);
        out.put("reason", reason);
        if (!msPerStep.isEmpty()) {
            out.put("ms_per_step", new java.util.TreeMap<>(msPerStep));
        }
        return out;
    }
}
