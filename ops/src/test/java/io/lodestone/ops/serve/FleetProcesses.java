package io.lodestone.ops.serve;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The fleet's serve processes, started with the README's commands. */
final class FleetProcesses implements AutoCloseable {
    final Path dir;
    final String kafka;
    final String bootstrap;
    final Path config;
    final Map<String, ServeProcess> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<String>> started = new java.util.concurrent.ConcurrentHashMap<>();

    FleetProcesses(Path dir, String kafka, List<InetSocketAddress> testnet) throws Exception {
        this.dir = dir;
        this.kafka = kafka;
        this.bootstrap = testnet.stream().map(a -> a.getHostString() + ":" + a.getPort())
                .collect(Collectors.joining(","));
        // the test searches for every torrent every few seconds: no rate limit in its way
        this.config = dir.resolve("fleet.yaml");
        Files.writeString(config, "http:\n  search-per-minute: 1000000\n  search-burst: 100000\n");
    }

    /** Crawlers with two resolutions at a time: a crawl of the testnet that lasts long enough to fault in. */
    FleetProcesses slowCrawl() throws java.io.IOException {
        Files.writeString(config, "crawler:\n  resolve-concurrency: 2\n", java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    ServeProcess crawler(String name, String address) {
        try {
            return start(name, List.of("--role", "crawl", "--dht-bind", address, "--nodes",
                    Integer.toString(FleetIT.CRAWLER_NODES)));
        } catch (Exception e) {
            throw new IllegalStateException("starting " + name + " failed", e);
        }
    }

    ServeProcess replica(String name) throws Exception {
        return start(name, List.of("--role", "index", "--dht-bind", "127.0.0.1", "--nodes", "1"));
    }

    ServeProcess start(String name, List<String> roleArgs) throws Exception {
        int port = ServeProcess.freePort();
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--data-dir",
                dir.resolve(name).toString(), "--http", "127.0.0.1:" + port, "--dht-port", "0",
                "--bootstrap", bootstrap, "--allow-private", "--kafka", kafka));
        args.addAll(roleArgs);
        ServeProcess p = ServeProcess.startWith(dir.resolve(name), port, args);
        running.put(name, p);
        started.put(name, args);
        return p;
    }

    /** SIGKILL of one instance. */
    void kill(String name) throws InterruptedException {
        running.get(name).kill();
    }

    /** The same instance again, with its data directory and its HTTP port, as after a crash. */
    ServeProcess restart(String name) throws Exception {
        List<String> args = started.get(name);
        ServeProcess p = ServeProcess.startWith(dir.resolve(name), running.get(name).port, args);
        running.put(name, p);
        return p;
    }

    /** The last lines of every serve's log, for a failure's report. */
    void printLogs() throws java.io.IOException {
        for (Map.Entry<String, ServeProcess> e : running.entrySet()) {
            List<String> lines = Files.readAllLines(e.getValue().log, StandardCharsets.UTF_8);
            System.out.println("---- " + e.getKey() + " log, last lines:");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
        }
    }

    @Override
    public void close() throws Exception {
        for (ServeProcess p : running.values()) {
            p.close();
        }
    }
}
