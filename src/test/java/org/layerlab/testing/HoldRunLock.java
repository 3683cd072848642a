package org.layerlab.testing;

import java.nio.file.Path;
import org.layerlab.run.RunDirectory;

/**
 * A child process for lock tests: opens the run given as its argument (taking its lock), says
 * "locked" on stdout (its command line names this class,
 * which the refusal quotes), and holds it until it is killed.
 */
public final class HoldRunLock {
    private HoldRunLock() {}

    public static void main(String[] args) throws InterruptedException {
        RunDirectory run = RunDirectory.existing(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
