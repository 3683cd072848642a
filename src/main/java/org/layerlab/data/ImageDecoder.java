package org.layerlab.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG bytes to RGB planes with one reusable ImageIO reader per format.
 *
 * <p>Not thread-safe: each decoding thread owns one. Reusing the readers (instead of
 * {@code ImageIO.read}, which looks the reader up and builds it for every call) matters when tens of
 * thousands of tiny images are decoded. The stored sample values are used as they are: grey is
 * replicated to three channels (Java's {@code getRGB} would gamma-convert it), alpha is dropped.
 */
final class ImageDecoder implements AutoCloseable {
    private final ImageReader jpeg = reader("jpeg");
    private final ImageReader png = reader("png");

    private static ImageReader reader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        if (!it.hasNext()) {
            throw new IllegalStateException("this JDK has no " + format + " decoder");
        }
        return it.next();
    }

    /** Any failure is an IOException carrying a short reason; the caller names the file. */
    RgbImage decode(byte[] bytes) throws IOException {
        ImageReader r;
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            r = jpeg;
        } else if (bytes.length > 8
                && (bytes[0] & 0xff) == 0x89
                && bytes[1] == 'P'
                && bytes[2] == 'N'
                && bytes[3] == 'G') {
            r = png;
        } else {
            throw new IOException("neither a JPEG nor a PNG");
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            r.setInput(in, true, true);
            return toRgb(r.read(0));
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some malformed inputs; their text
            // ("Invalid scanline stride", an array index) would mean nothing to the user.
            throw new IOException("malformed image data, the decoder gave up", e);
        } finally {
            r.setInput(null);
        }
    }

    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[3 * w * h];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int csType = cm.getColorSpace().getType();
        boolean grey = csType == ColorSpace.TYPE_GRAY;
        if (cm instanceof ComponentColorModel
                && (grey || csType == ColorSpace.TYPE_RGB)
                && raster.getNumBands() >= (grey ? 1 : 3)) {
            if (cm.getComponentSize(0) == 8
                    && raster.getDataBuffer() instanceof DataBufferByte db
                    && raster.getSampleModel() instanceof ComponentSampleModel sm) {
                copyBytes(raster, db, sm, grey, w, h, out);
            } else {
                copySamples(raster, cm.getComponentSize(0), grey, w, h, out);
            }
        } else {
            copyArgb(img.getRGB(0, 0, w, h, null, 0, w), w * h, out);
        }
        return new RgbImage(h, w, out);
    }

    private static void copyBytes(
            Raster raster, DataBufferByte db, ComponentSampleModel sm, boolean grey, int w, int h, byte[] out) {
        int plane = w * h;
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int[] offsets = sm.getBandOffsets();
        int[] banks = sm.getBankIndices();
        int origin = -raster.getSampleModelTranslateY() * scanline - raster.getSampleModelTranslateX() * pixelStride;
        for (int c = 0; c < 3; c++) {
            int band = grey ? 0 : c;
            byte[] data = db.getData(banks[band]);
            int base = db.getOffsets()[banks[band]] + origin + offsets[band];
            int o = c * plane;
            for (int y = 0; y < h; y++) {
                int p = base + y * scanline;
                for (int x = 0; x < w; x++, p += pixelStride) {
                    out[o++] = data[p];
                }
            }
        }
    }

    /** Deeper samples (e.g. 16-bit PNG) are rounded to 8 bits. */
    private static void copySamples(Raster raster, int bits, boolean grey, int w, int h, byte[] out) {
        int plane = w * h;
        int max = (1 << bits) - 1;
        int[] row = null;
        for (int c = 0; c < 3; c++) {
            int band = grey ? 0 : c;
            for (int y = 0; y < h; y++) {
                row = raster.getSamples(0, y, w, 1, band, row);
                for (int x = 0; x < w; x++) {
                    out[c * plane + y * w + x] = (byte) ((row[x] * 255 + max / 2) / max);
                }
            }
        }
    }

    private static void copyArgb(int[] argb, int plane, byte[] out) {
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[i] = (byte) (p >> 16);
            out[plane + i] = (byte) (p >> 8);
            out[2 * plane + i] = (byte) p;
        }
    }

    @Override
    public void close() {
        jpeg.dispose();
        png.dispose();
    }
}
