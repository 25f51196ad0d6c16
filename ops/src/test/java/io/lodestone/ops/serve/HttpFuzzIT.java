package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.ops.bench.HttpFuzz;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random requests against a whole serve (a smaller count than the 100,000 of
 * {@code lodestone bench http}, which is run by hand): no 500, every HTTP thread still there and
 * no uncaught exception, /healthz still 200, and the heap after a GC not grown past a bound.
 */
class HttpFuzzIT {

    static final int REQUESTS = Integer.getInteger("lodestone.fuzzRequests", 5_000);
    /** Live heap may grow by this much at most (caches, metrics series, a few sessions). */
    static final long MAX_HEAP_GROWTH = 96L << 20;

    @Test
    void randomRequestsGetNo500AndLeaveTheServerWhole(@TempDir Path data) throws Exception {
        String key = new ApiKeyStore(data).create("fuzzer", Scope.ADMIN);
        AtomicInteger uncaught = new AtomicInteger();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.incrementAndGet());
        try (ServeRuntime serve = ServeRuntime.start(ServeAccessIT.config(data, "127.0.0.1"))) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), serve.httpPort());
            HttpFuzz.run(at, 200, 2, 99, key); // warm-up: classes loaded, pools started
            long heapBefore = liveHeap();
            Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
            HttpFuzz.Result r = HttpFuzz.run(at, REQUESTS, 4, 7, key);
            System.out.println("fuzz: " + r);
            assertThat(r.statuses().get("500")).as("500s").isNull();
            assertThat(r.serverErrors()).isZero();
            assertThat(r.statuses().keySet()).contains("200", "400", "401", "403", "404", "415", "421");
            assertThat(uncaught.get()).isZero();
            // the service's own threads (request threads come and go with the pool's idle timeout)
            assertThat(threadsBefore.stream().filter(t -> (t.getName().startsWith("lodestone-")
                    && !t.getName().startsWith("lodestone-http")) || t.getName().equals("crawler"))
                    .filter(t -> !t.isAlive()).toList()).isEmpty();
            assertThat(HttpFuzz.run(at, 1, 1, 1, null).statuses()).doesNotContainKey("500");
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + serve.httpPort() + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            long heapAfter = liveHeap();
            System.out.printf("live heap before %d MiB, after %d MiB%n", heapBefore >> 20, heapAfter >> 20);
            assertThat(heapAfter - heapBefore).isLessThan(MAX_HEAP_GROWTH);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
