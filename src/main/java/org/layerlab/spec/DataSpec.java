package org.layerlab.spec;

/** Where the images come from and how they are prepared; see defaults.yaml for each key. */
public record DataSpec(
        String name,
        String dir,
        Integer trainLimit,
        Integer testLimit,
        Integer trainPerClass,
        String normalize,
        boolean augment,
        Integer imageSize) {}
