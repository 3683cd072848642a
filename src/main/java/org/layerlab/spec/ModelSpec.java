package org.layerlab.spec;

/**
 * The network; see defaults.yaml for which keys apply to which {@code arch}. A key meant for another
 * architecture (e.g. {@code depth} for vgg, {@code stem} for fcn) is accepted and goes unused.
 */
public record ModelSpec(
        String arch,
        Integer depth,
        Integer width,
        String variant,
        double widthMultiplier,
        String norm,
        String stem,
        String init) {}
