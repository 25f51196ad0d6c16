package io.lodestone.ops.bench;

import io.lodestone.ops.cli.BadInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace for the phantom benchmark: this process runs itself again under
 * {@code unshare -n} (root), where loopback is its own and iptables rules make connects to one
 * range time out (SYN dropped) and to another fail at once (reset). Nothing outside sees them.
 */
final class PrivateNetwork {

    /** Set in the environment of the re-run process, which is inside the namespace. */
    static final String INSIDE = "LODESTONE_PRIVATE_NETNS";
    /** SYN dropped: connects to this range time out. */
    static final String DROP_RANGE = "127.100.0.0/16";
    /** Refused: connects to this range get a reset. */
    static final String REFUSE_RANGE = "127.101.0.0/16";
    private static final long SETUP_SECONDS = 20;

    private PrivateNetwork() {
    }

    static boolean inside() {
        return "1".equals(System.getenv(INSIDE));
    }

    /** Runs {@code args} of the {@code lodestone} command again inside a fresh namespace; its exit code. */
    static int rerunInside(List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new BadInputException("cannot find this process's java"));
        // what the jar's manifest grants a `java -jar` start (native access, LMDB's NIO opens), so the
        // re-run starts without JVM warnings too
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", java, "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "-XX:+UseSerialGC", "io.lodestone.ops.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(INSIDE, "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BadInputException("the phantom benchmark needs unshare (util-linux) and root: " + e.getMessage());
        }
        return p.waitFor();
    }

    /** Inside the namespace: loopback up, then the drop and refuse rules. */
    static void setUp() throws IOException, InterruptedException {
        run("ip", "link", "set", "lo", "up");
        run("iptables", "-A", "INPUT", "-p", "tcp", "--syn", "-d", DROP_RANGE, "-j", "DROP");
        run("iptables", "-A", "INPUT", "-p", "tcp", "-d", REFUSE_RANGE, "-j", "REJECT", "--reject-with", "tcp-reset");
    }

    /**
     * Inside the namespace: loopback up, and a share of every datagram and segment arriving on it
     * dropped at random (iptables {@code statistic}), for transports under loss.
     */
    static void setUpLossy(double probability) throws IOException, InterruptedException {
        run("ip", "link", "set", "lo", "up");
        run("iptables", "-A", "INPUT", "-i", "lo", "-m", "statistic", "--mode", "random", "--probability",
                String.format(java.util.Locale.ROOT, "%.4f", probability), "-j", "DROP");
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(SETUP_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new BadInputException(String.join(" ", cmd) + " failed (root and iptables are needed): " + out.strip());
        }
    }
}
