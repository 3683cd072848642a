package org.layerlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerlab.error.UserInputException;
import org.layerlab.io.AtomicFiles;

/**
 * {@code train-log.csv}: one row per epoch, rewritten atomically after each epoch so a killed run
 * leaves a log that matches its last resume state. Values not measured (training loss at epoch 0)
 * are empty cells.
 */
public final class TrainLog {
    /** The columns after the first, which names the unit: {@code epoch} or {@code step}. */
    static final String COLUMNS = "lr,train_loss,train_error,test_loss,test_error,seconds";

    public static final String HEADER = "epoch," + COLUMNS;

    private TrainLog() {}

    /** An epoch-counted run's log. */
    public static void write(Path file, List<EpochRecord> rows) {
        write(file, "epoch", rows);
    }

    /** @param unit {@code epoch} or {@code step}: what the first column counts */
    public static void write(Path file, String unit, List<EpochRecord> rows) {
        StringBuilder sb = new StringBuilder(unit + "," + COLUMNS).append('\n');
        for (EpochRecord r : rows) {
            sb.append(r.epoch())
                    .append(',')
                    .append(num("%.6g", r.lr()))
                    .append(',')
                    .append(num("%.6f", r.trainLoss()))
                    .append(',')
                    .append(num("%.6f", r.trainError()))
                    .append(',')
                    .append(num("%.6f", r.testLoss()))
                    .append(',')
                    .append(num("%.6f", r.testError()))
                    .append(',')
                    .append(num("%.3f", r.seconds()))
                    .append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** {@code epoch} or {@code step}: what the log's rows count, from its header. */
    public static String unit(Path file) {
        return read(file).isEmpty() ? "epoch" : header(file).startsWith("step,") ? "step" : "epoch";
    }

    private static String header(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
    }

    public static List<EpochRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw UserInputException.io(file, "cannot read", e);
        }
        if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).equals("step," + COLUMNS))) {
            throw new UserInputException(file + ": expected header '" + HEADER + "' (or 'step,...')");
        }
        List<EpochRecord> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 7) {
                throw new UserInputException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 7");
            }
            try {
                out.add(new EpochRecord(
                        Integer.parseInt(f[0]), dbl(f[1]), dbl(f[2]), dbl(f[3]), dbl(f[4]), dbl(f[5]), dbl(f[6])));
            } catch (NumberFormatException e) {
                throw new UserInputException(file + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String num(String fmt, double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, fmt, v);
    }

    private static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
