package io.lodestone.dht.krpc;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * BEP 5 {@code get_peers}, with BEP 32 {@code want} and the BEP 33 flags.
 *
 * @param infoHash 20 bytes: a v1 hash, or a v2 hash already truncated
 * @param noSeed   BEP 33 {@code noseed}: leave seeds out of {@code values}
 * @param scrape   BEP 33 {@code scrape}: asks for the swarm-size bloom filters
 */
public record GetPeers(NodeId id, InfoHash infoHash, Optional<Want> want, boolean noSeed, boolean scrape)
        implements KnownQuery {

    public GetPeers {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(want, "want");
        requireDhtKey(infoHash);
    }

    public GetPeers(NodeId id, InfoHash infoHash) {
        this(id, infoHash, Optional.empty(), false, false);
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.GET_PEERS;
    }

    /** The DHT only carries 20-byte keys; a v2 hash must be truncated by the caller, on purpose. */
    static void requireDhtKey(InfoHash h) {
        Objects.requireNonNull(h, "infoHash");
        if (h.length() != InfoHash.V1_LENGTH) {
            throw new IllegalArgumentException("the DHT carries 20-byte info-hashes; truncate v2 hashes first");
        }
    }
}
