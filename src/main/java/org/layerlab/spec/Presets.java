package org.layerlab.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerlab.error.UserInputException;

/**
 * The presets shipped in the jar ({@code presets/<name>.yaml}, listed in {@code presets/index.txt}),
 * each opening with a comment that says what it reproduces, how to run it and how long it takes here.
 */
public final class Presets {
    private Presets() {}

    /** A preset's name and the summary line of its header comment. */
    public record Preset(String name, String summary, String header) {}

    public static List<String> names() {
        String index = resource("presets/index.txt");
        List<String> out = new ArrayList<>();
        for (String line : index.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    public static List<Preset> list() {
        List<Preset> out = new ArrayList<>();
        for (String n : names()) {
            String text = resource("presets/" + n + ".yaml");
            StringBuilder header = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    break;
                }
                header.append(line.replaceFirst("^# ?", "")).append('\n');
            }
            String h = header.toString().strip();
            out.add(new Preset(n, h.isEmpty() ? "" : h.lines().findFirst().orElse(""), h));
        }
        return out;
    }

    /** A path to an existing file, or else the name of a preset. */
    static SpecLoader.Source resolve(String arg) {
        Path p = Path.of(arg);
        boolean looksLikeFile = arg.endsWith(".yaml") || arg.endsWith(".yml") || arg.contains("/");
        if (Files.isRegularFile(p)) {
            String base = p.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            return new SpecLoader.Source(arg, base, SpecFiles.read(p, arg));
        }
        if (looksLikeFile && Files.isDirectory(p)) {
            throw new UserInputException(arg + ": is a folder, not a spec file");
        }
        if (looksLikeFile) {
            throw new UserInputException(arg + ": no such spec file");
        }
        if (!names().contains(arg)) {
            throw new UserInputException("unknown preset '" + arg + "' (presets: " + String.join(", ", names())
                    + "; or give a path to a .yaml file)");
        }
        return new SpecLoader.Source("preset " + arg, arg, resource("presets/" + arg + ".yaml"));
    }

    private static String resource(String path) {
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
