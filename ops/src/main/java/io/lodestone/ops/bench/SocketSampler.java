package io.lodestone.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, from the kernel's socket table ({@code ss}), the TCP sockets this process holds open or
 * opening other than listeners and HTTP, a few times a second: a check of the connection cap that
 * does not trust the crawler's own counters. A sample can miss a spike between two readings.
 */
final class SocketSampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 200;

    private final String pidTag = "pid=" + ProcessHandle.current().pid() + ",";
    private final int excludedPort;
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger last = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;

    /** @param excludedPort a port whose sockets are not counted (the HTTP server's) */
    SocketSampler(int excludedPort) {
        this.excludedPort = excludedPort;
        this.thread = Thread.ofPlatform().daemon().name("socket-sampler").start(this::loop);
    }

    private void loop() {
        while (!stop) {
            try {
                int n = count();
                last.set(n);
                peak.accumulateAndGet(n, Math::max);
                samples.incrementAndGet();
                Thread.sleep(PERIOD_MILLIS);
            } catch (IOException e) {
                return; // no ss: nothing sampled, which the report shows
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int count() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-Htanp").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        int n = 0;
        for (String line : text.split("\n")) {
            if (!line.contains(pidTag) || line.startsWith("LISTEN")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && !endsWithPort(f[3]) && !endsWithPort(f[4])) {
                n++;
            }
        }
        return n;
    }

    private boolean endsWithPort(String hostPort) {
        return hostPort.endsWith(":" + excludedPort);
    }

    int peak() {
        return peak.get();
    }

    int last() {
        return last.get();
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(2_000);
    }
}
