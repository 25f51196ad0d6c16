package io.lodestone.index.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and what it allows. Start from {@link #defaults()}.
 *
 * @param host                  IP literal or name to bind
 * @param port                  TCP port; 0 binds any free port (see {@link HttpServer#port()})
 * @param maxRequestBodyBytes   largest request body read (a JSON body holding one magnet link)
 * @param resolveTimeout        how long {@code POST /api/v1/resolve} waits before answering 504
 * @param maxConcurrentResolves resolves under way at once through the API; more get 503
 * @param healthRefresh         how often the health page fetches new figures
 * @param rateWindow            the trailing window the health rates are computed over
 * @param maxThreads            request threads Jetty may run at once
 * @param access                who may use the server, from where, and how often
 */
public record HttpConfig(String host, int port, long maxRequestBodyBytes, Duration resolveTimeout,
                         int maxConcurrentResolves, Duration healthRefresh, Duration rateWindow, int maxThreads,
                         Access access) {

    /** Where {@code lodestone serve} listens unless told otherwise (the contract's default). */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** A magnet is at most 64 KiB (MagnetUri.MAX_URI_LENGTH); the JSON around it adds little. */
    public static final long DEFAULT_MAX_BODY_BYTES = 80 * 1024;
    /** The same as {@code lodestone resolve --timeout}'s default. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofSeconds(60);
    /** Longest resolve timeout accepted: the resolver refuses longer deadlines too. */
    public static final Duration MAX_RESOLVE_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_CONCURRENT_RESOLVES = 16;
    public static final Duration DEFAULT_HEALTH_REFRESH = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);
    /** Jetty's own default pool size. */
    public static final int DEFAULT_MAX_THREADS = 200;

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("http host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("http port must be 0 to 65535, not " + port);
        }
        if (maxRequestBodyBytes < 1024) {
            throw new IllegalArgumentException("max request body must be at least 1024 bytes");
        }
        positive(resolveTimeout, "resolve timeout");
        if (resolveTimeout.compareTo(MAX_RESOLVE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("resolve timeout must be at most " + MAX_RESOLVE_TIMEOUT);
        }
        if (maxConcurrentResolves < 1) {
            throw new IllegalArgumentException("max concurrent resolves must be at least 1");
        }
        positive(healthRefresh, "health refresh");
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (rateWindow.compareTo(HealthRates.MIN_SAMPLE_SPACING) < 0) {
            throw new IllegalArgumentException("rate window must be at least " + HealthRates.MIN_SAMPLE_SPACING);
        }
        if (maxThreads < 8) {
            throw new IllegalArgumentException("max threads must be at least 8");
        }
        Objects.requireNonNull(access, "access");
    }

    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_RESOLVE_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_RESOLVES, DEFAULT_HEALTH_REFRESH, DEFAULT_RATE_WINDOW, DEFAULT_MAX_THREADS,
                Access.defaults());
    }

    public HttpConfig withAddress(String h, int p) {
        return new HttpConfig(h, p, maxRequestBodyBytes, resolveTimeout, maxConcurrentResolves, healthRefresh,
                rateWindow, maxThreads, access);
    }

    public HttpConfig withResolveTimeout(Duration t) {
        return new HttpConfig(host, port, maxRequestBodyBytes, t, maxConcurrentResolves, healthRefresh, rateWindow,
                maxThreads, access);
    }

    public HttpConfig withMaxConcurrentResolves(int n) {
        return new HttpConfig(host, port, maxRequestBodyBytes, resolveTimeout, n, healthRefresh, rateWindow,
                maxThreads, access);
    }

    public HttpConfig withHealthRefresh(Duration d) {
        return new HttpConfig(host, port, maxRequestBodyBytes, resolveTimeout, maxConcurrentResolves, d, rateWindow,
                maxThreads, access);
    }

    /** Whether {@link #host()} is a loopback IP literal; names, and anything unclear, count as not. */
    public boolean isLoopbackBind() {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    public HttpConfig withAccess(Access a) {
        return new HttpConfig(host, port, maxRequestBodyBytes, resolveTimeout, maxConcurrentResolves, healthRefresh,
                rateWindow, maxThreads, a);
    }

    /**
     * Who may use the server and how much.
     *
     * @param publicNames    host names besides IP literals and localhost that requests may carry
     *                       in {@code Host} (the names a proxy or DNS gives this server); any other
     *                       name gets 421, which stops DNS rebinding
     * @param keysForRead    read routes need a read key too (write routes always need a write key
     *                       once any key exists, and on a non-loopback bind)
     * @param search         per client and per key: searches (API and page)
     * @param resolve        per client and per key: {@code POST /api/v1/resolve}
     * @param sessionTtl     how long a browser stays signed in
     */
    public record Access(java.util.List<String> publicNames, boolean keysForRead, Rate search, Rate resolve,
                         Duration sessionTtl) {
        public static final int MAX_PUBLIC_NAMES = 64;

        public Access {
            publicNames = java.util.List.copyOf(publicNames);
            if (publicNames.size() > MAX_PUBLIC_NAMES) {
                throw new IllegalArgumentException("at most " + MAX_PUBLIC_NAMES + " public names");
            }
            for (String n : publicNames) {
                if (!HostCheck.isName(n)) {
                    throw new IllegalArgumentException("not a host name: '" + n + "'");
                }
            }
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(resolve, "resolve");
            positive(sessionTtl, "session ttl");
        }

        /** No libtorrent counterpart. A search page is cheap; a resolve opens peer connections. */
        public static Access defaults() {
            return new Access(java.util.List.of(), false, new Rate(10, 30), new Rate(1, 10), Duration.ofHours(12));
        }

        public Access withPublicNames(java.util.List<String> names) {
            return new Access(names, keysForRead, search, resolve, sessionTtl);
        }

        public Access withKeysForRead(boolean b) {
            return new Access(publicNames, b, search, resolve, sessionTtl);
        }

        public Access withRates(Rate s, Rate r) {
            return new Access(publicNames, keysForRead, s, r, sessionTtl);
        }
    }

    /** A token bucket: {@code perSecond} on average, up to {@code burst} at once. */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (!(perSecond > 0 && perSecond <= 1_000_000)) {
                throw new IllegalArgumentException("a rate must be above 0 and at most 1000000 per second");
            }
            if (burst < 1 || burst > 1_000_000) {
                throw new IllegalArgumentException("a burst must be 1 to 1000000");
            }
        }
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
