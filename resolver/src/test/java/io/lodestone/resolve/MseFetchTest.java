package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.SkeyDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
     * A peer that misreads one secret in 256, as libtorrent 2.0 before May 2026 does: each fetch
     * whose first key meets it dials once more with a new key, and gets the metadata.
     */
    @Test
    void aPeerThatMisreadsTheSecretIsDialledAgainWithANewKey() throws Exception {
        MetadataFetcher fetcher = new MetadataFetcher(QUICK.withEncryption(EncryptionPolicy.REQUIRE));
        int misread = 0;
        int fetches = 0;
        // about 256 fetches, 32 at a time; 10,000 without one would happen by chance once in 10^17
        while (misread == 0 && fetches < 10_000) {
            List<FakePeer> backends = new ArrayList<>();
            List<MseFront> peers = new ArrayList<>();
            try {
                List<CompletableFuture<FetchResult>> results = new ArrayList<>();
                for (int k = 0; k < 32; k++) {
                    backends.add(FakePeer.start(FakePeer.honest(INFO, HASH)));
                    peers.add(MseFront.startMisreading(EncryptionPolicy.REQUIRE, SkeyDirectory.of(HASH.bytes()),
                            backends.getLast().address()));
                    results.add(fetcher.fetch(MAGNET, peers.getLast().address()));
                }
                for (int k = 0; k < results.size(); k++) {
                    FetchResult r = results.get(k).get(15, TimeUnit.SECONDS);
                    assertThat(r).as("fetch %d: %s", fetches + k, r).isInstanceOf(Success.class);
                    int closed = peers.get(k).misreadCloses.get();
                    assertThat(peers.get(k).connections).as("fetch %d", fetches + k).hasValue(1 + closed);
                    misread += closed;
                }
                fetches += results.size();
            } finally {
                for (AutoCloseable c : peers) {
                    c.close();
                }
                for (AutoCloseable c : backends) {
                    c.close();
                }
            }
        }
        assertThat(misread).as("after %d fetches", fetches).isPositive();
    }
}
