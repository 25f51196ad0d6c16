package io.lodestone.crawler;

import java.time.Duration;
import java.util.Locale;

/**
 * How hard the crawl pushes the network it runs on. A home router tracks every connection and
 * UDP flow in a small table, and crawlers are known for filling it; {@link #HOME} keeps both low.
 * {@link #SERVER} is for a host with its own public address: hundreds of dials at once.
 */
public enum CrawlProfile {
    HOME(new CrawlTuning(
            32, // resolutions at once: with 3 fetches each, under the connection cap
            Duration.ofSeconds(30),
            48, // ours: well under the few thousand entries a home router's conntrack table holds
            3,
            Duration.ofSeconds(3), // bitmagnet's connect timeout
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofMinutes(30), // ours: a peer that refused or dropped our SYN is rarely back within the hour
            1_000_000, // about 100 MB at most
            2, // bitmagnet's 2 dials per second per IP
            4,
            3,
            4, // ours: a home router sees few UDP flows at once
            Duration.ofSeconds(30),
            Duration.ofMinutes(1))), // the sweep's own default
    SERVER(new CrawlTuning(
            400, // bitmagnet runs 400 concurrent metadata fetches
            Duration.ofSeconds(20),
            512, // ours: one global cap on open and opening sockets
            4,
            Duration.ofSeconds(3), // bitmagnet's connect timeout
            Duration.ofSeconds(4),
            Duration.ofSeconds(10),
            Duration.ofMinutes(30),
            1_000_000,
            5, // ours: above bitmagnet's 2/s, since a seedbox IP often holds many peers
            10,
            3,
            32, // ours: on a small DHT the per-IP budget, not this, is what binds
            Duration.ofSeconds(15), // ours: a first failure is often a lookup starved for packets
            Duration.ofSeconds(5))); // ours: binds only where a node allows it (public nodes ask for hours)

    private final CrawlTuning tuning;

    CrawlProfile(CrawlTuning tuning) {
        this.tuning = tuning;
    }

    /** This profile's knobs as shipped. */
    public CrawlTuning tuning() {
        return tuning;
    }

    /** "home" or "server". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile named {@code key} (home or server); an {@link IllegalArgumentException} otherwise. */
    public static CrawlProfile parse(String key) {
        for (CrawlProfile p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be home or server, not '" + key + "'");
    }
}
