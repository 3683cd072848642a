package org.layerlab.sweep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, without a DNS lookup (which can stall for seconds on a machine without network). */
final class Hosts {
    private static final String NAME = read();

    private Hosts() {}

    static String name() {
        return NAME;
    }

    private static String read() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "localhost";
        }
    }
}
