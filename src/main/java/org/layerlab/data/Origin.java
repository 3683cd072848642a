package org.layerlab.data;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a dataset was found, in the order {@link DatasetLocator} looks. */
public enum Origin {
    /** A folder the user named ({@code --data DIR} or the spec). */
    EXPLICIT,
    /** {@code $LAYERLAB_DATA/<name>}. */
    ENV,
    /** The user cache, {@code ~/.cache/layerlab/<name>} (or under {@code $XDG_CACHE_HOME}). */
    CACHE,
    /** A system folder a package installs, e.g. {@code /usr/share/datasets/fashion-mnist}. */
    SYSTEM,
    /** Fetched from a mirror into the user cache during this run. */
    DOWNLOAD;

    /** The lower-case word written into provenance (also what Jackson writes). */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
