package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A {@code lodestone serve} process for interop tests, on loopback, and plain HTTP calls to it. */
final class ServeProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    final Process process;
    final Path log;

    private ServeProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts serve on {@code data} with {@code extra} options after the loopback ones; waits for /healthz. */
    static ServeProcess start(Path data, List<String> extra) throws Exception {
        int port = freePort();
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("lodestone").toString(), "serve", "--data-dir",
                data.toString(), "--http", "127.0.0.1:" + port, "--dht-bind", "127.0.0.1", "--dht-port", "0"));
        cmd.addAll(extra);
        java.nio.file.Files.createDirectories(data);
        Path log = data.toAbsolutePath().getParent().resolve("serve-" + port + ".log");
        Process p = new ProcessBuilder(cmd).directory(data.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServeProcess s = new ServeProcess(port, p, log);
        s.awaitHealthy();
        return s;
    }

    /** Starts {@code lodestone serve ARGS} (all of them given, HTTP on {@code port}) from beside {@code data}. */
    static ServeProcess startWith(Path data, int port, List<String> args) throws Exception {
        Path root = Path.of(System.getProperty("lodestone.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("lodestone").toString(), "serve"));
        cmd.addAll(args);
        java.nio.file.Files.createDirectories(data);
        Path log = data.toAbsolutePath().getParent().resolve(data.getFileName() + "-" + port + ".log");
        Process p = new ProcessBuilder(cmd).directory(data.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServeProcess s = new ServeProcess(port, p, log);
        s.awaitHealthy();
        return s;
    }

    private void awaitHealthy() throws Exception {
        awaitHealthy(port, process);
    }

    /** Until {@code /healthz} on {@code port} answers 200; fails if {@code p} ends first or in 90 s. */
    static void awaitHealthy(int port, Process p) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(90)) {
            assertThat(p.isAlive()).as("serve is running").isTrue();
            try {
                if (get(port, "/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not come up on port " + port);
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return get(port, path);
    }

    static HttpResponse<byte[]> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> postJson(String path, String body, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Starts a download of {@code uri}; its id. */
    String download(String uri) throws Exception {
        HttpResponse<byte[]> r = postJson("/api/v1/downloads", JSON.createObjectNode().put("uri", uri).toString(),
                Duration.ofSeconds(20));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        return JSON.readTree(r.body()).get("id").asString();
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM and the clean exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
