package org.layerlab.data;

/**
 * Shorter-side resize and center crop for class-folder images, in pure Java so results do not
 * depend on a Java2D pipeline.
 *
 * <p>The resize is separable bilinear whose kernel widens by the shrink factor when shrinking (as
 * Pillow's and torchvision's antialiased bilinear do), so downscaled ImageNet-size photos do not alias.
 */
final class Resizer {
    private Resizer() {}

    /** Shorter side to {@code target}; the longer one scaled alike and truncated, as torchvision does. */
    static RgbImage resizeShorter(RgbImage img, int target) {
        int h = img.height();
        int w = img.width();
        int nh = h <= w ? target : (int) ((long) target * h / w);
        int nw = h <= w ? (int) ((long) target * w / h) : target;
        return nh == h && nw == w ? img : resize(img, Math.max(1, nh), Math.max(1, nw));
    }

    /** The central square; the caller checks that the image is at least {@code size} each way. */
    static RgbImage centerCrop(RgbImage img, int size) {
        int h = img.height();
        int w = img.width();
        if (h == size && w == size) {
            return img;
        }
        int top = (h - size) / 2;
        int left = (w - size) / 2;
        byte[] out = new byte[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(img.chw(), c * h * w + (top + y) * w + left, out, (c * size + y) * size, size);
            }
        }
        return new RgbImage(size, size, out);
    }

    static RgbImage resize(RgbImage img, int nh, int nw) {
        int h = img.height();
        int w = img.width();
        Weights wx = Weights.of(w, nw);
        Weights wy = Weights.of(h, nh);
        byte[] src = img.chw();
        byte[] out = new byte[3 * nh * nw];
        float[] tmp = new float[h * nw];
        for (int c = 0; c < 3; c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < nw; x++) {
                    float s = 0;
                    int from = plane + y * w + wx.start[x];
                    for (int k = 0, kw = x * wx.stride; k < wx.count[x]; k++) {
                        s += (src[from + k] & 0xff) * wx.w[kw + k];
                    }
                    tmp[y * nw + x] = s;
                }
            }
            int o = c * nh * nw;
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    float s = 0;
                    for (int k = 0, kw = y * wy.stride; k < wy.count[y]; k++) {
                        s += tmp[(wy.start[y] + k) * nw + x] * wy.w[kw + k];
                    }
                    out[o++] = (byte) Math.max(0, Math.min(255, Math.round(s)));
                }
            }
        }
        return new RgbImage(nh, nw, out);
    }

    /** Per output pixel: the first input pixel, how many contribute, and their normalized weights. */
    private record Weights(int[] start, int[] count, float[] w, int stride) {
        static Weights of(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle's radius is 1 input pixel, widened when shrinking
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] w = new float[out * stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) (center - support + 0.5));
                int hi = Math.min(in, (int) (center + support + 0.5));
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    sum += Math.max(0, 1 - Math.abs((j + 0.5 - center) / filterScale));
                }
                start[i] = lo;
                count[i] = hi - lo;
                for (int j = lo; j < hi; j++) {
                    double t = Math.max(0, 1 - Math.abs((j + 0.5 - center) / filterScale));
                    w[i * stride + j - lo] = (float) (sum > 0 ? t / sum : 1.0 / (hi - lo));
                }
            }
            return new Weights(start, count, w, stride);
        }
    }
}
