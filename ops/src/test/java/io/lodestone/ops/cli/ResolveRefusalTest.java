package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What {@code resolve} says when a peer refuses our handshakes (issue: "no metadata within the
 * deadline (1 peers tried)" and nothing else): a peer that closes every connection is named for the
 * plaintext and the encrypted handshake both, and a plaintext-only peer under
 * {@code --encryption require} for the encrypted one. Loopback peers; the DHT bootstrap is a
 * loopback port where nothing answers.
 */
class ResolveRefusalTest {

    private static final String HASH = "7d3901ac04461731a84358171d94010642f69888";
    private static final byte[] BT = "\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    /** A loopback peer that runs {@code behaviour} on each connection, then closes it. */
    private static ServerSocket peer(ConnectionBehaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setSoTimeout(5_000);
                    behaviour.run(s);
                } catch (IOException e) {
                    // next connection, or the server closed
                }
            }
        });
        return server;
    }

    private interface ConnectionBehaviour {
        void run(Socket s) throws IOException;
    }

    /** 6 s: room for both handshakes of a refused peer on a loaded machine; most answers come sooner. */
    private static CliRun resolve(ServerSocket peer, String encryption) {
        return CliRun.of("resolve", HASH, "--peer", "127.0.0.1:" + peer.getLocalPort(), "--allow-private",
                "--bootstrap", "127.0.0.1:9", "--timeout", "6", "--encryption", encryption);
    }

    @Test
    void aPeerClosingEveryConnectionIsNamedForBothHandshakes() throws Exception {
        try (ServerSocket closer = peer(s -> { })) {
            CliRun run = resolve(closer, "prefer");
            assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
            assertThat(run.err()).contains("ENCRYPTION_REFUSED")
                    .contains("peer closed after our plaintext handshake without a byte back")
                    .contains("peer refused the encrypted handshake");
        }
    }

    @Test
    void aPlaintextOnlyPeerUnderRequireRefusedTheEncryptedHandshake() throws Exception {
        try (ServerSocket plainOnly = peer(s -> {
            byte[] first = s.getInputStream().readNBytes(BT.length);
            if (Arrays.equals(first, BT)) {
                s.getInputStream().read(); // a plaintext peer would answer; here it only waits
            }
        })) {
            CliRun run = resolve(plainOnly, "require");
            assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
            assertThat(run.err()).contains("ENCRYPTION_REFUSED").contains("peer refused the encrypted handshake")
                    .doesNotContain("plaintext handshake");
        }
    }

    @Test
    void aPeerThatRequiresEncryptionUnderDisableRefusedThePlaintextHandshake() throws Exception {
        try (ServerSocket encryptedOnly = peer(s -> {
            InputStream in = s.getInputStream();
            in.readNBytes(BT.length); // a BitTorrent handshake: what a forced peer drops at once
        })) {
            CliRun run = resolve(encryptedOnly, "disable");
            assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
            assertThat(run.err()).contains("PLAINTEXT_REFUSED")
                    .contains("peer closed after our plaintext handshake without a byte back");
        }
    }

    @Test
    void aPeerThatRefusesTheConnectionIsNamedSo() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        CliRun run = CliRun.of("resolve", HASH, "--peer", "127.0.0.1:" + closedPort, "--allow-private",
                "--bootstrap", "127.0.0.1:9", "--timeout", "3", "--encryption", "prefer");
        assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
        assertThat(run.err()).contains("CONNECT_FAILED").contains("Connection refused");
    }

    @Test
    void aPeerThatAcceptsAndNeverAnswersIsNamedSo() throws Exception {
        // reads until we hang up, however long that takes: it never answers and never closes first
        try (ServerSocket silent = peer(s -> {
            s.setSoTimeout(0);
            s.getInputStream().readAllBytes();
        })) {
            CliRun run = resolve(silent, "disable");
            assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND_IN_TIME);
            assertThat(run.err()).contains("still waiting on 1").contains("connected, never answered our handshake");
        }
    }

    @Test
    void aBadEncryptionValueIsOneLineOfBadInput() {
        assertThat(CliRun.of("resolve", HASH, "--encryption", "sometimes", "--bootstrap", "127.0.0.1:9")
                .isOneLineBadInput()).isTrue();
        assertThat(CliRun.of("download", HASH, "-o", "/nonexistent-dir-for-test", "--encryption", "maybe")
                .isOneLineBadInput()).isTrue();
    }
}
