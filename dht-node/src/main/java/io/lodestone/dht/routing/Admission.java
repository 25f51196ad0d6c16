package io.lodestone.dht.routing;

/** What a routing table did with a node it was told about: for callers' counters and for tests. */
public enum Admission {
    /** Now a live entry. */
    ADDED,
    /** Kept in its bucket's replacement cache. */
    CACHED,
    /** Queued to be pinged; it enters the table if it answers. */
    CANDIDATE,
    /** Already known; its times were updated. */
    UPDATED,
    /** Nothing to do: read-only, already queued, or no room it could use. */
    IGNORED,
    /** Refused by policy: our own id, the other address family, BEP 42, an IP limit, an id conflict. */
    REJECTED
}
