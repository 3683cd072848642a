package org.layerlab.spec;

/** The network; keys that don't apply to {@code arch} must stay at their defaults. See defaults.yaml. */
public record ModelSpec(
        String arch,
        Integer depth,
        Integer width,
        String variant,
        double widthMultiplier,
        String norm,
        String stem,
        String init) {}
