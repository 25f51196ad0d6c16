package io.lodestone.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The MSE/PE handshake between our own initiator and receiver, byte by byte, and what each refuses. */
class MseHandshakeTest {

    static final byte[] SKEY = filled(20, 0x11);
    static final byte[] OTHER = filled(20, 0x22);
    static final byte[] BT_HANDSHAKE = handshakeBytes();

    /** Both sides after a full conversation, and the payload each saw past the handshake. */
    record Pair(MseStep.Established initiator, MseStep.Established receiver) {
    }

    @Test
    void rc4IsSelectedWhenBothOfferItAndIaArrivesDecrypted() {
        Pair p = converse(EncryptionPolicy.PREFER, EncryptionPolicy.PREFER, BT_HANDSHAKE, 1, 7);
        assertThat(p.receiver().session().encrypted()).isTrue();
        assertThat(p.initiator().session().encrypted()).isTrue();
        assertThat(p.receiver().session().skey()).isEqualTo(SKEY);
        assertThat(p.receiver().payload()).isEqualTo(BT_HANDSHAKE);
        assertStreamsAgree(p, 3);
    }

    @Test
    void plaintextIsSelectedWhenOnlyItIsOfferedAndIaStaysEncryptedUnderRc4() {
        // a receiver sees IA under RC4, then the stream in the clear
        Pair q = runPlainOnly(BT_HANDSHAKE);
        assertThat(q.receiver().session().encrypted()).isFalse();
        assertThat(q.receiver().payload()).isEqualTo(BT_HANDSHAKE);
        byte[] later = "after IA".getBytes(StandardCharsets.US_ASCII);
        byte[] copy = later.clone();
        q.receiver().session().decrypt(copy, 0, copy.length);
        assertThat(copy).isEqualTo(later);
        assertThat(q.receiver().session().transparent()).isTrue();
        assertThat(q.initiator().session().transparent()).isTrue();
        MseReceiver strict = new MseReceiver(EncryptionPolicy.REQUIRE, SkeyDirectory.of(SKEY), new SplittableRandom(2));
        MseStep refused = exchange(new MseInitiator(SKEY, Mse.CRYPTO_PLAINTEXT, new SplittableRandom(1)), strict,
                BT_HANDSHAKE, 50)[1];
        assertThat(((MseStep.Failed) refused).kind()).isEqualTo(MseStep.Kind.NO_COMMON_METHOD);
    }

    @Test
    void everySplitOfTheStreamGivesTheSameResult() {
        for (int chunk = 1; chunk <= 700; chunk += 1) {
            Pair p = converse(EncryptionPolicy.PREFER, EncryptionPolicy.REQUIRE, BT_HANDSHAKE, chunk, chunk);
            assertThat(p.receiver().payload()).isEqualTo(BT_HANDSHAKE);
            assertThat(p.receiver().session().encrypted()).isTrue();
        }
    }

