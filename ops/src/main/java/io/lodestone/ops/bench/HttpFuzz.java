package io.lodestone.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@link HttpFuzzRequests} to a server on loopback, each on its own connection, from a few
 * threads, and tallies the status codes. A request the server answers with no status line (it
 * closed the connection on garbage) is counted as {@code closed}; a timeout as {@code timeout}.
 */
public final class HttpFuzz {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** What a run saw. */
    public record Result(long requests, Map<String, Long> statuses, long serverErrors, double seconds) {
    }

    private HttpFuzz() {
    }

    /** Runs {@code count} requests with {@code threads} threads; {@code key} (may be null) goes with some. */
    public static Result run(InetSocketAddress server, int count, int threads, long seed, String key)
            throws InterruptedException {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the fuzzer only sends to loopback addresses");
        }
        Map<String, AtomicLong> tally = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        String host = server.getAddress().getHostAddress() + ":" + server.getPort();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                HttpFuzzRequests gen = new HttpFuzzRequests(seed * 31 + t, host, key);
                workers[t] = pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        tally.computeIfAbsent(send(server, gen.next()), k -> new AtomicLong()).incrementAndGet();
                    }
                });
            }
            for (Future<?> w : workers) {
                try {
                    w.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a fuzz worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> statuses = new TreeMap<>();
        tally.forEach((k, v) -> statuses.put(k, v.get()));
        long errors = statuses.entrySet().stream().filter(e -> e.getKey().matches("5\\d\\d"))
                .filter(e -> !e.getKey().equals("503") && !e.getKey().equals("504")).mapToLong(Map.Entry::getValue).sum();
        return new Result(count, statuses, errors, (System.nanoTime() - start) / 1e9);
    }

    static String send(InetSocketAddress server, byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(server, (int) READ_TIMEOUT.toMillis());
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading everything (a 413, a 431)
            }
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            if (line == null) {
                return "closed";
            }
            String[] parts = line.split(" ");
            return parts.length >= 2 && parts[1].matches("\\d{3}") ? parts[1] : "garbled";
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "reset";
        }
    }
}
