package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.ops.fleet.KafkaCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The fleet crawl of {@link FleetIT} with one fault each, every one its own run: a broker, a
 * replica or a crawler SIGKILLed during the crawl, and a replica started after it. About two
 * minutes each; a manual run ({@code -Dlodestone.fleetFaults=true}), kept out of CI's time budget.
 */
@EnabledIfSystemProperty(named = "lodestone.fleetFaults", matches = "true")
class FleetFaultsIT {

    static final Duration DEADLINE = Duration.ofMinutes(4);
    static final Duration TAKEOVER = Duration.ofMinutes(1);

    /** One fleet on one testnet: the fault runs get it with both crawlers just started. */
    private interface Fault {
        void during(KafkaCluster kafka, FleetProcesses fleet, ServeProcess r1, ServeProcess r2, ServeProcess c1,
                    ServeProcess c2, List<TestnetManifest.Torrent> torrents) throws Exception;
    }

    @Test
    void aBrokerKilledDuringTheCrawlLosesNothing(@TempDir Path dir) throws Exception {
        run(dir, (kafka, fleet, r1, r2, c1, c2, ts) -> {
            Thread.sleep(2_000);
            kafka.kill(kafka.brokers().get(1));
            System.out.println("fault: broker 2 SIGKILLed");
            awaitAll(List.of(r1, r2), ts);
            FleetIT.sameContents(r1, r2, ts);
        });
    }

    @Test
    void aReplicaKilledAndRestartedCatchesUpWithoutDuplicates(@TempDir Path dir) throws Exception {
        run(dir, true, (kafka, fleet, r1, r2, c1, c2, ts) -> {
            // the crawl is slowed down so that the kill lands while the replica applies it
            long before = 0;
            long waitStart = System.nanoTime();
            while (System.nanoTime() - waitStart < DEADLINE.toNanos()
                    && (before = FleetIT.fleetHealth(r2).get("catalogApplied").asLong()) < ts.size() / 5) {
                Thread.sleep(200);
            }
            assertThat(before).as("killed during the crawl").isBetween((long) ts.size() / 5, ts.size() - 1L);
            fleet.kill("replica-2");
            System.out.println("fault: replica-2 SIGKILLed after applying " + before);
            Thread.sleep(5_000);
            ServeProcess again = fleet.restart("replica-2");
            awaitAll(List.of(r1, again), ts);
            FleetIT.sameContents(r1, again, ts);
            // each torrent once: one search hit for its hash, and the store holds exactly the testnet's
            for (TestnetManifest.Torrent t : ts) {
                JsonNode hits = again.json("/api/v1/search?q="
                        + URLEncoder.encode(t.name().split(" ")[0], StandardCharsets.UTF_8)).get("results");
                int n = 0;
                for (JsonNode h : hits) {
                    n += h.get("infoHash").asString().equals(FleetIT.key(t)) ? 1 : 0;
                }
                assertThat(n).as("search hits of %s", FleetIT.key(t)).isEqualTo(1);
            }
            assertThat(again.json("/api/v1/dht/health").get("index").get("torrents").asLong())
                    .isEqualTo(ts.size());
            System.out.println("after the restart replica-2 applied " + FleetIT.fleetHealth(again).get("catalogApplied"));
        });
    }

    @Test
    void aCrawlerKilledHandsItsShareToTheOther(@TempDir Path dir) throws Exception {
        run(dir, (kafka, fleet, r1, r2, c1, c2, ts) -> {
            Thread.sleep(2_000);
            long unfinished = FleetIT.fleetHealth(c1).get("harvestUnfinished").asLong();
            long claimedBefore = FleetIT.fleetHealth(c2).get("claimed").asLong();
            fleet.kill("crawler-1");
            long killed = System.nanoTime();
            System.out.println("fault: crawler-1 SIGKILLed with " + unfinished + " claimed harvest records unfinished");
            int partitions = 0;
            while (System.nanoTime() - killed < TAKEOVER.toNanos()) {
                JsonNode f = FleetIT.fleetHealth(c2);
                partitions = f.get("harvestPartitions").asInt();
                if (partitions == 12 && f.get("crawlers").asInt() == 1) {
                    break;
                }
                Thread.sleep(500);
            }
            System.out.printf(Locale.ROOT, "crawler-2 holds %d partitions %.1f s after the kill%n", partitions,
                    (System.nanoTime() - killed) / 1e9);
            assertThat(partitions).as("crawler-2 holds every harvest partition within %s", TAKEOVER).isEqualTo(12);
            Thread.sleep(3_000);
            System.out.println("crawler-2 claimed " + (FleetIT.fleetHealth(c2).get("claimed").asLong() - claimedBefore)
                    + " records since the kill (crawler-1's unfinished ones read again among them)");
            awaitAll(List.of(r1, r2), ts);
            FleetIT.sameContents(r1, r2, ts);
        });
    }

    @Test
    void aReplicaStartedAfterTheCrawlGetsTheWholeCatalog(@TempDir Path dir) throws Exception {
        run(dir, (kafka, fleet, r1, r2, c1, c2, ts) -> {
            awaitAll(List.of(r1, r2), ts);
            long start = System.nanoTime();
            ServeProcess r3 = fleet.replica("replica-3");
            awaitAll(List.of(r3), ts);
            System.out.printf(Locale.ROOT, "replica-3 searchable 100/100 %.1f s after its start%n",
                    (System.nanoTime() - start) / 1e9);
            FleetIT.sameContents(r1, r3, ts);
        });
    }

    private static void run(Path dir, Fault fault) throws Exception {
        run(dir, false, fault);
    }

    private static void run(Path dir, boolean slowCrawl, Fault fault) throws Exception {
        Libtorrent lt = Libtorrent.require();
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
             Testnet net = lt.startTestnet(TestnetOptions.defaults()
                     .withNodes(FleetIT.LIBTORRENT_NODES).withTorrents(FleetIT.TORRENTS).withSeeders(10)
                     .withFormats("v1", "v2", "hybrid").withLayouts("single", "multi")
                     .withSizes("20K").withPieceSizes("16K").withDuration(Duration.ofMinutes(12)));
             FleetProcesses fleet = new FleetProcesses(dir, kafka.bootstrap(), net.bootstrap())) {
            if (slowCrawl) {
                fleet.slowCrawl();
            }
            ServeProcess r1 = fleet.replica("replica-1");
            ServeProcess r2 = fleet.replica("replica-2");
            CompletableFuture<ServeProcess> first = CompletableFuture.supplyAsync(() -> fleet.crawler("crawler-1",
                    "127.0.0.2"));
            ServeProcess c2 = fleet.crawler("crawler-2", "127.0.0.3");
            ServeProcess c1 = first.get(3, TimeUnit.MINUTES);
            try {
                fault.during(kafka, fleet, r1, r2, c1, c2, net.torrents());
            } catch (AssertionError | Exception e) {
                fleet.printLogs();
                throw e;
            }
        }
    }

    private static void awaitAll(List<ServeProcess> replicas, List<TestnetManifest.Torrent> ts) throws Exception {
        long start = System.nanoTime();
        int[] n = new int[replicas.size()];
        while (System.nanoTime() - start < DEADLINE.toNanos()) {
            boolean all = true;
            for (int i = 0; i < n.length; i++) {
                n[i] = FleetIT.countSearchable(replicas.get(i), ts);
                all &= n[i] == ts.size();
            }
            if (all) {
                return;
            }
            Thread.sleep(3_000);
        }
        assertThat(n).as("searchable on each replica within %s", DEADLINE).containsOnly(ts.size());
    }
}
