package io.lodestone.client.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class WriteBehindTest {

    /** Runs tasks only when told to, so each step is seen. */
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final List<Integer> forced = new ArrayList<>();

    private void runAll() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
        }
    }

    @Test
    void noPassUntilTheThresholdThenOneForEachFileWritten() {
        WriteBehind wb = new WriteBehind(100, forced::add, tasks::add);
        wb.wrote(0, 40);
        wb.wrote(2, 40);
        assertThat(tasks).isEmpty();
        wb.wrote(0, 30);
        assertThat(tasks).hasSize(1);
        wb.wrote(1, 500); // a pass is pending already: no second one
        assertThat(tasks).hasSize(1);
        runAll();
        assertThat(forced).containsExactlyInAnyOrder(0, 1, 2);
        forced.clear();
        wb.wrote(3, 99);
        runAll();
        assertThat(forced).isEmpty();
        wb.wrote(3, 1);
        runAll();
        assertThat(forced).containsExactly(3);
        assertThat(wb.failure()).isNull();
    }

    @Test
    void writesDuringAPassAreForcedByIt() {
        List<Integer> seen = new ArrayList<>();
        WriteBehind[] ref = new WriteBehind[1];
        ref[0] = new WriteBehind(10, file -> {
            seen.add(file);
            if (seen.size() == 1) {
                ref[0].wrote(7, 10); // lands while the pass runs, past the threshold again
            }
        }, tasks::add);
        ref[0].wrote(5, 10);
        runAll();
        assertThat(seen).containsExactly(5, 7);
        assertThat(tasks).isEmpty();
    }

    @Test
    void aFailureIsKeptForTheFinalForceAndStopsThePasses() {
        WriteBehind wb = new WriteBehind(10, file -> {
            throw new IOException("EIO on " + file);
        }, tasks::add);
        wb.wrote(4, 10);
        runAll();
        assertThat(wb.failure()).hasMessage("EIO on 4");
        wb.wrote(4, 1000);
        assertThat(tasks).isEmpty();
    }

    @Test
    void offStoppedOrWithoutAnExecutorNothingRunsAndNothingThrows() {
        WriteBehind off = new WriteBehind(0, forced::add, tasks::add);
        off.wrote(0, 1L << 40);
        assertThat(tasks).isEmpty();

        WriteBehind stopped = new WriteBehind(10, forced::add, tasks::add);
        stopped.stop();
        stopped.wrote(0, 100);
        assertThat(tasks).isEmpty();

        int[] attempts = {0};
        WriteBehind refused = new WriteBehind(10, forced::add, task -> {
            attempts[0]++;
            throw new RejectedExecutionException("gone");
        });
        refused.wrote(0, 100);
        refused.wrote(0, 100);
        assertThat(attempts[0]).as("a refused pass does not stay marked as running").isEqualTo(2);
        assertThat(forced).isEmpty();
        assertThat(refused.failure()).isNull();
    }
}
