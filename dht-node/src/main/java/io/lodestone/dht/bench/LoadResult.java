package io.lodestone.dht.bench;

/**
 * What a load run measured (after warm-up).
 *
 * @param sent         queries sent
 * @param answered     responses received
 * @param errors       KRPC errors received
 * @param lost         queries with no answer within the timeout
 * @param seconds      the measured window
 * @param p50Ms        median round trip of answered queries
 */
public record LoadResult(long sent, long answered, long errors, long lost, double seconds,
                         double p50Ms, double p90Ms, double p99Ms, double maxMs) {

    public double answeredPerSecond() {
        return answered / seconds;
    }
}
