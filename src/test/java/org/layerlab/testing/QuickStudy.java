package org.layerlab.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of the smallest real study the CLI tests run: fcn-mnist-quick for one epoch. */
public final class QuickStudy {
    private QuickStudy() {}

    /**
     * {@code study fcn-mnist-quick --quiet --out OUT [--data DATA] --set train.epochs=1 --set
     * train.checkpoints=[0,1]}, then {@code more}.
     *
     * @param data the MNIST folder, or null to let the study find its data as a user's would
     */
    public static String[] args(Path out, Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("study", "fcn-mnist-quick", "--quiet", "--out", out.toString()));
        if (data != null) {
            args.addAll(List.of("--data", data.toString()));
        }
        args.addAll(List.of("--set", "train.epochs=1", "--set", "train.checkpoints=[0,1]"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
