package io.lodestone.dht.krpc;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.List;
import java.util.Objects;

/**
 * The answer to BEP 51 {@code sample_infohashes}.
 *
 * @param interval seconds before the responder's sample may change, 0..{@value #MAX_INTERVAL}
 * @param num      how many info-hashes the responder stores in all
 * @param samples  a sample of them, 20 bytes each
 */
public record SampleInfohashesResponse(NodeId id, int interval, int num, List<InfoHash> samples,
                                       List<NodeInfo> nodes, List<NodeInfo> nodes6) implements KrpcResponse {

    /** BEP 51: "the subset refresh interval in seconds, ranges from 0 to 21600" (6 hours). */
    public static final int MAX_INTERVAL = 21_600;

    public SampleInfohashesResponse {
        Objects.requireNonNull(id, "id");
        if (interval < 0 || interval > MAX_INTERVAL) {
            throw new IllegalArgumentException("interval must be 0.." + MAX_INTERVAL + ", not " + interval);
        }
        if (num < 0) {
            throw new IllegalArgumentException("negative num " + num);
        }
        samples = List.copyOf(samples);
        samples.forEach(GetPeers::requireDhtKey);
        nodes = Addresses.requireFamily(nodes, false, "nodes");
        nodes6 = Addresses.requireFamily(nodes6, true, "nodes6");
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.SAMPLE_INFOHASHES;
    }
}
