package io.lodestone.dht.routing;

import io.lodestone.types.NodeId;
import java.util.Collection;
import java.util.Objects;

/**
 * How many nodes the DHT has, from node-id density (Wang and Kangasharju, "Measuring large-scale
 * distributed systems: case of BitTorrent Mainline DHT", P2P 2013). In a DHT of n nodes with
 * uniform ids, the i-th closest node to any target lies at about i / n of the key space, so the
 * normalised XOR distances d_1 &lt;= ... &lt;= d_k of the k closest nodes a lookup found give,
 * by least squares, 1/n = sum(i * d_i) / sum(i^2). Samples are pooled: over the last
 * {@code capacity} lookups, n = sum of sum(i^2) / sum of sum(i * d_i), which is far steadier
 * than averaging each lookup's own estimate.
 *
 * <p>Pure and bounded: a ring of {@code capacity} samples. Thread-safe, as a farm's nodes feed one
 * estimator from their own threads and the health page reads it from another.
 */
public final class NetworkSizeEstimator {

    /** Fewer closest nodes than this say too little about density. */
    public static final int MIN_NODES = 3;
    /** libtorrent's k; more nodes than a lookup's k are not its closest. */
    public static final int MAX_NODES = 8;
    /** 2^64: distances are taken on the ids' top 64 bits, plenty for any DHT below 2^40 nodes. */
    private static final double KEY_SPACE = 0x1p64;

    private final double[] weights;
    private final double[] moments;
    private int next;
    private int size;
    private double sumWeights;
    private double sumMoments;

    public NetworkSizeEstimator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.weights = new double[capacity];
        this.moments = new double[capacity];
    }

    /**
     * One lookup's result: the nodes found closest to {@code target} (any order; the target itself,
     * at distance 0, is left out). Fewer than {@link #MIN_NODES} are ignored; only the
     * {@link #MAX_NODES} closest count.
     *
     * @return whether the sample was used
     */
    public boolean add(NodeId target, Collection<NodeId> closest) {
        Objects.requireNonNull(target, "target");
        double[] d = closest.stream().mapToDouble(id -> distance(target, id)).filter(x -> x > 0).sorted()
                .limit(MAX_NODES).toArray();
        if (d.length < MIN_NODES) {
            return false;
        }
        double w = 0;
        double m = 0;
        for (int i = 1; i <= d.length; i++) {
            w += (double) i * i;
            m += i * d[i - 1];
        }
        record(w, m);
        return true;
    }

    private synchronized void record(double w, double m) {
        if (size == weights.length) {
            sumWeights -= weights[next];
            sumMoments -= moments[next];
        } else {
            size++;
        }
        weights[next] = w;
        moments[next] = m;
        sumWeights += w;
        sumMoments += m;
        next = (next + 1) % weights.length;
    }

    /** The estimated number of nodes, 0 before any sample. */
    public synchronized long estimate() {
        if (size == 0 || sumMoments <= 0) {
            return 0;
        }
        return Math.round(sumWeights / sumMoments);
    }

    /** Samples the estimate rests on. */
    public synchronized int samples() {
        return size;
    }

    /** The XOR distance of {@code a} and {@code b} as a share of the key space, in [0, 1). */
    static double distance(NodeId a, NodeId b) {
        byte[] x = a.bytes();
        byte[] y = b.bytes();
        long top = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            top = (top << Byte.SIZE) | ((x[i] ^ y[i]) & 0xff);
        }
        // unsigned long to double: the top bit would read as a sign
        double v = (top >>> 1) * 2.0 + (top & 1);
        return v / KEY_SPACE;
    }
}
