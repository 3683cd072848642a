package org.layerlab.data;

import org.layerlab.error.UserInputException;

/**
 * How class-folder images become one fixed-size tensor shape.
 *
 * @param resizeShorter if set, each image is first scaled (antialiased bilinear) so its shorter side
 *     has this many pixels
 * @param cropSize if set, then the central {@code cropSize x cropSize} square is kept
 * @param trainPerClass if set, only the first this-many training images of each class (by file
 *     name) are read, which also saves decoding the rest
 */
public record ImageFolderOptions(Integer resizeShorter, Integer cropSize, Integer trainPerClass) {
    /** No resizing: every image must already have the same size. */
    public static final ImageFolderOptions NONE = new ImageFolderOptions(null, null, null);

    public ImageFolderOptions {
        positive("resizeShorter", resizeShorter);
        positive("cropSize", cropSize);
        positive("trainPerClass", trainPerClass);
    }

    public ImageFolderOptions withTrainPerClass(Integer n) {
        return new ImageFolderOptions(resizeShorter, cropSize, n);
    }

    /** Everything that changes the decoded pixels, for the decoded-data cache key. */
    String cacheKey() {
        return "resize=" + resizeShorter + ";crop=" + cropSize + ";trainPerClass=" + trainPerClass;
    }

    private static void positive(String what, Integer v) {
        if (v != null && v < 1) {
            throw new UserInputException("image-folder option " + what + ": must be at least 1, got " + v);
        }
    }
}
