package io.lodestone.crawler;

/** Where the crawler first or again saw an info-hash. */
public enum HarvestSource {
    /** An announce_peer to one of our nodes: it carries a live peer, so it is resolved first. */
    ANNOUNCE,
    /** A get_peers query to one of our nodes: someone is looking for it right now. */
    GET_PEERS,
    /** A BEP 51 sample_infohashes answer from another node. */
    SAMPLE
}
