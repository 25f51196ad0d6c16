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
 */
public record HttpConfig(String host, int port, long maxRequestBodyBytes, Duration resolveTimeout,
                         int maxConcurrentResolves, Duration healthRefresh, Duration rateWindow, int maxThreads) {

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
    }

    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_RESOLVE_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_RESOLVES, DEFAULT_HEALTH_REFRESH, DEFAULT_RATE_WINDOW, DEFAULT_MAX_THREADS);
    }

    public HttpConfig withAddress(String h, int p) {
        return new HttpConfig(h, p, maxRequestBodyBytes, resolveTimeout, maxConcurrentResolves, healthRefresh,
                rateWindow, maxThreads);
    }

    public HttpConfig withResolveTimeout(Duration t) {
        return new HttpConfig(host, port, maxRequestBodyBytes, t, maxConcurrentResolves, healthRefresh, rateWindow,
                maxThreads);
    }

    public HttpConfig withMaxConcurrentResolves(int n) {
        return new HttpConfig(host, port, maxRequestBodyBytes, resolveTimeout, n, healthRefresh, rateWindow,
                maxThreads);
    }

    public HttpConfig withHealthRefresh(Duration d) {
        return new HttpConfig(host, port, maxRequestBodyBytes, resolveTimeout, maxConcurrentResolves, d, rateWindow,
                maxThreads);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