    @Test
    void plainBitTorrentHandshakePassesThroughUnlessEncryptionIsRequired() {
        MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY), new SplittableRandom(3));
        MseStep s = null;
        for (int i = 0; i < BT_HANDSHAKE.length; i++) {
            s = b.feed(BT_HANDSHAKE, i, 1);
            if (!(s instanceof MseStep.Pending)) {
                break;
            }
        }
        assertThat(s).isInstanceOf(MseStep.Established.class);
        MseStep.Established e = (MseStep.Established) s;
        assertThat(e.session().plainHandshake()).isTrue();
        assertThat(e.payload()).isEqualTo(Arrays.copyOf(BT_HANDSHAKE, 20));

        MseReceiver strict = new MseReceiver(EncryptionPolicy.REQUIRE, SkeyDirectory.of(SKEY), new SplittableRandom(3));
        assertThat(strict.feed(BT_HANDSHAKE, 0, BT_HANDSHAKE.length))
                .isEqualTo(new MseStep.Failed(MseStep.Kind.PLAINTEXT_REFUSED,
                        "plaintext BitTorrent handshake, and encryption is required"));
    }

    @Test
    void encryptedHandshakeIsRefusedWhenEncryptionIsDisabled() {
        MseInitiator a = new MseInitiator(SKEY, EncryptionPolicy.PREFER, new SplittableRandom(4));
        MseReceiver b = new MseReceiver(EncryptionPolicy.DISABLE, SkeyDirectory.of(SKEY), new SplittableRandom(5));
        byte[] ya = a.start();
        MseStep s = b.feed(ya, 0, ya.length);
        assertThat(s).isInstanceOf(MseStep.Failed.class);
        assertThat(((MseStep.Failed) s).kind()).isEqualTo(MseStep.Kind.ENCRYPTION_REFUSED);
    }

    @Test
    void wrongSkeyIsAnUnknownTorrent() {
        MseInitiator a = new MseInitiator(OTHER, EncryptionPolicy.PREFER, new SplittableRandom(6));
        MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY), new SplittableRandom(7));
        MseStep last = exchange(a, b, new byte[0], 64)[1];
        assertThat(last).isInstanceOf(MseStep.Failed.class);
        assertThat(((MseStep.Failed) last).kind()).isEqualTo(MseStep.Kind.UNKNOWN_TORRENT);
    }

    @Test
    void requireOnBothEndsAgreesOnRc4AndPlainOnlyPeerIsRefused() {
        Pair p = converse(EncryptionPolicy.REQUIRE, EncryptionPolicy.REQUIRE, new byte[0], 100, 100);
        assertThat(p.initiator().session().encrypted()).isTrue();
        assertThat(p.receiver().payload()).isEmpty();
    }

    @Test
    void garbageAfterThePublicKeyFindsNoSync() {
        MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY), new SplittableRandom(8));
        byte[] junk = new byte[Mse.RECEIVER_SYNC_LIMIT];
        new Random(9).nextBytes(junk);
        junk[0] = 0x55; // not a BitTorrent handshake
        MseStep s = b.feed(junk, 0, junk.length);
        assertThat(s).isInstanceOf(MseStep.Failed.class);
        assertThat(((MseStep.Failed) s).kind()).isEqualTo(MseStep.Kind.NO_SYNC);
        assertThat(s.send()).isEmpty(); // the failure swallows the Yb it would have sent: nothing half-said
    }

    @Test
    void initiatorGivesUpWithoutTheEncryptedVc() {
        MseInitiator a = new MseInitiator(SKEY, EncryptionPolicy.PREFER, new SplittableRandom(10));
        a.start();
        byte[] junk = new byte[Mse.INITIATOR_SYNC_LIMIT];
        new Random(11).nextBytes(junk);
        MseStep s = a.feed(junk, 0, junk.length);
        assertThat(s).isInstanceOf(MseStep.Failed.class);
        assertThat(((MseStep.Failed) s).kind()).isEqualTo(MseStep.Kind.NO_SYNC);
    }

    @Test
    void degenerateKeysAreRefused() {
        for (byte[] key : new byte[][] {new byte[Mse.KEY_LENGTH], Mse.toKeyBytes(java.math.BigInteger.ONE),
                Mse.toKeyBytes(Mse.P.subtract(java.math.BigInteger.ONE)), filled(Mse.KEY_LENGTH, 0xFF)}) {
            MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY), new SplittableRandom(12));
            MseStep s = b.feed(key, 0, key.length);
            assertThat(((MseStep.Failed) s).kind()).isEqualTo(MseStep.Kind.BAD_KEY);
        }
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void theInitiatorKnowsWhenItsSecretIsOneAnOlderLibtorrentMisreads() {
        int misread = 0;
        int seed = 0;
        for (; misread < 2; seed++) {
            MseInitiator a = new MseInitiator(SKEY, EncryptionPolicy.PREFER, new SplittableRandom(seed));
            MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY),
                    new SplittableRandom(seed + 1_000_000));
            byte[] ya = a.start();
            byte[] yb = ((MseStep.Pending) b.feed(ya, 0, ya.length)).send();
            a.feed(yb, 0, yb.length);
            Mse.KeyPair bKeys = Mse.newKeyPair(new SplittableRandom(seed + 1_000_000));
            boolean leadingZero = Mse.sharedSecret(bKeys, ya, 0)[0] == 0;
            assertThat(a.secretMisreadByOldLibtorrent()).as("seed %d", seed).isEqualTo(leadingZero);
            misread += leadingZero ? 1 : 0;
        }
        assertThat(seed).as("about 1 in 256 secrets").isGreaterThan(20);
    }

    static Pair converse(EncryptionPolicy ap, EncryptionPolicy bp, byte[] ia, int chunkA, long seed) {
        MseInitiator a = new MseInitiator(SKEY, ap, new SplittableRandom(seed));
        MseReceiver b = new MseReceiver(bp, SkeyDirectory.of(OTHER, SKEY), new SplittableRandom(seed + 1));
        return run(a, b, ia, chunkA);
    }

    private static Pair runPlainOnly(byte[] ia) {
        MseInitiator a = new MseInitiator(SKEY, Mse.CRYPTO_PLAINTEXT, new SplittableRandom(20));
        MseReceiver b = new MseReceiver(EncryptionPolicy.PREFER, SkeyDirectory.of(SKEY), new SplittableRandom(21));
        return run(a, b, ia, 13);
    }

    static Pair run(MseInitiator a, MseReceiver b, byte[] ia, int chunk) {
        MseStep[] ends = exchange(a, b, ia, chunk);
        assertThat(ends[0]).isInstanceOf(MseStep.Established.class);
        assertThat(ends[1]).isInstanceOf(MseStep.Established.class);
        return new Pair((MseStep.Established) ends[0], (MseStep.Established) ends[1]);
    }

    /**
     * Runs both machines against each other, feeding every direction in {@code chunk}-byte pieces;
     * an established side's payload is everything it got past the handshake, through its session.
     */
    static MseStep[] exchange(MseInitiator a, MseReceiver b, byte[] ia, int chunk) {
        a.initialPayload(ia);
        ByteArrayOutputStream toB = new ByteArrayOutputStream();
        toB.writeBytes(a.start());
        MseStep[] ends = new MseStep[2];
        ByteArrayOutputStream[] payload = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        for (int round = 0; round < 10; round++) {
            ByteArrayOutputStream toA = new ByteArrayOutputStream();
            deliver(toB.toByteArray(), chunk, ends, 1, payload[1], (in, off, len) -> b.feed(in, off, len), toA);
            toB.reset();
            deliver(toA.toByteArray(), chunk, ends, 0, payload[0], (in, off, len) -> a.feed(in, off, len), toB);
            if (ends[0] instanceof MseStep.Failed || ends[1] instanceof MseStep.Failed
                    || (ends[0] instanceof MseStep.Established && ends[1] instanceof MseStep.Established)) {
                break;
            }
        }
        for (int side = 0; side < 2; side++) {
            if (ends[side] instanceof MseStep.Established e) {
                ends[side] = new MseStep.Established(e.send(), e.session(), payload[side].toByteArray());
            }
        }
        return ends;
    }

    interface Feed {
        MseStep feed(byte[] in, int off, int len);
    }

    private static void deliver(byte[] bytes, int chunk, MseStep[] ends, int side, ByteArrayOutputStream payload,
                                Feed feed, ByteArrayOutputStream reply) {
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            if (ends[side] instanceof MseStep.Failed) {
                return;
            }
            if (ends[side] instanceof MseStep.Established e) {
                byte[] more = Arrays.copyOfRange(bytes, off, off + len);
                e.session().decrypt(more, 0, len);
                payload.writeBytes(more);
                continue;
            }
            MseStep s = feed.feed(bytes, off, len);
            ends[side] = s;
            reply.writeBytes(s.send());
            if (s instanceof MseStep.Established e) {
                payload.writeBytes(e.payload());
            }
        }
    }

    static void assertStreamsAgree(Pair p, int seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            byte[] msg = new byte[r.nextInt(5000)];
            r.nextBytes(msg);
            byte[] wire = msg.clone();
            p.initiator().session().encrypt(wire, 0, wire.length);
            if (msg.length > 16) {
                assertThat(wire).isNotEqualTo(msg);
            }
            p.receiver().session().decrypt(wire, 0, wire.length);
            assertThat(wire).isEqualTo(msg);
            byte[] back = msg.clone();
            p.receiver().session().encrypt(back, 0, back.length);
            p.initiator().session().decrypt(back, 0, back.length);
            assertThat(back).isEqualTo(msg);
        }
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] handshakeBytes() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(MseReceiver.BT_PROTOCOL);
        o.writeBytes(new byte[8]);
        o.writeBytes(SKEY);
        o.writeBytes(filled(20, 0x33));
        return o.toByteArray();
    }
}
