package io.lodestone.dht.krpc;

import java.util.Objects;

/**
 * The BEP 33 answer to a {@code get_peers} with {@code scrape=1}: the responder's stored seeds
 * ({@code BFsd}) and other peers ({@code BFpe}) as bloom filters.
 */
public record ScrapeFilters(ScrapeBloom seeds, ScrapeBloom peers) {
    public ScrapeFilters {
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(peers, "peers");
    }

    public static final ScrapeFilters EMPTY = new ScrapeFilters(ScrapeBloom.EMPTY, ScrapeBloom.EMPTY);

    public ScrapeFilters union(ScrapeFilters other) {
        return new ScrapeFilters(seeds.union(other.seeds), peers.union(other.peers));
    }
}
