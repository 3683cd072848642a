package org.layerlab.testing;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.progress.Progress;

/** Keeps what long work reported: each task's name and its finished parts, as "name: text". */
public final class RecordingProgress implements Progress {
    private final List<String> completed = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();

    @Override
    public Task start(String name, long total) {
        tasks.add(name);
        return new Task() {
            @Override
            public void step(long n) {}

            @Override
            public void completed(String text) {
                completed.add(name + ": " + text);
            }

            @Override
            public void close() {}
        };
    }

    public List<String> tasks() {
        return List.copyOf(tasks);
    }

    public List<String> completed() {
        return List.copyOf(completed);
    }
}
