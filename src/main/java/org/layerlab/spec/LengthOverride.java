package org.layerlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layerlab.error.UserInputException;

/**
 * {@code --set train.epochs=N} (or {@code train.steps=N} for step-counted training) on a preset whose own
 * {@code train.checkpoints}, {@code train.lr_milestones} or {@code train.log_every} lie beyond N. The validator would blame the preset's key, which the user
 * never typed; this says in one line which keys must change with the epochs and gives settings that
 * work, e.g. {@code --set train.epochs=5: preset fcn-mnist-quick also sets train.checkpoints
 * [0, 1, 2, 3, 10]; 10 is beyond epoch 5: also give e.g. --set train.checkpoints=[0,1,2,3]}.
 *
 * <p>It stays an error rather than a silent trim: the checkpoints are the columns of the study's
 * table and the milestones its learning-rate schedule, so dropping some changes the experiment.
 */
final class LengthOverride {
    private static final String EPOCHS = "train.epochs";
    private static final String STEPS = "train.steps";

    private LengthOverride() {}

    /** A key of the train section that names epochs, and how its values must relate to the last one. */
    private record Schedule(String name, boolean upToLast) {
        String key() {
            return "train." + name;
        }

        boolean fits(int value, int epochs) {
            return upToLast ? value <= epochs : value < epochs;
        }

        String beyond(List<Integer> values, int epochs, String unit) {
            String v = values.stream().map(String::valueOf).collect(Collectors.joining(", "));
            String verb = values.size() == 1 ? " is " : " are ";
            return upToLast
                    ? v + verb + "beyond " + unit + " " + epochs
                    : v + verb + "not before " + unit + " " + epochs;
        }
    }

    private static final List<Schedule> SCHEDULES =
            List.of(new Schedule("checkpoints", true), new Schedule("lr_milestones", false));

    /**
     * @param user the file or preset as written (which keys it sets itself)
     * @param merged defaults, file and overrides merged and type-checked
     * @param flags the flag that set each key given on the command line
     */
    static void check(JsonNode user, JsonNode merged, Map<String, String> flags, String label) {
        JsonNode train = merged.path("train");
        boolean stepCounted = train.path("steps").canConvertToInt();
        if (stepCounted && flags.containsKey(EPOCHS)) {
            // Silently training for the preset's steps would ignore what the user typed.
            throw new UserInputException(
                    flags.get(EPOCHS) + ": " + label + " counts its training in steps (train.steps "
                            + train.path("steps").asText() + "), not epochs: set train.steps instead");
        }
        String key = stepCounted ? STEPS : EPOCHS;
        String unit = stepCounted ? "step" : "epoch";
        String flag = flags.get(key);
        JsonNode epochsNode = train.path(stepCounted ? "steps" : "epochs");
        if (flag == null || !epochsNode.canConvertToInt() || epochsNode.intValue() < 1) {
            return; // not from the command line, or wrong anyway: the validator says why
        }
        int epochs = epochsNode.intValue();
        List<String> fromFile = new ArrayList<>();
        List<String> fromDefaults = new ArrayList<>();
        List<String> beyond = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        for (Schedule s : SCHEDULES) {
            JsonNode values = merged.path("train").path(s.name());
            if (flags.containsKey(s.key()) || !values.isArray()) {
                continue; // given with the epochs (the validator judges the pair), or derived from them
            }
            List<Integer> all = new ArrayList<>();
            List<Integer> late = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            for (JsonNode v : values) {
                all.add(v.intValue());
                (s.fits(v.intValue(), epochs) ? kept : late).add(v.intValue());
            }
            if (late.isEmpty()) {
                continue;
            }
            (user.path("train").has(s.name()) ? fromFile : fromDefaults).add(s.key() + " " + all);
            beyond.add(s.beyond(late, epochs, unit));
            suggestions.add("--set " + s.key() + "=" + kept.toString().replace(" ", ""));
        }
        // Step-counted training logs every log_every steps, which must fit in the run.
        JsonNode logEvery = train.path("log_every");
        if (stepCounted
                && !flags.containsKey("train.log_every")
                && logEvery.canConvertToInt()
                && logEvery.intValue() > epochs) {
            (user.path("train").has("log_every") ? fromFile : fromDefaults).add("train.log_every " + logEvery.asText());
            beyond.add(logEvery.asText() + " is beyond step " + epochs);
            suggestions.add("--set train.log_every=" + epochs);
        }
        if (beyond.isEmpty()) {
            return;
        }
        List<String> who = new ArrayList<>();
        if (!fromFile.isEmpty()) {
            who.add(label + " also sets " + String.join(" and ", fromFile));
        }
        if (!fromDefaults.isEmpty()) {
            who.add("the defaults set " + String.join(" and ", fromDefaults));
        }
        throw new UserInputException(flag + ": " + String.join(" and ", who) + "; " + String.join(" and ", beyond)
                + ": also give e.g. " + String.join(" ", suggestions));
    }
}
