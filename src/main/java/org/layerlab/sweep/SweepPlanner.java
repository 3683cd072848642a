package org.layerlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerlab.error.UserInputException;
import org.layerlab.io.Hashes;
import org.layerlab.spec.DataSpec;
import org.layerlab.spec.ExperimentSpec;
import org.layerlab.spec.SpecLoader;
import org.layerlab.spec.SpecOverride;

/**
 * Expands a {@link SweepSpec} into its runs, resolving each one exactly as {@code layerlab study} resolves a spec
 * (defaults, base, then the sweep's {@code set}, the command line's {@code --set}, the point's values and the
 * seed), so every key and value is checked by the study's own rules and messages, which here name the sweep
 * file and where in it the value is ({@code grid.model.depth=abc}).
 */
public final class SweepPlanner {
    /** More runs than this is a typo in a grid, not a plan: at a minute each it is a week of one machine. */
    static final int MAX_RUNS = 10_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SweepPlanner() {}

    /** The plan and each run's resolved spec (by id). */
    public record Planned(SweepPlan plan, Map<String, ExperimentSpec> specs) {}

    public static Planned plan(SweepSpec s, List<SpecOverride> commandLine) {
        String label = s.label();
        List<String> swept = sweptKeys(s);
        checkKeys(s, commandLine, swept);
        List<Map<String, JsonNode>> combos = s.grid().isEmpty()
                ? (s.points().isEmpty() ? List.of(Map.of()) : s.points())
                : product(s.grid(), label, Math.max(1, s.seeds().size()));
        long total = (long) combos.size() * Math.max(1, s.seeds().size());
        if (total > MAX_RUNS) {
            throw new UserInputException(label + ": " + total + " runs; a sweep may have at most " + MAX_RUNS
                    + " (fewer grid values or seeds)");
        }
        Map<String, String> labels = RunNames.labels(swept);
        List<PlannedRun> runs = new ArrayList<>();
        Map<String, ExperimentSpec> specs = new LinkedHashMap<>();
        Map<String, String> seenPoints = new HashMap<>();
        for (int i = 0; i < combos.size(); i++) {
            Map<String, JsonNode> combo = combos.get(i);
            List<SpecOverride> overrides = new ArrayList<>();
            s.set().forEach((k, v) -> overrides.add(new SpecOverride(k, v, label + ": set." + k)));
            overrides.addAll(commandLine);
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : swept) {
                JsonNode v = combo.get(key);
                if (v == null) {
                    values.put(key, "");
                    continue; // a point that leaves a key at the base's value
                }
                String where = s.grid().isEmpty()
                        ? label + ": points[" + i + "]." + key
                        : label + ": grid." + key + "=" + RunNames.display(v);
                overrides.add(new SpecOverride(key, v, where));
                values.put(key, RunNames.display(v));
            }
            String point = unique(RunNames.point(labels, nonEmpty(values)), i, seenPoints);
            List<Long> seeds = s.seeds().isEmpty() ? java.util.Collections.singletonList(null) : s.seeds();
            for (Long seed : seeds) {
                List<SpecOverride> all = new ArrayList<>(overrides);
                if (seed != null) {
                    all.add(new SpecOverride("seed", NODES.numberNode(seed), label + ": seeds"));
                }
                ExperimentSpec spec = SpecLoader.loadWith(s.base(), all);
                String id = id(spec);
                String name = point + "/" + RunNames.seedFolder(spec.seed());
                spec = spec.withName(RunNames.specName(name, id));
                ExperimentSpec before = specs.putIfAbsent(id, spec);
                if (before != null) {
                    PlannedRun other = runs.stream()
                            .filter(r -> r.id().equals(id))
                            .findFirst()
                            .orElseThrow();
                    throw new UserInputException(label + ": " + other.name() + " and " + name
                            + " resolve to the same spec (only the data folder or device differ, or a value is"
                            + " repeated); remove one");
                }
                runs.add(new PlannedRun(
                        name, id, point, values, spec.seed(), spec.train().epochs()));
            }
        }
        return new Planned(new SweepPlan(s.name(), label, s.base(), swept, runs), specs);
    }

    /**
     * The stable id of a run: SHA-256 of the resolved spec as canonical YAML, without its name and without the
     * keys that only say where it runs (data.dir, device), so a run resumes on any node whatever its local paths.
     */
    public static String id(ExperimentSpec spec) {
        DataSpec d = spec.data();
        DataSpec anywhere = new DataSpec(
                d.name(),
                null,
                d.trainLimit(),
                d.testLimit(),
                d.trainPerClass(),
                d.normalize(),
                d.augment(),
                d.imageSize(),
                d.tokenizer());
        ExperimentSpec canonical =
                new ExperimentSpec(null, spec.seed(), null, anywhere, spec.model(), spec.train(), spec.analysis());
        return Hashes.sha256(SpecLoader.toYaml(canonical).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> sweptKeys(SweepSpec s) {
        if (!s.grid().isEmpty()) {
            return List.copyOf(s.grid().keySet());
        }
        Set<String> keys = new LinkedHashSet<>();
        s.points().forEach(p -> keys.addAll(p.keySet()));
        return List.copyOf(keys);
    }

    /** Keys the sweep itself owns (name, seed) and keys given twice (in set and grid) are refused up front. */
    private static void checkKeys(SweepSpec s, List<SpecOverride> commandLine, List<String> swept) {
        String label = s.label();
        String where = s.grid().isEmpty() ? "points" : "grid";
        for (String key : swept) {
            if (key.equals("name")) {
                throw new UserInputException(
                        label + ": " + where + ": name: run names come from the sweep's points; remove it");
            }
            if (key.equals("seed")) {
                throw new UserInputException(label + ": " + where + ": seed: list the run seeds under 'seeds' instead");
            }
        }
        for (String key : s.set().keySet()) {
            if (key.equals("name")) {
                throw new UserInputException(label + ": set.name: run names come from the sweep; remove it");
            }
            if (key.equals("seed") && !s.seeds().isEmpty()) {
                throw new UserInputException(
                        label + ": set.seed: the sweep lists its seeds under 'seeds'; give one or the other");
            }
            if (swept.contains(key)) {
                throw new UserInputException(label + ": set." + key + ": also in " + where
                        + "; a key is either the same for every point (set) or varied (" + where + ")");
            }
        }
        for (SpecOverride o : commandLine) {
            if (o.key().equals("name") || (o.key().equals("seed") && !s.seeds().isEmpty())) {
                throw new UserInputException(o.flag() + ": the sweep sets " + o.key() + " for each run");
            }
            if (swept.contains(o.key())) {
                throw new UserInputException(o.flag() + ": " + o.key() + " is varied by the sweep (" + label + " "
                        + where + "); change it there");
            }
        }
    }

    /** Every combination of the grid's values; the last key varies fastest. */
    private static List<Map<String, JsonNode>> product(Map<String, List<JsonNode>> grid, String label, int seeds) {
        long size = 1;
        for (List<JsonNode> values : grid.values()) {
            size *= values.size();
            if (size * seeds > MAX_RUNS) {
                throw new UserInputException(label + ": grid: more than " + MAX_RUNS + " runs; a sweep may have at"
                        + " most " + MAX_RUNS + " (fewer grid values or seeds)");
            }
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> e : grid.entrySet()) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : out) {
                for (JsonNode v : e.getValue()) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static Map<String, String> nonEmpty(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Two different points can read the same once cleaned for a folder name (0.1 and '0.1'); the later one gets
     * its position appended. Identical specs are refused later, by id.
     */
    private static String unique(String point, int index, Map<String, String> seen) {
        String name = point;
        if (seen.containsKey(name)) {
            name = point + "~" + (index + 1);
        }
        seen.put(name, name);
        return name;
    }
}
