package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlProfile;
import io.lodestone.crawler.CrawlTuning;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.types.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code lodestone serve} is configured by. Defaults come from
 * {@code lodestone-default.yaml} beside this class, where every key is written out with a comment.
 */
public record ServeConfig(Path dataDir, Http http, Dht dht, Crawler crawler, Resolver resolver, Downloads downloads,
                          Index index, io.lodestone.crawler.scrape.ScrapeConfig scrape,
                          io.lodestone.ops.fleet.FleetConfig fleet) {

    public ServeConfig(Path dataDir, Http http, Dht dht, Crawler crawler, Resolver resolver, Downloads downloads,
                       Index index) {
        this(dataDir, http, dht, crawler, resolver, downloads, index, io.lodestone.crawler.scrape.ScrapeConfig.defaults(),
                io.lodestone.ops.fleet.FleetConfig.defaults());
    }

    public ServeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dht, "dht");
        Objects.requireNonNull(crawler, "crawler");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(downloads, "downloads");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(fleet, "fleet");
    }

    /**
     * @param port        0 binds any free port
     * @param publicNames host names requests may carry besides IP literals and localhost
     * @param keysForRead read routes need a read key too
     */
    public record Http(String host, int port, List<String> publicNames, boolean keysForRead,
                       double searchPerSecond, int searchBurst, double resolvePerSecond, int resolveBurst) {
        public Http {
            publicNames = List.copyOf(publicNames);
        }

        public Http withAddress(String h, int p) {
            return new Http(h, p, publicNames, keysForRead, searchPerSecond, searchBurst, resolvePerSecond,
                    resolveBurst);
        }

        public Http withRates(double searchRate, int searchAtOnce, double resolveRate, int resolveAtOnce) {
            return new Http(host, port, publicNames, keysForRead, searchRate, searchAtOnce, resolveRate, resolveAtOnce);
        }
    }

    /**
     * @param bind      IP literal the nodes bind
     * @param port      UDP port of the first node; node i uses port + i (0: any free port)
     * @param bootstrap where to join; empty means the public routers
     */
    public record Dht(String bind, int port, int nodes, List<HostPort> bootstrap, boolean allowPrivate) {
        public Dht {
            bootstrap = List.copyOf(bootstrap);
        }
    }

    /**
     * @param profile            which knobs apply
     * @param resolveConcurrency resolutions under way at once; 0 takes the profile's
     * @param resolveTimeout     how long one attempt may take before it counts as failed; zero takes the profile's
     * @param sample             whether to sweep the key space with BEP 51 sample_infohashes
     * @param home               the home profile's knobs
     * @param server             the server profile's knobs
     */
    public record Crawler(CrawlProfile profile, int resolveConcurrency, Duration resolveTimeout, boolean sample,
                          CrawlTuning home, CrawlTuning server) {
        public Crawler {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(resolveTimeout, "resolveTimeout");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(server, "server");
        }

        public Crawler withProfile(CrawlProfile p) {
            return new Crawler(p, resolveConcurrency, resolveTimeout, sample, home, server);
        }
    }

    /**
     * @param maxConnections peer connections open at once for metadata, across all resolutions; 0 takes the profile's
     * @param encryption     MSE/PE on metadata fetches
     */
    public record Resolver(int maxConnections, int maxMetadataSize, EncryptionPolicy encryption) {
    }

    /** The chosen profile's knobs with the overrides applied. */
    public CrawlTuning crawlTuning() {
        CrawlTuning t = crawler.profile() == CrawlProfile.SERVER ? crawler.server() : crawler.home();
        t = t.withResolve(crawler.resolveConcurrency() > 0 ? crawler.resolveConcurrency() : t.resolveConcurrency(),
                crawler.resolveTimeout().isZero() ? t.resolveTimeout() : crawler.resolveTimeout());
        return resolver.maxConnections() > 0 ? t.withMaxConnections(resolver.maxConnections()) : t;
    }

    public ServeConfig withCrawler(Crawler c) {
        return new ServeConfig(dataDir, http, dht, c, resolver, downloads, index, scrape, fleet);
    }

    /**
     * @param dir                where downloads started over HTTP land; relative paths are beside the data dir
     * @param port               TCP port for their peers (0: any free one)
     * @param seedAfter          keep serving finished downloads
     * @param maxRunning         downloads at once; more get 429
     * @param maxTotalBytes      quota over all downloads, 0 for none
     * @param minFreeBytes       free space kept on the download disk
     * @param maxPeerConnections peer connections over all downloads
     * @param maxIncomingPerIp   incoming peer connections from one IP
     * @param rateLimit          bytes per second received over all downloads, 0 for none
     * @param encryption         MSE/PE on download and seeding connections, both directions
     */
    public record Downloads(Path dir, int port, boolean seedAfter, Duration timeout, int maxRunning,
                            long maxTotalBytes, long minFreeBytes, int maxPeerConnections, int maxIncomingPerIp,
                            long rateLimit, EncryptionPolicy encryption) {
    }

    /**
     * @param mapSizeBytes    the LMDB map to start with
     * @param maxMapSizeBytes the most it grows to when full
     */
    public record Index(long mapSizeBytes, long maxMapSizeBytes) {
        public Index {
            if (maxMapSizeBytes < mapSizeBytes) {
                throw new IllegalArgumentException("index.max-map-size-bytes is below index.map-size-bytes");
            }
        }
    }

    /** The defaults, exactly as the default YAML file states them. */
    public static ServeConfig defaults() {
        return ServeConfigLoader.defaults();
    }

    public ServeConfig withDataDir(Path dir) {
        return new ServeConfig(dir, http, dht, crawler, resolver, downloads, index, scrape, fleet);
    }

    public ServeConfig withHttp(Http h) {
        return new ServeConfig(dataDir, h, dht, crawler, resolver, downloads, index, scrape, fleet);
    }

    public ServeConfig withFleet(io.lodestone.ops.fleet.FleetConfig f) {
        return new ServeConfig(dataDir, http, dht, crawler, resolver, downloads, index, scrape, f);
    }

    public ServeConfig withScrape(io.lodestone.crawler.scrape.ScrapeConfig s) {
        return new ServeConfig(dataDir, http, dht, crawler, resolver, downloads, index, s, fleet);
    }

    public ServeConfig withDht(Dht d) {
        return new ServeConfig(dataDir, http, d, crawler, resolver, downloads, index, scrape, fleet);
    }

    /**
     * The download directory as used: beside the data dir (in its parent) unless absolute, since
     * the two may not overlap.
     */
    public Path downloadDir() {
        if (downloads.dir().isAbsolute()) {
            return downloads.dir();
        }
        Path parent = dataDir.getParent() != null ? dataDir.getParent() : dataDir.toAbsolutePath().getParent();
        return (parent == null ? dataDir : parent).resolve(downloads.dir());
    }
}
