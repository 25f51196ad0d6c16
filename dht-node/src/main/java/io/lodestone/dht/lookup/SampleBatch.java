package io.lodestone.dht.lookup;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeInfo;
import java.util.List;
import java.util.Objects;

/**
 * One BEP 51 answer: a sample of the info-hashes {@code source} stores.
 *
 * @param interval seconds before the source's sample may change (as it said)
 * @param num      how many info-hashes the source stores in all
 */
public record SampleBatch(NodeInfo source, int interval, int num, List<InfoHash> samples) {
    public SampleBatch {
        Objects.requireNonNull(source, "source");
        samples = List.copyOf(samples);
    }
}
