package io.lodestone.dht.lookup;

/**
 * What one lookup cost and how it ended.
 *
 * @param queries queries sent (refused by our own rate limiter: not counted)
 * @param responses answers accepted
 * @param failures queries that failed for any reason, timeouts included
 * @param timeouts failures that were timeouts: the node's, or the lookup's own {@code queryTimeout}
 * @param slow queries that passed the short timeout and made the lookup branch out
 * @param durationNanos from start to end
 */
public record LookupStats(int queries, int responses, int failures, int timeouts, int slow, long durationNanos,
                          Outcome outcome) {

    public enum Outcome {
        /** The k closest candidates known all answered or failed, none closer outstanding. */
        CONVERGED,
        /** Every candidate was tried before k of them answered. */
        EXHAUSTED,
        /** The overall deadline passed. */
        DEADLINE,
        /** The owner cancelled it, or the node closed. */
        CANCELLED
    }
}
