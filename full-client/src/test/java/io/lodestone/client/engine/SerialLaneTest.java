package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialLaneTest {

    @Test
    void tasksOfOneLaneRunInOrderAndNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialLane lane = new SerialLane(pool);
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int n = 10 * SerialLane.TURN + 7; // several turns
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                lane.execute(() -> {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    ran.add(k);
                    inside.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            assertThat(ran).isSortedAccordingTo(Integer::compare).hasSize(n);
            assertThat(lane.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoLanesOnOnePoolRunSideBySide() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SerialLane a = new SerialLane(pool);
            SerialLane b = new SerialLane(pool);
            CountDownLatch both = new CountDownLatch(2);
            CountDownLatch met = new CountDownLatch(1);
            Runnable meet = () -> {
                both.countDown();
                try {
                    if (both.await(5, TimeUnit.SECONDS)) {
                        met.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            a.execute(meet);
            b.execute(meet);
            assertThat(met.await(10, TimeUnit.SECONDS)).as("each lane ran while the other waited").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((th, e) -> { });
            return t;
        });
        try {
            SerialLane lane = new SerialLane(pool);
            CountDownLatch after = new CountDownLatch(1);
            lane.execute(() -> {
                throw new IllegalStateException("boom");
            });
            lane.execute(after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anErrorInATaskGoesUpButTheTasksBehindItStillRun() throws Exception {
        List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((th, e) -> seen.add(e));
            return t;
        });
        try {
            SerialLane lane = new SerialLane(pool);
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch after = new CountDownLatch(2);
            lane.execute(() -> {
                try {
                    hold.await(5, TimeUnit.SECONDS); // so both tasks below queue behind this turn
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StackOverflowError("deep");
            });
            lane.execute(after::countDown);
            lane.execute(after::countDown);
            hold.countDown();
            assertThat(after.await(5, TimeUnit.SECONDS)).as("the tasks queued behind the Error ran").isTrue();
            CountDownLatch later = new CountDownLatch(1);
            lane.execute(later::countDown);
            assertThat(later.await(5, TimeUnit.SECONDS)).as("the lane still takes new tasks").isTrue();
            assertThat(seen).hasSize(1).first().isInstanceOf(StackOverflowError.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutPoolRefusesAndTheLaneKeepsNothing() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        SerialLane lane = new SerialLane(pool);
        assertThatThrownBy(() -> lane.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThat(lane.waiting()).isZero();
        assertThatThrownBy(() -> lane.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
