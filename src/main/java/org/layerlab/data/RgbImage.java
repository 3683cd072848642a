package org.layerlab.data;

/** One decoded image: three 8-bit planes, red, green, blue, each row-major. */
record RgbImage(int height, int width, byte[] chw) {
    RgbImage {
        if (chw.length != 3 * height * width) {
            throw new IllegalArgumentException(chw.length + " bytes for a 3x" + height + "x" + width + " image");
        }
    }
}
