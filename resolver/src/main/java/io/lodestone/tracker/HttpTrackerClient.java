package io.lodestone.tracker;

import io.lodestone.types.InfoHash;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP(S) trackers over {@link HttpClient}: one GET per announce or scrape, HTTP/1.1 (small
 * trackers mishandle the h2c upgrade), each hop bounded by {@link TrackerConfig#httpTimeout()}
 * from request to last byte, redirects followed by hand so they can be counted and checked.
 * Blocking and thread-safe; run it on a virtual thread where blocking is in the way.
 */
public final class HttpTrackerClient implements TrackerTransport, AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int OK = 200;

    private final TrackerConfig config;
    private final HttpTrackerCodec codec;
    private final TrackerHosts hosts;
    /**
     * Built at the first request, not here: building one loads the TLS trust store, 0.1-0.3 s of
     * CPU at start that a job with no HTTP tracker (most magnets, a local swarm) never needs.
     */
    private HttpClient http;
    private boolean closed;

    public HttpTrackerClient(TrackerConfig config) {
        this(config, TrackerHosts.of(config));
    }

    HttpTrackerClient(TrackerConfig config, TrackerHosts hosts) {
        this.config = config;
        this.hosts = hosts;
        this.codec = new HttpTrackerCodec(config);
    }

    private synchronized HttpClient http() {
        if (closed) {
            throw transport("client closed");
        }
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(config.httpConnectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return http;
    }

    /** For tests: whether a request has built the HTTP client yet. */
    synchronized boolean httpClientBuilt() {
        return http != null;
    }

    @Override
    public AnnounceResponse announce(String url, AnnounceRequest request) {
        return codec.parseAnnounce(get(HttpTrackerCodec.announceUri(url, request)));
    }

    @Override
    public Map<InfoHash, ScrapeStats> scrape(String url, List<InfoHash> infoHashes) {
        return codec.parseScrape(get(HttpTrackerCodec.scrapeUri(url, infoHashes)));
    }

    /** The body of a 200 answer, after at most {@link TrackerConfig#maxRedirects()} redirects. */
    byte[] get(URI uri) {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            hosts.check(current.getHost()); // every hop: a public tracker may redirect to a private address
            HttpResponse<byte[]> response = send(current);
            int status = response.statusCode();
            if (REDIRECTS.contains(status)) {
                if (hop >= config.maxRedirects()) {
                    throw transport("more than " + config.maxRedirects() + " redirects");
                }
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> transport("HTTP " + status + " without a Location"));
                current = redirectTarget(current, location);
                continue;
            }
            if (status != OK) {
                codec.rejectFailure(response.body());
                throw transport("HTTP status " + status);
            }
            return response.body();
        }
    }

    /**
     * Where a redirect leads: http or https only, and never from https down to http, which
     * would send a private tracker's passkey in the clear.
     */
    static URI redirectTarget(URI from, String location) {
        URI to;
        try {
            to = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw transport("redirect to a bad URL " + HttpTrackerCodec.quote(location));
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
            throw transport("redirect to a non-http(s) URL " + HttpTrackerCodec.quote(location));
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw transport("redirect from https down to http");
        }
        return to;
    }

    private HttpResponse<byte[]> send(URI uri) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(config.httpTimeout())
                    .header("User-Agent", config.userAgent())
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "unusable URL " + HttpTrackerCodec.quote(uri.toString()));
        }
        CompletableFuture<HttpResponse<byte[]>> pending =
                http().sendAsync(request, CappedBody.handler(config.maxResponseBytes()));
        try {
            // the request timeout covers the headers only; this bounds the body too
            return pending.get(config.httpTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw transport("no answer within " + config.httpTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw transport("interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private static TrackerException translate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TrackerException te) {
                return te;
            }
        }
        if (t instanceof HttpTimeoutException) {
            return new TrackerException(TrackerException.Kind.TRANSPORT, "timed out", t);
        }
        if (t instanceof ConnectException) {
            return new TrackerException(TrackerException.Kind.TRANSPORT, "cannot connect", t);
        }
        if (t instanceof IOException) {
            return new TrackerException(TrackerException.Kind.TRANSPORT, "I/O error: " + t.getMessage(), t);
        }
        return new TrackerException(TrackerException.Kind.TRANSPORT, "HTTP client failed: " + t, t);
    }

    private static TrackerException transport(String reason) {
        return new TrackerException(TrackerException.Kind.TRANSPORT, reason);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.close();
        }
    }
}
