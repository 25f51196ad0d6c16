package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.MseInitiator;
import io.lodestone.wire.mse.MseReceiver;
import io.lodestone.wire.mse.SkeyDirectory;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Metadata fetches through MSE/PE under each policy: against a peer that forces encryption, one
 * that takes plaintext only, and one that closes everything; what each failure is called.
 */
class MseFetchTest {

    private static final byte[] INFO = InfoDicts.singleFile("secret.bin", 100, 1);
    private static final InfoHash HASH = InfoDicts.sha1(INFO);
    private static final MagnetUri MAGNET = MagnetUri.of(HASH);
    private static final FetchConfig QUICK = FetchConfig.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(2));

    private FetchResult fetch(EncryptionPolicy ours, MseFront peer) throws Exception {
        return new MetadataFetcher(QUICK.withEncryption(ours)).fetch(MAGNET, peer.address()).get(15, TimeUnit.SECONDS);
    }

    @Test
    void preferReachesAPeerThatForcesEncryptionBySecondConnection() throws Exception {
        try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH));
             MseFront forced = MseFront.start(EncryptionPolicy.REQUIRE, SkeyDirectory.of(HASH.bytes()),
                     backend.address())) {
            FetchResult r = fetch(EncryptionPolicy.PREFER, forced);
            assertThat(r).as(r.toString()).isInstanceOf(Success.class);
            assertThat(((Success) r).infoBytes()).isEqualTo(INFO);
            assertThat(forced.connections).hasValue(2);
            assertThat(forced.encryptedHandshakes).hasValue(1);
        }
    }

    @Test
    void requireUsesRc4FromTheStartAndPreferUsesPlaintextWithAPeerThatTakesBoth() throws Exception {
        for (EncryptionPolicy ours : new EncryptionPolicy[] {EncryptionPolicy.REQUIRE, EncryptionPolicy.PREFER}) {
            try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH)); // one connection each
                 MseFront both = MseFront.start(EncryptionPolicy.PREFER, SkeyDirectory.of(HASH.bytes()),
                         backend.address())) {
                assertThat(fetch(ours, both)).isInstanceOf(Success.class);
                assertThat(ours == EncryptionPolicy.REQUIRE ? both.encryptedHandshakes : both.plainHandshakes)
                        .hasValue(1);
                assertThat(both.connections).hasValue(1);
            }
        }
    }

    @Test
    void requireAgainstAPlaintextOnlyPeerIsARefusedEncryptedHandshake() throws Exception {
        try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH));
             MseFront plainOnly = MseFront.start(EncryptionPolicy.DISABLE, SkeyDirectory.of(HASH.bytes()),
                     backend.address())) {
            Failure f = (Failure) fetch(EncryptionPolicy.REQUIRE, plainOnly);
            assertThat(f.reason()).isEqualTo(Reason.ENCRYPTION_REFUSED);
            assertThat(f.detail()).contains("peer refused the encrypted handshake");
        }
    }

    @Test
    void disableAgainstAPeerThatForcesEncryptionIsARefusedPlaintextHandshake() throws Exception {
        try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH));
             MseFront forced = MseFront.start(EncryptionPolicy.REQUIRE, SkeyDirectory.of(HASH.bytes()),
                     backend.address())) {
            Failure f = (Failure) fetch(EncryptionPolicy.DISABLE, forced);
            assertThat(f.reason()).isEqualTo(Reason.PLAINTEXT_REFUSED);
            assertThat(f.detail()).contains("closed after our plaintext handshake");
            assertThat(forced.connections).hasValue(1);
        }
    }

    @Test
    void aPeerClosingEverythingIsNamedForBothHandshakes() throws Exception {
        try (MseFront closer = MseFront.start(EncryptionPolicy.PREFER, new SkeyDirectory(), null)) {
            Failure f = (Failure) fetch(EncryptionPolicy.PREFER, closer);
            assertThat(f.reason()).isEqualTo(Reason.ENCRYPTION_REFUSED);
            assertThat(f.detail()).contains("closed after our plaintext handshake")
                    .contains("peer refused the encrypted handshake");
            assertThat(closer.connections).hasValue(2);
        }
    }

    @Test
    void aForcedPeerThatDoesNotServeTheTorrentEndsTheHandshake() throws Exception {
        try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH));
             MseFront other = MseFront.start(EncryptionPolicy.REQUIRE, SkeyDirectory.of(new byte[20]),
                     backend.address())) {
            Failure f = (Failure) fetch(EncryptionPolicy.REQUIRE, other);
            assertThat(f.reason()).isEqualTo(Reason.ENCRYPTION_REFUSED); // it closes: that is all a client sees
        }
    }

    /**
     * A peer that misreads one secret in 256, as libtorrent 2.0 before May 2026 does: a fetch whose
     * first key meets it dials once more with a new key, and gets the metadata. Both sides' keys
     * are seeded; the seed is one whose handshakes, run in memory first, meet a misread secret on
     * the first dial and not on the second.
     */
    @Test
    void aPeerThatMisreadsTheSecretIsDialledAgainWithANewKey() throws Exception {
        long seed = seedWhoseFirstSecretIsMisread();
        try (FakePeer backend = FakePeer.start(FakePeer.honest(INFO, HASH));
             MseFront peer = MseFront.startMisreading(EncryptionPolicy.REQUIRE, SkeyDirectory.of(HASH.bytes()),
                     backend.address(), new Random(PEER_SEED))) {
            FetchConfig config = QUICK.withEncryption(EncryptionPolicy.REQUIRE);
            MetadataFetcher fetcher = new MetadataFetcher(config, PeerTransport.tcpOnly(),
                    AdaptiveConnectTimeout.fixed(config.connectTimeout()), new Random(seed));
            FetchResult r = fetcher.fetch(MAGNET, peer.address()).get(15, TimeUnit.SECONDS);
            assertThat(r).as("seed %d", seed).isInstanceOf(Success.class);
            assertThat(peer.misreadCloses).as("seed %d", seed).hasValue(1);
            assertThat(peer.connections).as("seed %d", seed).hasValue(2);
        }
    }

    /** The misreading peer's seed; any would do. */
    private static final long PEER_SEED = 2026;

    private static long seedWhoseFirstSecretIsMisread() {
        for (long seed = 0; seed < 10_000; seed++) { // about 1 in 256 does; none in 10,000 by chance once in 10^17
            Random ours = new Random(seed);
            Random theirs = new Random(PEER_SEED);
            if (misreadInMemory(ours, theirs) && !misreadInMemory(ours, theirs)) {
                return seed;
            }
        }
        throw new AssertionError("no seed below 10,000 meets a misread secret on its first handshake only");
    }

    /**
     * One handshake as the fetcher and the peer make it, drawing from the same sources in the same
     * order: the peer answers our key and closes if it misreads; we take its key first, and draw
     * the pad of our third message, before we see the close.
     */
    private static boolean misreadInMemory(Random ours, Random theirs) {
        MseInitiator initiator = new MseInitiator(HASH.bytes(), EncryptionPolicy.REQUIRE, ours);
        MseReceiver receiver = new MseReceiver(EncryptionPolicy.REQUIRE, SkeyDirectory.of(HASH.bytes()), theirs);
        byte[] first = initiator.start();
        byte[] answer = receiver.feed(first, 0, first.length).send();
        initiator.feed(answer, 0, answer.length);
        assertThat(initiator.secretMisreadByOldLibtorrent()).isEqualTo(receiver.secretMisreadByOldLibtorrent());
        return receiver.secretMisreadByOldLibtorrent();
    }
}
