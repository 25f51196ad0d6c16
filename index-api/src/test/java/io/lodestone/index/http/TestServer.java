package io.lodestone.index.http;

import io.lodestone.index.TorrentIndex;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** An {@link HttpServer} on an ephemeral loopback port, and a client for it. */
final class TestServer implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    final HttpServer server;
    final PrometheusRegistry registry;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private TestServer(HttpServer server, PrometheusRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /** A resolver that never answers: for tests that do not resolve. */
    static MagnetResolver silentResolver() {
        return (m, t) -> new CompletableFuture<>();
    }

    static TestServer start(TorrentIndex index) {
        return start(HttpConfig.defaults(), index, silentResolver(), DhtHealth::empty, null);
    }

    static TestServer start(HttpConfig config, TorrentIndex index, MagnetResolver resolver,
                            Supplier<DhtHealth> health, io.lodestone.client.DownloadManager downloads) {
        PrometheusRegistry registry = new PrometheusRegistry();
        return start(config, HttpServices.of(index, resolver, health, registry).withDownloads(downloads));
    }

    /** Rate limits out of the way of tests that send many requests; tests of the limits set their own. */
    static final HttpConfig.Rate UNLIMITED = new HttpConfig.Rate(1_000_000, 1_000_000);

    static TestServer start(HttpConfig config, HttpServices services) {
        if (config.access().equals(HttpConfig.Access.defaults())) {
            config = config.withAccess(config.access().withRates(UNLIMITED, UNLIMITED));
        }
        HttpServer server = new HttpServer(config.withAddress("127.0.0.1", 0), services).start();
        return new TestServer(server, services.registry());
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE());
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return client.send(b.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a GET sent as raw bytes, for paths {@link URI} refuses to build (broken escapes). */
    int rawStatus(String path) {
        return rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} as it is and returns the status of the answer. */
    int rawRequest(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        return TorrentJson.MAPPER.readTree(r.body());
    }

    static String uriBody(String uri) {
        return TorrentJson.MAPPER.createObjectNode().put("uri", uri).toString();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A resolver whose answer the test sets, recording what it was asked. */
    static final class FakeResolver implements MagnetResolver {
        final AtomicReference<MagnetUri> asked = new AtomicReference<>();
        volatile CompletableFuture<ResolveResult> answer = new CompletableFuture<>();

        @Override
        public CompletableFuture<ResolveResult> resolve(MagnetUri magnet, Duration timeout) {
            asked.set(magnet);
            return answer;
        }
    }
}
