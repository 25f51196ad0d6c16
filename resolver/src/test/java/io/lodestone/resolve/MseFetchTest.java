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
}
