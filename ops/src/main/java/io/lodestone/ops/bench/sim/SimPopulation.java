package io.lodestone.ops.bench.sim;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Who is in the simulated DHT, fixed at the start: ids, addresses, which nodes are NATed, dead or
 * without BEP 51, each node's link latency, its Kademlia routing table (up to {@link #BUCKET}
 * contacts per bucket, drawn from every contact, dead ones included, as stale tables are), and the
 * hashes it stores. Arrays indexed by node, so 20,000 nodes cost a few tens of megabytes.
 */
final class SimPopulation {

    /** libtorrent's bucket size, and the nodes an answer carries. */
    static final int BUCKET = 8;
    /** The XOR-nearest few of a key are among this many neighbours of it in id order. */
    private static final int NEAREST_WINDOW = 48;
    /** Node i's address is 10.x.y.z with x.y.z = (i + 1) times this odd number mod 2^24: /24s spread out. */
    private static final int ADDRESS_MULTIPLIER = 0x9E3779;
    private static final int ADDRESS_MASK = (1 << 24) - 1;
    static final int PORT = 6881;

    final int live;
    final int total;
    final NodeId[] ids;
    final long[] tops;
    final InetSocketAddress[] addresses;
    final boolean[] nat;
    final boolean[] bep51;
    final long[] latencyNanos;
    final int[][] tables;
    final int[][] stored;
    final InfoHash[] hashes;
    /** Hashes stored on at least one node that answers sample_infohashes: coverage is counted against these. */
    final boolean[] onBep51;
    final int onBep51Count;
    private final Map<InetSocketAddress, Integer> byAddress;
    /** Every contact, sorted by id. */
    private final int[] sorted;

    SimPopulation(SimulationConfig c, SplittableRandom random) {
        this.live = c.nodes();
        this.total = c.nodes() + c.deadContacts();
        ids = new NodeId[total];
        tops = new long[total];
        addresses = new InetSocketAddress[total];
        nat = new boolean[total];
        bep51 = new boolean[total];
        latencyNanos = new long[total];
        byAddress = new HashMap<>(total * 2);
        long minLat = c.minLatency().toNanos();
        long spread = c.maxLatency().toNanos() - minLat;
        for (int i = 0; i < total; i++) {
            ids[i] = NodeId.random(random);
            tops[i] = top(ids[i].bytes());
            addresses[i] = address(i);
            byAddress.put(addresses[i], i);
            nat[i] = i < live && random.nextDouble() < c.natShare();
            bep51[i] = i < live && random.nextDouble() < c.bep51Share();
            latencyNanos[i] = minLat + (spread == 0 ? 0 : random.nextLong(spread + 1));
        }
        sorted = sortedBy(tops, total);
        tables = new int[total][];
        for (int i = 0; i < live; i++) {
            tables[i] = buildTable(i, random);
        }
        hashes = new InfoHash[c.hashes()];
        stored = new int[total][];
        int[] storers = storers();
        int[][] lists = assign(c, random, storers);
        onBep51 = new boolean[hashes.length];
        int count = 0;
        for (int i = 0; i < total; i++) {
            stored[i] = lists[i] == null ? new int[0] : lists[i];
            if (bep51[i]) {
                for (int h : stored[i]) {
                    if (!onBep51[h]) {
                        onBep51[h] = true;
                        count++;
                    }
                }
            }
        }
        onBep51Count = count;
    }

    /**
     * At most this share of {@link #onBep51Count} can be harvested inside one sample interval: each
     * BEP 51 node shows at most {@code sampleCount} of its hashes per interval (exact with one
     * replica, an upper bound with more).
     */
    double sampleBound(int sampleCount) {
        long visible = 0;
        for (int i = 0; i < live; i++) {
            if (bep51[i]) {
                visible += Math.min(sampleCount, stored[i].length);
            }
        }
        return Math.min(1, (double) visible / Math.max(1, onBep51Count));
    }

    /** The node at {@code a}, or -1. */
    int indexOf(InetSocketAddress a) {
        Integer i = byAddress.get(a);
        return i == null ? -1 : i;
    }

    /** The farm's one IP, outside the nodes' 10/8. */
    static InetAddress farmIp() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 172, 16, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    /** The up to {@link #BUCKET} contacts of node {@code i} nearest {@code target}. */
    int[] closest(int i, long target) {
        int[] table = tables[i];
        int n = Math.min(BUCKET, table.length);
        int[] best = new int[n];
        long[] dist = new long[n];
        int filled = 0;
        for (int c : table) {
            long d = tops[c] ^ target;
            if (filled < n) {
                best[filled] = c;
                dist[filled++] = d;
                bubble(best, dist, filled - 1);
            } else if (Long.compareUnsigned(d, dist[n - 1]) < 0) {
                best[n - 1] = c;
                dist[n - 1] = d;
                bubble(best, dist, n - 1);
            }
        }
        return best;
    }

