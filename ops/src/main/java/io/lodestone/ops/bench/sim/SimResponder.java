package io.lodestone.ops.bench.sim;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcFormatException;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.UnknownQuery;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How a simulated node answers what we send it: a lean model of a libtorrent node. It is away
 * while churned out, a NATed node drops what it did not ask for, a dead contact never answers,
 * and libtorrent's dos_blocker bans an IP that sent 10 x {@code banPerSecond} packets inside 10 s
 * for {@code banFor} (each packet while banned extends it). Otherwise it answers ping, find_node,
 * get_peers (nodes and a token), announce_peer and sample_infohashes from its routing table and
 * storage; a node without BEP 51 answers sample_infohashes as find_node. Its sample is
 * libtorrent's: at most {@code sampleCount} random stored hashes, kept for {@code sampleInterval}
 * unless it holds fewer than {@code sampleCount}.
 */
final class SimResponder {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** libtorrent's dos_blocker counts over 10 s. */
    private static final long BAN_WINDOW_NANOS = 10 * NANOS_PER_SECOND;
    private static final Token TOKEN = Token.of(new byte[] {1, 2, 3, 4});

    private final SimPopulation pop;
    private final SimulationConfig config;
    private final SplittableRandom random;
    private final boolean[] online;
    private final long[] nextToggle;
    private final int[] banCount;
    private final long[] banLimit;
    private final int[][] samples;
    private final long[] sampleCreated;
    private long bans;
    private long bannedDrops;
    private long answered;

    SimResponder(SimPopulation pop, SimulationConfig config, SplittableRandom random) {
        this.pop = pop;
        this.config = config;
        this.random = random;
        int n = pop.total;
        online = new boolean[n];
        nextToggle = new long[n];
        banCount = new int[n];
        banLimit = new long[n];
        samples = new int[n][];
        sampleCreated = new long[n];
        double onShare = (double) config.meanOnline().toNanos()
                / (config.meanOnline().toNanos() + config.meanOffline().toNanos());
        for (int i = 0; i < pop.live; i++) {
            online[i] = random.nextDouble() < onShare;
            nextToggle[i] = session(online[i]);
        }
    }

    /** Whether node {@code i} is up at {@code now} (churn is played forward lazily, per node). */
    boolean online(int i, long now) {
        if (i >= pop.live) {
            return false;
        }
        while (nextToggle[i] <= now) {
            online[i] = !online[i];
            nextToggle[i] += session(online[i]);
        }
        return online[i];
    }

    /**
     * A datagram from our farm reached node {@code i}; returns the answer's bytes, or null when
     * the node does not answer.
     */
    byte[] receive(int i, byte[] datagram, long now) {
        if (!online(i, now) || pop.nat[i]) {
            return null;
        }
        if (!admit(i, now)) {
            bannedDrops++;
            return null;
        }
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(datagram);
        } catch (KrpcFormatException e) {
            return null;
        }
        if (!(m instanceof QueryMessage q)) {
            return null;
        }
        KrpcResponse r = answer(i, q, now);
        if (r == null) {
            return null;
        }
        answered++;
        return KrpcCodec.encodeResponse(q.tid(), Optional.empty(), Optional.empty(), r);
    }

    /** libtorrent's dos_blocker::incoming for the one IP our farm sends from. */
    private boolean admit(int i, long now) {
        if (banLimit[i] == 0) {
            banCount[i] = 1;
            banLimit[i] = now + BAN_WINDOW_NANOS;
            return true;
        }
        banCount[i]++;
        if (banCount[i] >= config.banPerSecond() * 10) {
            if (now < banLimit[i]) {
                if (banCount[i] == config.banPerSecond() * 10) {
                    bans++;
                }
                banLimit[i] = now + config.banFor().toNanos();
                return false;
            }
            banCount[i] = 0;
            banLimit[i] = now + BAN_WINDOW_NANOS;
        }
        return true;
    }

    private KrpcResponse answer(int i, QueryMessage q, long now) {
        NodeId id = pop.ids[i];
        return switch (q.query()) {
            case Ping p -> new PingResponse(id);
            case FindNode f -> new FindNodeResponse(id, nodes(i, f.target()), List.of());
            case GetPeers g -> new GetPeersResponse(id, Optional.of(TOKEN), List.of(),
                    nodes(i, NodeId.key(g.infoHash())), List.of());
            case AnnouncePeer a -> new AnnouncePeerResponse(id);
            case SampleInfohashes s -> pop.bep51[i]
                    ? new SampleInfohashesResponse(id, (int) config.sampleInterval().toSeconds(), pop.stored[i].length,
                            sample(i, now), nodes(i, s.target()), List.of())
                    : new FindNodeResponse(id, nodes(i, s.target()), List.of());
            case UnknownQuery u -> null;
        };
    }

    private List<NodeInfo> nodes(int i, NodeId target) {
        int[] near = pop.closest(i, SimPopulation.top(target.bytes()));
        List<NodeInfo> out = new ArrayList<>(near.length);
        for (int c : near) {
            out.add(new NodeInfo(pop.ids[c], pop.addresses[c]));
        }
        return out;
    }

    /** libtorrent's refresh_infohashes_sample. */
    private List<InfoHash> sample(int i, long now) {
        int[] stored = pop.stored[i];
        int max = config.sampleCount();
        boolean fresh = samples[i] != null && now < sampleCreated[i] + config.sampleInterval().toNanos();
        if (!fresh || samples[i].length < max) {
            int count = Math.min(max, stored.length);
            int[] copy = stored.clone();
            for (int k = 0; k < count; k++) { // partial Fisher-Yates
                int j = k + random.nextInt(copy.length - k);
                int t = copy[k];
                copy[k] = copy[j];
                copy[j] = t;
            }
            samples[i] = java.util.Arrays.copyOf(copy, count);
            sampleCreated[i] = now;
        }
        List<InfoHash> out = new ArrayList<>(samples[i].length);
        for (int h : samples[i]) {
            out.add(pop.hashes[h]);
        }
        return out;
    }

    private long session(boolean up) {
        long mean = (up ? config.meanOnline() : config.meanOffline()).toNanos();
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * mean));
    }

    /** Times a node started a ban of our IP. */
    long bans() {
        return bans;
    }

    long bannedDrops() {
        return bannedDrops;
    }

    long answered() {
        return answered;
    }
}
