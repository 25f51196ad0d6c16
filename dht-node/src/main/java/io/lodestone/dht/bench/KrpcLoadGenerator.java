package io.lodestone.dht.bench;

import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop KRPC load generator: keeps {@code concurrency} read-only queries in flight against
 * one node over UDP and measures answers per second and round trips. Queries are encoded once as
 * templates and only their 4-byte transaction id is patched per send, so the generator itself costs
 * little CPU next to the node under test. Bounded by the configured duration; it stops by itself.
 */
public final class KrpcLoadGenerator {
    /** Distinct pre-encoded queries per method: varied targets without encoding per send. */
    private static final int TEMPLATES_PER_METHOD = 64;
    private static final byte[] TID_MARK = {'1', ':', 't', '4', ':'};

    private final LoadConfig config;
    private final List<byte[]> templates = new ArrayList<>();
    private final List<Integer> tidOffsets = new ArrayList<>();
    private final int slots;
    private final AtomicLongArray sentAt;
    private final AtomicLongArray slotSeq;
    private final Semaphore window;
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final Histogram micros = new Histogram(10_000_000L, 3);
    private volatile boolean measuring;
    private volatile boolean running = true;

    private KrpcLoadGenerator(LoadConfig config) {
        this.config = config;
        this.slots = Integer.highestOneBit(config.concurrency() * 4 - 1) << 1;
        this.sentAt = new AtomicLongArray(slots);
        this.slotSeq = new AtomicLongArray(slots);
        this.window = new Semaphore(config.concurrency());
        buildTemplates();
    }

    public static LoadResult run(LoadConfig config) throws IOException, InterruptedException {
        return run(config, () -> { });
    }

    /**
     * Runs the load; {@code atMeasureStart} runs on the sending thread when the warm-up ends, so a
     * caller can start measuring the target's CPU time exactly over the measured window.
     */
    public static LoadResult run(LoadConfig config, Runnable atMeasureStart) throws IOException, InterruptedException {
        KrpcLoadGenerator g = new KrpcLoadGenerator(config);
        g.atMeasureStart = atMeasureStart;
        return g.go();
    }

    private Runnable atMeasureStart = () -> { };

    private void buildTemplates() {
        SplittableRandom rnd = new SplittableRandom(config.seed());
        NodeId self = NodeId.random(rnd);
        LoadConfig.QueryMix mix = config.mix();
        int total = mix.total();
        for (int i = 0; i < TEMPLATES_PER_METHOD * 4; i++) {
            int pick = rnd.nextInt(total);
            KnownQuery q;
            if (pick < mix.ping()) {
                q = new Ping(self);
            } else if (pick < mix.ping() + mix.findNode()) {
                q = new FindNode(self, NodeId.random(rnd), Optional.empty());
            } else if (pick < mix.ping() + mix.findNode() + mix.getPeers()) {
                byte[] h = new byte[20];
                rnd.nextBytes(h);
                q = new GetPeers(self, InfoHash.v1(h), Optional.empty(), false, false);
            } else {
                q = new SampleInfohashes(self, NodeId.random(rnd), Optional.empty());
            }
            // read-only (BEP 43): the load generator must not end up in the target's table
            byte[] bytes = KrpcCodec.encode(new QueryMessage(Tid.of(new byte[4]), Optional.empty(), true, q));
            templates.add(bytes);
            tidOffsets.add(indexOf(bytes, TID_MARK) + TID_MARK.length);
        }
    }

    private LoadResult go() throws IOException, InterruptedException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(config.source());
            ch.connect(config.target());
            Thread receiver = Thread.ofPlatform().name("krpc-load-rx").daemon().start(() -> receive(ch));
            Thread janitor = Thread.ofPlatform().name("krpc-load-timeouts").daemon().start(this::expire);
            long warmupEnd = System.nanoTime() + config.warmup().toNanos();
            long end = warmupEnd + config.duration().toNanos();
            long measuredFrom = 0;
            long seq = 0;
            ByteBuffer out = ByteBuffer.allocate(2048);
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now >= warmupEnd) {
                    atMeasureStart.run();
                    resetCounters();
                    measuredFrom = System.nanoTime();
                    measuring = true;
                }
                if (now >= end) {
                    break;
                }
                if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int t = (int) (seq % templates.size());
                byte[] template = templates.get(t);
                int slot = (int) (seq & (slots - 1));
                out.clear();
                out.put(template);
                int at = tidOffsets.get(t);
                out.putInt(at, (int) seq);
                out.flip();
                slotSeq.set(slot, seq);
                sentAt.set(slot, System.nanoTime());
                try {
                    ch.write(out);
                    sent.increment();
                } catch (IOException e) { // ICMP unreachable and the like: counts as lost
                    if (sentAt.getAndSet(slot, 0) != 0) {
                        lost.increment();
                        window.release();
                    }
                }
                seq++;
            }
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            running = false;
            ch.close(); // wakes the receiver
            receiver.join(2000);
            janitor.join(2000);
            synchronized (micros) {
                return new LoadResult(sent.sum(), answered.sum(), errors.sum(), lost.sum(), seconds,
                        micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                        micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
            }
        }
    }

    private void resetCounters() {
        answered.reset();
        errors.reset();
        lost.reset();
        sent.reset();
        synchronized (micros) {
            micros.reset();
        }
    }

    /** Blocking reads until the channel is closed at the end of the run. */
    private void receive(DatagramChannel ch) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        while (running) {
            in.clear();
            try {
                ch.receive(in);
                onAnswer(in.array(), in.position());
            } catch (java.nio.channels.ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // ICMP errors surface here on a connected channel; the query counts as lost later
            }
        }
    }

    private void onAnswer(byte[] b, int len) {
        int at = indexOf(b, len, TID_MARK);
        if (at < 0 || at + TID_MARK.length + 4 > len) {
            return;
        }
        int p = at + TID_MARK.length;
        long seq = ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xffL) << 16) | ((b[p + 2] & 0xffL) << 8) | (b[p + 3] & 0xffL);
        int slot = (int) (seq & (slots - 1));
        if ((slotSeq.get(slot) & 0xffffffffL) != seq) {
            return; // an answer too late for its slot
        }
        long t0 = sentAt.getAndSet(slot, 0);
        if (t0 == 0) {
            return;
        }
        long rtt = System.nanoTime() - t0;
        boolean isError = indexOf(b, len, new byte[] {'1', ':', 'y', '1', ':', 'e'}) >= 0;
        if (measuring) {
            if (isError) {
                errors.increment();
            } else {
                answered.increment();
                synchronized (micros) {
                    micros.recordValue(Math.min(rtt / 1000, micros.getHighestTrackableValue()));
                }
            }
        }
        window.release();
    }

    private void expire() {
        long timeout = config.timeout().toNanos();
        while (running) {
            long now = System.nanoTime();
            for (int i = 0; i < slots; i++) {
                long t0 = sentAt.get(i);
                if (t0 != 0 && now - t0 > timeout && sentAt.compareAndSet(i, t0, 0)) {
                    if (measuring) {
                        lost.increment();
                    }
                    window.release();
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, hay.length, needle);
    }

    private static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
