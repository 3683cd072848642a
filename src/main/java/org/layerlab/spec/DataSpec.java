package org.layerlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the images or the text come from and how they are prepared; see defaults.yaml for each key. */
public record DataSpec(
        String name,
        String dir,
        Integer trainLimit,
        Integer testLimit,
        Integer trainPerClass,
        String normalize,
        boolean augment,
        Integer imageSize,
        // Left out of a training identity when char (see SpecLoader.trainingIdentity), so runs made before the
        // key existed keep their identity.
        @JsonInclude(JsonInclude.Include.NON_NULL) String tokenizer) {}
