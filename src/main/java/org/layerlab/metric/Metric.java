package org.layerlab.metric;

import java.util.Locale;

/**
 * What a cell of the study grid measures on the test split, and what guessing would score. The paper
 * uses classification error for images; for a language model the cell is the next-token cross-entropy,
 * whose chance level is ln V (a uniform guess over a vocabulary of V tokens). Every table, chart,
 * CSV header and verdict names its metric through this type, so adding one is adding a constant here.
 */
public enum Metric {
    /** Fraction of test examples whose most likely class is wrong; chance 1 − 1/classes. */
    ERROR("error", "test error", "test_error") {
        @Override
        public double chance(int classes) {
            return 1.0 - 1.0 / classes;
        }

        @Override
        public double value(Score s) {
            return s.errorRate();
        }
    },
    /** Mean next-token cross-entropy in nats per token; chance ln V. */
    LOSS("loss", "test loss (nats/token)", "test_loss") {
        @Override
        public double chance(int vocabulary) {
            return Math.log(vocabulary);
        }

        @Override
        public double value(Score s) {
            return s.meanLoss();
        }
    };

    private final String id;
    private final String label;
    private final String column;

    Metric(String id, String label, String column) {
        this.id = id;
        this.label = label;
        this.column = column;
    }

    /** {@code error} or {@code loss}: the word in column names such as {@code final_error}. */
    public String id() {
        return id;
    }

    /** For people: {@code test error}, {@code test loss (nats/token)}. */
    public String label() {
        return label;
    }

    /** The value column of robustness.csv and of the train log: {@code test_error}, {@code test_loss}. */
    public String column() {
        return column;
    }

    /** What guessing scores, given the number of classes (or the vocabulary size). */
    public abstract double chance(int classes);

    /** The cell value of a score. */
    public abstract double value(Score s);

    public static Metric fromId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("no metric " + id);
    }
}
