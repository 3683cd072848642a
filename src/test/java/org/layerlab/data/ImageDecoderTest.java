package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.layerlab.testing.ImageFixtures;

/** Colour models other than 8-bit RGB and grey, and the resize kernel. */
class ImageDecoderTest {
    private static RgbImage decode(BufferedImage img) throws IOException {
        try (ImageDecoder d = new ImageDecoder()) {
            return d.decode(ImageFixtures.encode(img, "png"));
        }
    }

    @Test
    void palettePngBecomesItsColours() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
        img.setRGB(1, 0, 0xffffff);
        assertArrayEquals(new byte[] {0, -1, 0, -1, 0, -1}, decode(img).chw());
    }

    @Test
    void sixteenBitGreyIsRoundedToEightBits() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 257 * 100);
        assertArrayEquals(new byte[] {-1, 100, -1, 100, -1, 100}, decode(img).chw());
    }

    @Test
    void alphaIsDropped() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80102030);
        RgbImage rgb = decode(img);
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, rgb.chw());
    }

    /** The message ends up in a one-line bad-input error, so it must not be a Java exception's toString. */
    @Test
    void aDecoderCrashIsReportedInWords() {
        byte[] png = ImageFixtures.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        png[16] = 0x07; // IHDR width 0x07000008: ImageIO's reader throws IllegalArgumentException on it
        IOException e = assertThrows(IOException.class, () -> {
            try (ImageDecoder d = new ImageDecoder()) {
                d.decode(png);
            }
        });
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    /** Halving uses the widened triangle: weights 1/8, 3/8, 3/8, 1/8, renormalized at the border. */
    @Test
    void downscaleIsAntialiasedBilinear() {
        byte[] row = {0, 80, (byte) 160, (byte) 240};
        byte[] chw = new byte[12];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(row, 0, chw, 4 * c, 4);
        }
        RgbImage half = Resizer.resize(new RgbImage(1, 4, chw), 1, 2);
        assertEquals(57, half.chw()[0] & 0xff);
        assertEquals(183, half.chw()[1] & 0xff);
        RgbImage shorter = Resizer.resizeShorter(new RgbImage(2, 4, new byte[24]), 1);
        assertEquals(1, shorter.height());
        assertEquals(2, shorter.width());
    }
}
