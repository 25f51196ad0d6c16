package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-IP limits: libtorrent's ban threshold is never reached, floods do not starve others. */
class RateLimitTest {

    private static final long WINDOW = Duration.ofSeconds(10).toNanos();
    /** libtorrent (dht_block_ratelimit = 5) bans at 50 packets in 10 s; we stay at or below this. */
    private static final int MAX_PER_WINDOW = 45;
    /** Steps that divide the 250 ms refill interval. */
    private static final long[] GRIDS_MS = {1, 2, 5, 10, 25, 50};

    /** The most timestamps (sorted) in any closed window [t, t + WINDOW], by brute force. */
    private static int busiestWindow(List<Long> sorted) {
        int most = 0;
        for (int i = 0; i < sorted.size(); i++) {
            int n = 0;
            for (int j = i; j < sorted.size() && sorted.get(j) - sorted.get(i) <= WINDOW; j++) {
                n++;
            }
            most = Math.max(most, n);
        }
        return most;
    }

    @Test
    void theDefaultOutboundLimitAllowsAtMost45PacketsInAny10SecondWindow() {
        assertThat(RateLimitConfig.defaults().outbound().maxInWindow(Duration.ofSeconds(10))).isEqualTo(MAX_PER_WINDOW);
        Random rnd = new Random(2024);
        int tightPatterns = 0;
        for (int pattern = 0; pattern < 200; pattern++) {
            VirtualClock clock = new VirtualClock();
            OutboundLimiter limiter = OutboundLimiter.create(RateLimitConfig.defaults().outbound(), 1024, clock);
            InetAddress ip = NodeFixture.ip(pattern % 3);
            List<Long> passed = new ArrayList<>();
            // random bursts and gaps: some patterns hammer, some trickle, most mix both; a quarter
            // hammer on a millisecond grid, which meets every refill instant and so the exact bound
            double meanGapMs = 1 + rnd.nextInt(400);
            long gridMs = pattern % 4 == 0 ? GRIDS_MS[rnd.nextInt(GRIDS_MS.length)] : 0;
            for (int i = 0; i < 2_000; i++) {
                if (gridMs > 0) {
                    clock.advance(Duration.ofMillis(gridMs));
                } else if (rnd.nextInt(10) == 0) {
                    clock.advance(Duration.ofNanos((long) (rnd.nextDouble() * 3e9)));
                } else if (rnd.nextBoolean()) {
                    clock.advance(Duration.ofNanos((long) (-Math.log(1 - rnd.nextDouble()) * meanGapMs * 1e6)));
                }
                if (limiter.allow(ip)) {
                    passed.add(clock.nanos());
                }
            }
            int busiest = busiestWindow(passed);
            assertThat(busiest).as("pattern %d", pattern).isLessThanOrEqualTo(MAX_PER_WINDOW);
            if (busiest == MAX_PER_WINDOW) {
                tightPatterns++;
            }
        }
        // the bound is reached, so the limiter is not needlessly stricter than it has to be
        assertThat(tightPatterns).isPositive();
    }

