package io.lodestone.dht.routing;

import io.lodestone.types.NodeInfo;

/**
 * A snapshot of one routing-table entry. Times are {@link io.lodestone.time.Clock#nanos()} values,
 * or {@link #NEVER}.
 *
 * @param node id and endpoint
 * @param bucket the bucket it belongs to (its shared prefix with our id, capped at the last bucket)
 * @param state its BEP 5 state when the snapshot was taken
 * @param firstSeenNanos when it entered the table
 * @param lastResponseNanos its last answer to one of our queries
 * @param lastQueryNanos its last query to us
 * @param failures unanswered queries since its last answer
 * @param rtt its round-trip time estimate
 * @param idVerified whether its id is valid for its address under BEP 42
 */
public record RoutingEntry(
        NodeInfo node,
        int bucket,
        NodeState state,
        long firstSeenNanos,
        long lastResponseNanos,
        long lastQueryNanos,
        int failures,
        RttEstimate rtt,
        boolean idVerified) {

    /** A time that has not happened. */
    public static final long NEVER = Long.MIN_VALUE;

    public boolean hasResponded() {
        return lastResponseNanos != NEVER;
    }
}