    private static void bubble(int[] best, long[] dist, int k) {
        for (int j = k; j > 0 && Long.compareUnsigned(dist[j], dist[j - 1]) < 0; j--) {
            long d = dist[j];
            dist[j] = dist[j - 1];
            dist[j - 1] = d;
            int b = best[j];
            best[j] = best[j - 1];
            best[j - 1] = b;
        }
    }

    static long top(byte[] id) {
        long v = 0;
        for (int k = 0; k < Long.BYTES; k++) {
            v = (v << Byte.SIZE) | (id[k] & 0xff);
        }
        return v;
    }

    /** Kademlia: for each bit depth, up to BUCKET random contacts that share exactly that prefix with us. */
    private int[] buildTable(int self, SplittableRandom random) {
        int[] out = new int[BUCKET * 24];
        int n = 0;
        long me = tops[self];
        for (int depth = 0; depth < Long.SIZE - 1; depth++) {
            long prefixMask = depth == 0 ? 0 : -1L << (Long.SIZE - depth);
            long flip = 1L << (Long.SIZE - 1 - depth);
            long lo = (me & prefixMask) ^ (me & flip) ^ flip;
            int[] range = range(lo, Long.SIZE - 1 - depth);
            int size = range[1] - range[0];
            int take = Math.min(BUCKET, size);
            if (n + take > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            for (int k = 0; k < take; k++) {
                // distinct picks: a partial Fisher-Yates over the range would need a copy; probing is enough
                int pick = sorted[range[0] + (size <= BUCKET ? k : random.nextInt(size))];
                if (!contains(out, n, pick)) {
                    out[n++] = pick;
                }
            }
            int[] own = range(me & (-1L << (Long.SIZE - 1 - depth)), Long.SIZE - 1 - depth);
            if (own[1] - own[0] <= 1) {
                break; // nobody else shares a longer prefix with us
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int k = 0; k < n; k++) {
            if (a[k] == v) {
                return true;
            }
        }
        return false;
    }

    /** Indices into {@link #sorted} of the contacts whose top bits above {@code freeBits} equal those of {@code lo}. */
    private int[] range(long lo, int freeBits) {
        long start = lo & (freeBits == Long.SIZE ? 0 : -1L << freeBits);
        long end = start + ((1L << freeBits) - 1); // inclusive; never wraps past 2^64 - 1
        return new int[] {lowerBound(start), upperBound(end)};
    }

    private int lowerBound(long key) {
        int a = 0;
        int b = total;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (Long.compareUnsigned(tops[sorted[m]], key) < 0) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    private int upperBound(long key) {
        int a = 0;
        int b = total;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (Long.compareUnsigned(tops[sorted[m]], key) <= 0) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    /** Live nodes an announcer can reach (not NATed), sorted by id. */
    private int[] storers() {
        return Arrays.stream(sorted).filter(i -> i < live && !nat[i]).toArray();
    }

    private int[][] assign(SimulationConfig c, SplittableRandom random, int[] storers) {
        int[][] lists = new int[total][];
        int[] sizes = new int[total];
        long[] storerTops = Arrays.stream(storers).mapToLong(i -> tops[i]).toArray();
        int r = Math.min(c.replicas(), storers.length);
        for (int h = 0; h < hashes.length; h++) {
            byte[] b = new byte[InfoHash.V1_LENGTH];
            random.nextBytes(b);
            hashes[h] = InfoHash.v1(b);
            long key = top(b);
            int at = insertion(storerTops, key);
            int from = Math.max(0, at - NEAREST_WINDOW / 2);
            int to = Math.min(storers.length, from + NEAREST_WINDOW);
            from = Math.max(0, to - NEAREST_WINDOW);
            int[] window = Arrays.copyOfRange(storers, from, to);
            long[] dist = new long[window.length];
            for (int k = 0; k < window.length; k++) {
                dist[k] = tops[window[k]] ^ key;
                bubble(window, dist, k);
            }
            for (int k = 0; k < r; k++) {
                int node = window[k];
                if (lists[node] == null) {
                    lists[node] = new int[4];
                } else if (sizes[node] == lists[node].length) {
                    lists[node] = Arrays.copyOf(lists[node], sizes[node] * 2);
                }
                lists[node][sizes[node]++] = h;
            }
        }
        for (int i = 0; i < total; i++) {
            if (lists[i] != null) {
                lists[i] = Arrays.copyOf(lists[i], sizes[i]);
            }
        }
        return lists;
    }

    private static int insertion(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[m], key) < 0) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    private static int[] sortedBy(long[] keys, int n) {
        return java.util.stream.IntStream.range(0, n).boxed()
                .sorted((x, y) -> Long.compareUnsigned(keys[x], keys[y]))
                .mapToInt(Integer::intValue).toArray();
    }

    private static InetSocketAddress address(int i) {
        return new InetSocketAddress(ip(((i + 1) * ADDRESS_MULTIPLIER) & ADDRESS_MASK), PORT);
    }

    private static InetAddress ip(int low24) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (low24 >>> 16), (byte) (low24 >>> 8), (byte) low24});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }
}
