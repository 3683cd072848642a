package org.layerlab.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc from handing PyTorch's activation buffers back to the kernel after every step.
 *
 * <p>By default glibc trims the heap top and unmaps large blocks on free, so each training step of a
 * convnet re-faults and re-zeroes megabytes of fresh pages: measured on VGG-11 (width 1/4, batch 128)
 * this put half the wall time in the kernel and made steps 3× slower. Raising the trim and mmap
 * thresholds lets freed buffers be reused. {@code mallopt} may be called at any time, so this works
 * however the JVM was started; elsewhere than glibc it does nothing ({@code -Dlayerlab.mallopt=false}
 * turns it off, to compare).
 */
final class NativeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static boolean tuned;

    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    private NativeMemory() {}

    static synchronized void tune() {
        if (tuned) {
            return;
        }
        tuned = true;
        if ("false".equals(System.getProperty("layerlab.mallopt"))) {
            return;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            boolean ok = c.mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1
                    // 32 MiB is glibc's ceiling for the mmap threshold on 64-bit.
                    & c.mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1
                    & c.mallopt(M_TOP_PAD, 64 << 20) == 1;
            LOG.info("glibc malloc tuned for tensor reuse: {}", ok);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no glibc mallopt here ({}); keeping the allocator's defaults", e.toString());
        }
    }
}
