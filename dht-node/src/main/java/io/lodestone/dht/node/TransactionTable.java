package io.lodestone.dht.node;

import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.Tid;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Our outstanding queries. Each gets a random 2-byte transaction id not in use (libtorrent's
 * length; random so an off-path attacker cannot guess it), and an answer matches only when it
 * echoes that id AND comes from the address the query went to: a forged answer from elsewhere
 * neither completes nor cancels the real one. Bounded: {@link #register} refuses past the maximum.
 * Not thread-safe: one per node; the node completes the futures.
 */
public final class TransactionTable {

    /** Transaction ids are two bytes. */
    static final int TID_SPACE = 1 << 16;
    static final int TID_LENGTH = 2;

    /**
     * One query in flight.
     *
     * @param destinationId the id we expect there, when the caller knew it; null for a bootstrap ping
     * @param destination   normalized ({@link Ips#normalize})
     */
    public record Transaction(Tid tid, QueryMethod method, InetSocketAddress destination, NodeId destinationId,
            long sentNanos, long deadlineNanos, CompletableFuture<KrpcResponse> future) {

        public Transaction {
            Objects.requireNonNull(tid, "tid");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(future, "future");
        }

        int key() {
            byte[] b = tid.bytes();
            return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        }
    }

    /** Orders by deadline; the tid breaks ties, and is unique among outstanding queries. */
    private record DeadlineKey(long deadline, int tid) implements Comparable<DeadlineKey> {
        @Override
        public int compareTo(DeadlineKey o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Integer.compare(tid, o.tid);
        }
    }

    private final RandomGenerator random;
    private final int maxOutstanding;
    private final Map<Integer, Transaction> byTid = new HashMap<>();
    private final TreeMap<DeadlineKey, Transaction> byDeadline = new TreeMap<>();

    public TransactionTable(RandomGenerator random, int maxOutstanding) {
        this.random = Objects.requireNonNull(random, "random");
        if (maxOutstanding < 1 || maxOutstanding > DhtConfig.MAX_OUTSTANDING_QUERIES) {
            throw new IllegalArgumentException("maxOutstanding must be in 1.." + DhtConfig.MAX_OUTSTANDING_QUERIES);
        }
        this.maxOutstanding = maxOutstanding;
    }

    public boolean isFull() {
        return byTid.size() >= maxOutstanding;
    }

    /**
     * A new transaction with a fresh id, or empty when {@link #isFull()}. At most half the id space
     * is ever in use, so a random free id takes two tries on average.
     */
    public Optional<Transaction> register(QueryMethod method, InetSocketAddress destination, NodeId destinationId,
            long sentNanos, long timeoutNanos, CompletableFuture<KrpcResponse> future) {
        if (isFull()) {
            return Optional.empty();
        }
        int key;
        do {
            key = random.nextInt(TID_SPACE);
        } while (byTid.containsKey(key));
        Transaction t = new Transaction(Tid.ofShort(key), method, Ips.normalize(destination), destinationId,
                sentNanos, sentNanos + timeoutNanos, future);
        byTid.put(key, t);
        byDeadline.put(new DeadlineKey(t.deadlineNanos(), key), t);
        return Optional.of(t);
    }

    /**
     * Removes and returns the transaction {@code tid} names if {@code source} is where it went;
     * otherwise leaves everything as it was.
     */
    public Optional<Transaction> match(Tid tid, InetSocketAddress source) {
        if (tid.length() != TID_LENGTH) {
            return Optional.empty();
        }
        byte[] b = tid.bytes();
        Transaction t = byTid.get(((b[0] & 0xff) << 8) | (b[1] & 0xff));
        if (t == null || !t.destination().equals(Ips.normalize(source))) {
            return Optional.empty();
        }
        remove(t);
        return Optional.of(t);
    }

    /** Removes and returns, soonest first, every transaction whose deadline is at or before {@code now}. */
    public List<Transaction> expire(long now) {
        List<Transaction> out = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.firstKey().deadline() <= now) {
            Transaction t = byDeadline.pollFirstEntry().getValue();
            byTid.remove(t.key());
            out.add(t);
        }
        return out;
    }

    /** Forgets {@code t} (say, its datagram could not be sent); false if it was not outstanding. */
    public boolean remove(Transaction t) {
        if (byTid.get(t.key()) != t) {
            return false;
        }
        byTid.remove(t.key());
        byDeadline.remove(new DeadlineKey(t.deadlineNanos(), t.key()));
        return true;
    }

    /** Removes and returns every outstanding transaction. */
    public List<Transaction> drain() {
        List<Transaction> out = new ArrayList<>(byDeadline.values());
        byTid.clear();
        byDeadline.clear();
        return out;
    }

    public int size() {
        return byTid.size();
    }

    public int maxOutstanding() {
        return maxOutstanding;
    }
}
