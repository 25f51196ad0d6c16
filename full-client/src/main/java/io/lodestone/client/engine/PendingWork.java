package io.lodestone.client.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Work started on the loop and finished later on it (a disk read whose answer still matters), and
 * what must wait until none is left. Loop-only.
 */
final class PendingWork {

    private int running;
    private List<Runnable> waiting = new ArrayList<>();

    void started() {
        running++;
    }

    /** One piece of work ended; once none is left, whatever waited runs, in the order it came. */
    void ended() {
        if (running == 0) {
            throw new IllegalStateException("more work ended than started");
        }
        if (--running == 0 && !waiting.isEmpty()) {
            List<Runnable> ready = waiting;
            waiting = new ArrayList<>();
            ready.forEach(Runnable::run);
        }
    }

    /** Runs {@code r} now when no work is pending, else once the last of it ends. */
    void whenIdle(Runnable r) {
        if (running == 0) {
            r.run();
        } else {
            waiting.add(r);
        }
    }

    int running() {
        return running;
    }
}
