package org.layerlab.engine;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layerlab.error.UserInputException;

/**
 * How much memory a run may plan for: the machine's physical memory for the network's tensors and
 * batches (PyTorch allocates them outside the Java heap), and the Java heap's limit for the weight
 * snapshots layerlab keeps as arrays.
 *
 * <p>Physical memory, not what happens to be free right now: the check is there to refuse specs that
 * can never fit, and its answer should not depend on what else is running. The JDK reports a
 * container's memory limit rather than the host's. {@code LAYERLAB_MEMORY} (or
 * {@code -Dlayerlab.memory}), e.g. {@code 8G}, replaces it, for a machine shared with other work.
 *
 * @param deviceBytes memory for native tensors and batches
 * @param heapBytes the Java heap's limit ({@code -Xmx})
 * @param source where {@code deviceBytes} comes from, for messages: {@code this machine has} or the
 *     setting that replaced it
 */
public record MemoryBudget(long deviceBytes, long heapBytes, String source) {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");

    /** This machine's physical memory (or the override) and this JVM's heap limit. */
    public static MemoryBudget ofThisMachine() {
        long heap = Runtime.getRuntime().maxMemory();
        String property = System.getProperty("layerlab.memory");
        String env = System.getenv("LAYERLAB_MEMORY");
        if (property != null) {
            return new MemoryBudget(parse(property, "layerlab.memory"), heap, "layerlab.memory allows");
        }
        if (env != null && !env.isBlank()) {
            return new MemoryBudget(parse(env, "LAYERLAB_MEMORY"), heap, "LAYERLAB_MEMORY allows");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new MemoryBudget(os.getTotalMemorySize(), heap, "this machine has");
    }

    /** A size such as {@code 8G}, {@code 512M}, {@code 1.5T} or a number of bytes (powers of 1024). */
    static long parse(String text, String name) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserInputException(name + ": must be a size such as 8G or 512M, got '" + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
        if (bytes < 1 || bytes >= Long.MAX_VALUE) {
            throw new UserInputException(name + ": must be a size such as 8G or 512M, got '" + text + "'");
        }
        return (long) bytes;
    }

    /** E.g. {@code this machine has 23.4 GiB}. */
    String describeDevice() {
        return source + " " + MemoryCheck.bytes(deviceBytes);
    }
}
