package org.layerlab.engine;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.layerlab.init.InitScheme;
import org.layerlab.spec.ModelSpec;

/**
 * {@code model.init} for the dense and convolutional families (fcn, vgg, resnet), which draw every kernel
 * from one named scheme with its fans: the paper's truncated normal unless the spec names another.
 */
final class ConvnetInits {
    private ConvnetInits() {}

    static ModelSpec resolve(ModelSpec m) {
        String init = m.init() == null ? InitScheme.PAPER.id() : m.init();
        boolean known = Arrays.stream(InitScheme.values()).anyMatch(s -> s.id().equals(init));
        Architecture.require(
                known,
                "init",
                "unknown scheme '" + init + "' for " + m.arch() + " (choose "
                        + Arrays.stream(InitScheme.values()).map(InitScheme::id).collect(Collectors.joining(", "))
                        + ")");
        return m.toBuilder().init(init).build();
    }
}