    @Test
    void everyPacketANodeSendsToOneIpCountsQueriesAndAnswersAlike() {
        NodeFixture f = new NodeFixture(DhtConfig.defaults(), RateLimits.create(RateLimitConfig.defaults(),
                new VirtualClock()));
        // the limiter above has its own frozen clock: nothing refills, so exactly the burst passes
        InetSocketAddress target = addr(1);
        List<CompletableFuture<KrpcResponse>> queries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queries.add(f.node.query(target, f.node.ping()));
        }
        for (int i = 0; i < 10; i++) {
            f.deliver(target, QueryMessage.of(f.tid(), new Ping(NodeId.random(f.random))));
        }
        queries.add(f.node.query(target, f.node.ping()));
        assertThat(f.sent).hasSize(5); // 3 queries, 2 answers
        assertThat(queries.subList(0, 3)).allMatch(q -> !q.isDone());
        assertThat(Bep5NodeTest.reason(queries.get(3))).isEqualTo(QueryFailedException.Reason.RATE_LIMITED);
        assertThat(f.metrics.snapshot().rateLimitedOut()).isEqualTo(9);
        // another IP has its own bucket
        f.node.query(addr(2), f.node.ping());
        assertThat(f.sent).hasSize(6);
    }

    /**
     * Our own queries to an IP (a dead bootstrap address on it, say) leave part of the burst for
     * answers, so another client on that IP still gets its get_peers and announce_peer answered.
     */
    @Test
    void ourQueriesLeaveTheAnswerReserveOfEachIp() {
        NodeFixture f = new NodeFixture(DhtConfig.defaults(), RateLimits.create(RateLimitConfig.defaults(),
                new VirtualClock()));
        InetSocketAddress dead = new InetSocketAddress(addr(1).getAddress(), 9);
        List<CompletableFuture<KrpcResponse>> queries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queries.add(f.node.query(dead, f.node.ping()));
        }
        int burst = RateLimitConfig.defaults().outbound().burst();
        assertThat(f.sent).hasSize(burst - OutboundLimiter.ANSWER_RESERVE);
        assertThat(Bep5NodeTest.reason(queries.get(4))).isEqualTo(QueryFailedException.Reason.RATE_LIMITED);
        InetSocketAddress client = addr(1);
        for (int i = 0; i < 4; i++) {
            f.deliver(client, QueryMessage.of(f.tid(), new Ping(NodeId.random(f.random))));
        }
        assertThat(f.sent).as("the reserve answers; the bound on the IP holds").hasSize(burst);
    }

    @Test
    void aNodeAnsweringAQueryFloodStaysUnderTheBanThreshold() {
        NodeFixture f = NodeFixture.limited(DhtConfig.defaults().toBuilder()
                .rateLimits(new RateLimitConfig(RateLimitConfig.Limit.UNLIMITED, RateLimitConfig.defaults().outbound(),
                        RateLimitConfig.DEFAULT_MAX_TRACKED_IPS)).build());
        InetSocketAddress flooder = addr(1);
        List<Long> answered = new ArrayList<>();
        for (long ms = 0; ms < 60_000; ms += 7) {
            f.clock.advanceTo(ms * 1_000_000L);
            int before = f.sent.size();
            f.deliver(flooder, QueryMessage.of(f.tid(), new Ping(NodeId.random(f.random))));
            if (f.sent.size() > before) {
                answered.add(f.clock.nanos());
            }
        }
        assertThat(busiestWindow(answered)).isLessThanOrEqualTo(MAX_PER_WINDOW);
        assertThat(answered.size()).isBetween(240, 245); // 5 at once, then 4/s for 60 s
    }

    @Test
    void aFloodFromOneSourceDoesNotStarveFiftyOthers() {
        NodeFixture node = NodeFixture.limited(DhtConfig.defaults());
        InetSocketAddress flooder = NodeFixture.addr("203.0.113.99", 6881);
        byte[] floodPacket = KrpcCodec.encode(QueryMessage.of(Tid.ofShort(1), new Ping(NodeId.random(node.random))));
        int sources = 50;
        int rounds = 10;
        int floodPerRound = 10_000;
        int normalSent = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            node.clock.advanceTo(round * 1_000_000_000L); // each normal source asks once a second
            int s = 0;
            for (int i = 0; i < floodPerRound; i++) {
                node.deliver(flooder, floodPacket);
                if (i % (floodPerRound / sources) == 0) { // the others' queries arrive amid the flood
                    node.deliver(addr(s++), QueryMessage.of(node.tid(), new Ping(NodeId.random(node.random))));
                    normalSent++;
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<InetSocketAddress, Integer> answers = new HashMap<>();
        for (NodeFixture.Sent sent : node.sent) {
            answers.merge(sent.to(), 1, Integer::sum);
        }
        int floodAnswered = answers.getOrDefault(flooder, 0);
        int normalAnswered = node.sent.size() - floodAnswered;
        MetricsSnapshot m = node.metrics.snapshot();
        System.out.printf("flood: %d packets from one source: %d processed, %d dropped undecoded, %d answered; "
                        + "%d queries from %d other sources: %d answered; %d ms%n",
                rounds * floodPerRound, rounds * floodPerRound - m.rateLimitedIn(), m.rateLimitedIn(), floodAnswered,
                normalSent, sources, normalAnswered, millis);
        assertThat(normalSent).isEqualTo(sources * rounds);
        assertThat(normalAnswered).isEqualTo(normalSent);
        assertThat(answers).hasSize(sources + 1).allSatisfy((to, n) -> assertThat(n).isLessThanOrEqualTo(45));
        // the flooder got a burst of 50 then 20/s for 9 s processed, and of those only what the
        // outbound limit allows answered: 5 then 4/s
        assertThat(m.rateLimitedIn()).isEqualTo(rounds * floodPerRound - (50 + 20 * 9));
        assertThat(floodAnswered).isEqualTo(5 + 4 * 9);
    }

    @Test
    void limiterMemoryStaysBoundedUnderAMillionSources() {
        VirtualClock clock = new VirtualClock();
        RateLimitConfig d = RateLimitConfig.defaults();
        // per IP only, so every refusal here is one of memory (the /24 limit has its own test)
        RateLimits limits = RateLimits.create(new RateLimitConfig(d.inbound(), d.outbound(), d.maxTrackedIps(),
                RateLimitConfig.Limit.UNLIMITED), clock);
        int max = RateLimitConfig.defaults().maxTrackedIps();
        int passedIn = 0;
        int passedOut = 0;
        for (int i = 0; i < 1_000_000; i++) {
            InetAddress ip = NodeFixture.ipv4(20 + (i >>> 24), i >>> 16, i >>> 8, i);
            passedIn += limits.inbound().allow(ip) ? 1 : 0;
            passedOut += limits.outbound().allow(ip) ? 1 : 0;
            if (i % 1000 == 0) {
                clock.advance(Duration.ofMillis(1)); // a million sources in one second
            }
        }
        assertThat(limits.inbound().trackedIps()).isLessThanOrEqualTo(max);
        assertThat(limits.outbound().trackedIps()).isLessThanOrEqualTo(max);
        // inbound forgets the least recent source and serves every new one
        assertThat(passedIn).isEqualTo(1_000_000);
        // outbound never forgets a bucket still refilling: it refuses new IPs until one is idle
        assertThat(passedOut).isLessThan(1_000_000);
        assertThat(limits.outbound().saturated()).isEqualTo(1_000_000 - passedOut);
        clock.advance(Duration.ofSeconds(2)); // every bucket is full again, so idle
        assertThat(limits.outbound().allow(NodeFixture.ipv4(99, 1, 2, 3))).isTrue();
        System.out.printf("1,000,000 sources: %d tracked inbound, %d outbound (max %d); %d new destinations "
                + "refused while all tracked ones were active%n", limits.inbound().trackedIps(),
                limits.outbound().trackedIps(), max, limits.outbound().saturated());
    }

    @Test
    void oneLimiterSharedByManyThreadsNeverPassesMoreThanTheBurst() throws InterruptedException {
        VirtualClock frozen = new VirtualClock();
        OutboundLimiter limiter = OutboundLimiter.create(RateLimitConfig.defaults().outbound(), 1024, frozen);
        InetAddress ip = addr(1).getAddress();
        AtomicInteger passed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 10_000; i++) {
                    if (limiter.allow(ip)) {
                        passed.incrementAndGet();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(passed.get()).isEqualTo(5);
        assertThat(limiter.refused()).isEqualTo(80_000 - 5);
    }

    @Test
    void aPublicSlash24IsLimitedAsAWholeButLoopbackIsNot() {
        VirtualClock frozen = new VirtualClock();
        RateLimits limits = RateLimits.create(RateLimitConfig.defaults(), frozen);
        int burst = RateLimitConfig.DEFAULT_OUTBOUND_SUBNET.burst();
        int passed = 0;
        for (int host = 1; host <= 250; host++) {
            for (int i = 0; i < 3; i++) {
                passed += limits.outbound().allow(NodeFixture.ipv4(93, 184, 216, host)) ? 1 : 0;
            }
        }
        assertThat(passed).isEqualTo(burst);
        assertThat(limits.outbound().allow(NodeFixture.ipv4(93, 184, 217, 1))).as("the next /24").isTrue();
        int loopback = 0;
        for (int host = 1; host <= 250; host++) {
            loopback += limits.outbound().allow(NodeFixture.ipv4(127, 0, 0, host)) ? 1 : 0;
        }
        assertThat(loopback).as("a loopback testnet is limited per IP only").isEqualTo(250);
        frozen.advance(Duration.ofSeconds(1));
        int more = 0;
        for (int host = 1; host <= 250; host++) {
            more += limits.outbound().allow(NodeFixture.ipv4(93, 184, 216, host)) ? 1 : 0;
        }
        assertThat(more).as("one second refills the /24 at its rate")
                .isEqualTo((int) RateLimitConfig.DEFAULT_OUTBOUND_SUBNET.perSecond());
    }

    @Test
    void unlimitedMeansUnlimited() {
        RateLimits none = RateLimits.create(RateLimitConfig.unlimited(), new VirtualClock());
        for (int i = 0; i < 100_000; i++) {
            assertThat(none.inbound().allow(addr(1).getAddress()) && none.outbound().allow(addr(1).getAddress()))
                    .isTrue();
        }
        assertThat(none.inbound().trackedIps()).isZero();
    }
}
