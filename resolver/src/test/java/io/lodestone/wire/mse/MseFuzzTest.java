package io.lodestone.wire.mse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.wire.WireMutator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of both MSE/PE handshake state machines. The corpus is real
 * conversations between our initiator and receiver; each input replays one side's bytes, mutated
 * (bit flips, interesting values, insertions, deletions, truncations, splices), to a fresh machine
 * seeded as the recorded one, so mutations reach every state past the key exchange. Inputs arrive
 * in random pieces. Nothing may throw, a failure must be one of the named kinds, and a machine
 * still waiting never holds more than the spec's limits allow. {@value #DEFAULT_INPUTS} inputs by
 * default; {@code -Dmse.fuzz.inputs=1000000} runs the full count.
 */
class MseFuzzTest {

    static final int DEFAULT_INPUTS = 20_000;
    private static final long SEED = 0x5eedL;
    private static final int CORPUS = 40;
    /** Largest mutated input: a whole handshake with room to spare. */
    private static final int MAX_INPUT = 3 * 1024;
    /**
     * The most a waiting machine may hold: the longest search window (PadA/PadB then a hash),
     * plus the fields that follow a found marker and PadC, plus one fed piece.
     */
    private static final int MAX_HELD = Mse.MAX_PAD + Mse.HASH_LENGTH + Mse.HASH_LENGTH + Mse.VC_LENGTH
            + Mse.CRYPTO_FIELD_LENGTH + Mse.LENGTH_FIELD + Mse.MAX_PAD + Mse.LENGTH_FIELD + MAX_INPUT;

    /** One recorded conversation: the seeds of both sides and what each sent. */
    private record Talk(long seedA, long seedB, EncryptionPolicy policyB, byte[] aSent, byte[] bSent) {
    }

    @Test
    void neitherSideCrashesOrHoardsOnMutatedHandshakes() {
        int inputs = Integer.getInteger("mse.fuzz.inputs", DEFAULT_INPUTS);
        Random r = new Random(SEED);
        List<Talk> talks = new ArrayList<>();
        for (int i = 0; i < CORPUS; i++) {
            talks.add(record(r.nextLong(), r.nextLong(), EncryptionPolicy.values()[i % 2]));
        }
        List<byte[]> aCorpus = talks.stream().map(Talk::aSent).toList();
        List<byte[]> bCorpus = talks.stream().map(Talk::bSent).toList();
        List<String> failures = new ArrayList<>();
        int[] outcomes = new int[3];
        long start = System.nanoTime();
        for (int i = 0; i < inputs && failures.size() < 5; i++) {
            Talk t = talks.get(r.nextInt(talks.size()));
            boolean toReceiver = (i & 1) == 0;
            byte[] input = r.nextInt(20) == 0 ? random(r) : WireMutator.mutate(r,
                    List.of(toReceiver ? t.aSent() : t.bSent()), toReceiver ? bCorpus : aCorpus, MAX_INPUT);
            try {
                outcomes[toReceiver ? feedReceiver(t, input, r) : feedInitiator(t, input, r)]++;
            } catch (RuntimeException | Error e) {
                failures.add((toReceiver ? "receiver" : "initiator") + ": " + e + " for "
                        + HexFormat.of().formatHex(input));
            }
        }
        System.out.printf("MseFuzzTest: %d inputs in %.1f s: %d pending, %d established, %d failed%n", inputs,
                (System.nanoTime() - start) / 1e9, outcomes[0], outcomes[1], outcomes[2]);
        assertThat(failures).isEmpty();
        // the corpus is live: mutated handshakes still complete now and then, and many end in a named failure
        assertThat(outcomes[1]).isGreaterThan(inputs / 10);
        assertThat(outcomes[2]).isGreaterThan(inputs / 10);
    }

    /** 0 pending, 1 established, 2 failed. */
    private static int feedReceiver(Talk t, byte[] input, Random r) {
        MseReceiver b = new MseReceiver(t.policyB(), SkeyDirectory.of(MseHandshakeTest.SKEY),
                new SplittableRandom(t.seedB()));
        return feed(input, r, b::feed, b::buffered);
    }

    private static int feedInitiator(Talk t, byte[] input, Random r) {
        MseInitiator a = new MseInitiator(MseHandshakeTest.SKEY, EncryptionPolicy.PREFER,
                new SplittableRandom(t.seedA()));
        a.initialPayload(MseHandshakeTest.BT_HANDSHAKE);
        a.start();
        return feed(input, r, a::feed, a::buffered);
    }

    private interface Feed {
        MseStep feed(byte[] b, int off, int len);
    }

    private static int feed(byte[] input, Random r, Feed machine, java.util.function.IntSupplier held) {
        int at = 0;
        while (at < input.length) {
            int n = r.nextInt(3) == 0 ? input.length - at : Math.min(input.length - at, 1 + r.nextInt(200));
            MseStep s = machine.feed(input, at, n);
            at += n;
            switch (s) {
                case MseStep.Pending p -> {
                    if (held.getAsInt() > MAX_HELD) {
                        throw new AssertionError("holds " + held.getAsInt() + " bytes while waiting");
                    }
                }
                case MseStep.Established e -> {
                    return 1;
                }
                case MseStep.Failed f -> {
                    if (f.detail().isBlank() || f.detail().contains("\n")) {
                        throw new AssertionError("failure detail not one line: " + f);
                    }
                    return 2;
                }
            }
        }
        return 0;
    }

    private static Talk record(long seedA, long seedB, EncryptionPolicy policyB) {
        MseInitiator a = new MseInitiator(MseHandshakeTest.SKEY, EncryptionPolicy.PREFER, new SplittableRandom(seedA));
        MseReceiver b = new MseReceiver(policyB, SkeyDirectory.of(MseHandshakeTest.SKEY), new SplittableRandom(seedB));
        a.initialPayload(MseHandshakeTest.BT_HANDSHAKE);
        java.io.ByteArrayOutputStream aSent = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream bSent = new java.io.ByteArrayOutputStream();
        byte[] ya = a.start();
        aSent.writeBytes(ya);
        MseStep sb = b.feed(ya, 0, ya.length);
        bSent.writeBytes(sb.send());
        MseStep sa = a.feed(sb.send(), 0, sb.send().length);
        aSent.writeBytes(sa.send());
        aSent.writeBytes(new byte[] {0, 0, 0, 0}); // a keep-alive after the handshake
        sb = b.feed(sa.send(), 0, sa.send().length);
        bSent.writeBytes(sb.send());
        assertThat(sb).isInstanceOf(MseStep.Established.class);
        assertThat(a.feed(sb.send(), 0, sb.send().length)).isInstanceOf(MseStep.Established.class);
        return new Talk(seedA, seedB, policyB, aSent.toByteArray(), bSent.toByteArray());
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(MAX_INPUT)];
        r.nextBytes(b);
        return b;
    }
}
