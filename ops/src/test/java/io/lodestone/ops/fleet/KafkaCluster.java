package io.lodestone.ops.fleet;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka for the tests: {@code n} brokers in KRaft combined mode (each broker is also
 * a controller), each its own JVM started from the test classpath (the broker artifacts from Maven
 * Central), on loopback ports. {@link #close} stops them; a JVM shutdown hook kills any left over,
 * and every wait is bounded.
 */
public final class KafkaCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Heap per broker: the tests move a few MB; three of them share two cores with everything else. */
    static final String BROKER_HEAP = "-Xmx384m";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kafka-cluster-cleanup"));
    }

    /** One broker: its ports, its files, its process (null while stopped). */
    public static final class Broker {
        final int id;
        final int port;
        final int controllerPort;
        final Path dir;
        Process process;

        Broker(int id, int port, int controllerPort, Path dir) {
            this.id = id;
            this.port = port;
            this.controllerPort = controllerPort;
            this.dir = dir;
        }

        public int port() {
            return port;
        }

        public boolean running() {
            return process != null && process.isAlive();
        }
    }

    private final List<Broker> brokers = new ArrayList<>();
    private final Path root;

    private KafkaCluster(Path root) {
        this.root = root;
    }

    /** Attempts when a port picked as free was taken before the broker bound it (other tests run alongside). */
    static final int PORT_ATTEMPTS = 3;

    /** Formats and starts {@code n} brokers under {@code root}; returns once all {@code n} are in the cluster. */
    public static KafkaCluster start(Path root, int n) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(root.resolve("attempt-" + attempt), n);
            } catch (IOException e) {
                if (attempt >= PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static KafkaCluster startOnce(Path root, int n) throws Exception {
        KafkaCluster c = new KafkaCluster(root);
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (int i = 1; i <= n; i++) {
                c.brokers.add(new Broker(i, freePort(), freePort(), root.resolve("broker-" + i)));
            }
            StringJoiner voters = new StringJoiner(",");
            c.brokers.forEach(b -> voters.add(b.id + "@127.0.0.1:" + b.controllerPort));
            for (Broker b : c.brokers) {
                Files.createDirectories(b.dir);
                Files.writeString(b.dir.resolve("server.properties"), properties(b, voters.toString(), n),
                        StandardCharsets.UTF_8);
                int rc = c.run(b, List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                        b.dir.resolve("server.properties").toString(), "--ignore-formatted"), "format.log");
                if (rc != 0) {
                    throw new IOException("kafka storage format failed (" + rc + "): "
                            + Files.readString(b.dir.resolve("format.log")));
                }
            }
            for (Broker b : c.brokers) {
                c.startBroker(b);
            }
            c.awaitBrokers(n);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private static String properties(Broker b, String voters, int n) {
        int rf = Math.min(3, n);
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + b.id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + b.port + ",CONTROLLER://127.0.0.1:" + b.controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + b.port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + b.dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + rf,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=8388608",
                "log.cleaner.threads=1",
                "num.network.threads=2",
                "num.io.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "background.threads=2",
                "") ;
    }

    private int run(Broker b, List<String> mainAndArgs, String logName) throws Exception {
        Process p = process(b, mainAndArgs, logName);
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            LIVE.remove(p);
            throw new IOException("kafka tool did not finish in " + START_TIMEOUT.toSeconds() + " s");
        }
        LIVE.remove(p);
        return p.exitValue();
    }

    private Process process(Broker b, List<String> mainAndArgs, String logName) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                BROKER_HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(b.dir.resolve(logName).toFile())).start();
        LIVE.add(p);
        return p;
    }

    /** Starts a broker (again, after {@link #kill}); its data is kept. */
    public void startBroker(Broker b) throws IOException {
        b.process = process(b, List.of("kafka.Kafka", b.dir.resolve("server.properties").toString()), "broker.log");
    }

    /** SIGKILL: no shutdown, no flush. */
    public void kill(Broker b) throws InterruptedException {
        b.process.destroyForcibly();
        b.process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(b.process);
    }

    /** Waits until {@code n} brokers are in the cluster's metadata. */
    public void awaitBrokers(int n) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (Broker b : brokers) {
                    if (b.process != null && !b.process.isAlive()) {
                        throw new IOException("broker " + b.id + " exited: " + tail(b.dir.resolve("broker.log"), 200));
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= n) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                Thread.sleep(500);
            }
        }
        throw new IOException("the Kafka cluster did not reach " + n + " brokers within " + START_TIMEOUT.toSeconds()
                + " s; broker 1 log: " + tail(brokers.get(0).dir.resolve("broker.log")));
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    public List<Broker> brokers() {
        return brokers;
    }

    /** HOST:PORT of every broker, comma-separated: the {@code --kafka} value. */
    public String bootstrap() {
        StringJoiner j = new StringJoiner(",");
        brokers.forEach(b -> j.add("127.0.0.1:" + b.port));
        return j.toString();
    }

    private static String tail(Path log) {
        return tail(log, 30);
    }

    private static String tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Broker b : brokers) {
            if (b.process != null) {
                b.process.destroy();
            }
        }
        for (Broker b : brokers) {
            if (b.process == null) {
                continue;
            }
            try {
                if (!b.process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    b.process.destroyForcibly();
                    b.process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                b.process.destroyForcibly();
            }
            LIVE.remove(b.process);
        }
    }
}
