package io.lodestone.ops.serve;

import io.lodestone.types.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code lodestone serve} is configured by. Defaults come from
 * {@code lodestone-default.yaml} beside this class, where every key is written out with a comment.
 */
public record ServeConfig(Path dataDir, Http http, Dht dht, Crawler crawler, Resolver resolver, Downloads downloads) {

    public ServeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dht, "dht");
        Objects.requireNonNull(crawler, "crawler");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(downloads, "downloads");
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
     * @param resolveConcurrency resolutions under way at once
     * @param resolveTimeout     how long one attempt may take before it counts as failed
     * @param sample             whether to sweep the key space with BEP 51 sample_infohashes
     */
    public record Crawler(int resolveConcurrency, Duration resolveTimeout, boolean sample) {
    }

    /** @param maxConnections peer connections open at once for metadata, across all resolutions */
    public record Resolver(int maxConnections, int maxMetadataSize) {
    }

    /**
     * @param dir       where downloads started over HTTP land; relative paths are under the data dir
     * @param port      TCP port for their peers (0: any free one)
     * @param seedAfter keep serving finished downloads
     */
    public record Downloads(Path dir, int port, boolean seedAfter, Duration timeout) {
    }

    /** The defaults, exactly as the default YAML file states them. */
    public static ServeConfig defaults() {
        return ServeConfigLoader.defaults();
    }

    public ServeConfig withDataDir(Path dir) {
        return new ServeConfig(dir, http, dht, crawler, resolver, downloads);
    }

    public ServeConfig withHttp(Http h) {
        return new ServeConfig(dataDir, h, dht, crawler, resolver, downloads);
    }

    public ServeConfig withDht(Dht d) {
        return new ServeConfig(dataDir, http, d, crawler, resolver, downloads);
    }

    /** The download directory as used: relative to the data dir unless absolute. */
    public Path downloadDir() {
        return downloads.dir().isAbsolute() ? downloads.dir() : dataDir.resolve(downloads.dir());
    }
}
