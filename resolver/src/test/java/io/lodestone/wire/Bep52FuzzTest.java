package io.lodestone.wire;

import io.lodestone.fuzz.ByteMutator;
import io.lodestone.wire.Bep52Fixtures.FullTree;
import io.lodestone.wire.HashMessage.HashReject;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of the BEP 52 hash message decoder, alone and behind the frame decoder.
 * Only {@link WireFormatException} may come out, with a one-line message; whatever decodes must
 * re-encode to the very same bytes; and whatever decodes as {@code hashes} and then passes
 * {@link PieceLayerProof} against the real root must be exactly the honest answer, so a mutation
 * never smuggles a hash past the check. The seed is fixed, so a failure reproduces.
 */
class Bep52FuzzTest {

    private static final long SEED = 0xB_E052L;
    private static final int PAYLOADS = 200_000;
    private static final int STREAMS = 50_000;
    private static final int CORPUS_SIZE = 200;
    private static final int MAX_REPORTED_FAILURES = 5;
    /** Bytes where the integers of the header, and hashes, are most sensitive. */
    private static final byte[] INTERESTING = {0, 1, 2, 3, 4, 8, 0x10, 0x15, 0x16, 0x17, 0x20, 0x24, 0x7F, (byte) 0x80,
            (byte) 0xFF};
    /** 37 blocks of 16 KiB and a bit: a tree 6 layers high, so proofs have several uncles. */
    private static final int FILE_LENGTH = 37 * 16 * 1024 + 999;

    @Test
    void decoderOnMutatedPayloads() {
        Random r = new Random(SEED);
        byte[] data = new byte[FILE_LENGTH];
        r.nextBytes(data);
        FullTree tree = FullTree.of(data);
        List<byte[]> corpus = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (HashMessage m : corpus(r, tree)) {
            corpus.add(HashMessageCodec.encode(m));
            ids.add(HashMessageCodec.id(m));
        }
        ByteMutator mutator = new ByteMutator(INTERESTING, corpus, 40, 64);
        Failures failures = new Failures();
        int decoded = 0;
        int rejected = 0;
        int verified = 0;
        long start = System.nanoTime();
        for (int i = 0; i < PAYLOADS; i++) {
            int pick = r.nextInt(corpus.size());
            byte[] input = corpus.get(pick);
            for (int rounds = r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1; rounds > 0; rounds--) {
                input = mutator.mutate(input, r);
            }
            int id = r.nextInt(8) == 0 ? 21 + r.nextInt(3) : ids.get(pick);
            try {
                HashMessage m = HashMessageCodec.decode(id, input);
                if (!Arrays.equals(HashMessageCodec.encode(m), input) || HashMessageCodec.id(m) != id) {
                    failures.add("does not re-encode to its bytes: " + m + " from " + hex(input));
                }
                if (m instanceof Hashes h) {
                    PieceLayerProof.Result result = PieceLayerProof.verify(tree.root(), FILE_LENGTH, h);
                    if (result instanceof PieceLayerProof.Verified) {
                        verified++;
                        if (!h.equals(tree.answer(h.request()))) {
                            failures.add("a forged answer verified: " + h + " from " + hex(input));
                        }
                    }
                }
                decoded++;
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException e) {
                failures.add(e + " for id " + id + ": " + hex(input));
            }
        }
        System.out.printf("Bep52FuzzTest: %d mutated payloads in %d ms: %d decoded and re-encoded (%d verified), %d rejected%n",
                PAYLOADS, (System.nanoTime() - start) / 1_000_000, decoded, verified, rejected);

        failures.assertNone();
        assertThat(decoded).isGreaterThan(PAYLOADS / 10);
        assertThat(rejected).isGreaterThan(PAYLOADS / 10);
    }

    @Test
    void hashMessagesBehindTheFrameDecoder() {
        Random r = new Random(SEED + 1);
        byte[] data = new byte[FILE_LENGTH];
        r.nextBytes(data);
        FullTree tree = FullTree.of(data);
        List<HashMessage> messages = corpus(r, tree);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < CORPUS_SIZE / 4; i++) {
            // a few frames back to back, a keep-alive or a have among them
            ByteBuffer stream = ByteBuffer.allocate(1 << 16);
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                stream.put(r.nextInt(5) == 0 ? PeerMessageCodec.encode(new PeerMessage.Have(r.nextInt(100)))
                        : HashMessageCodec.encodeFrame(messages.get(r.nextInt(messages.size()))));
            }
            corpus.add(Arrays.copyOf(stream.array(), stream.position()));
        }
        ByteMutator mutator = new ByteMutator(INTERESTING, corpus, 40, 64);
        Failures failures = new Failures();
        int hashMessages = 0;
        int rejected = 0;
        for (int i = 0; i < STREAMS; i++) {
            byte[] input = mutator.mutate(corpus.get(r.nextInt(corpus.size())), r);
            FrameDecoder d = new FrameDecoder();
            try {
                for (PeerMessage m : d.feed(input)) {
                    if (m instanceof PeerMessage.UnknownMessage u) {
                        Optional<HashMessage> h = HashMessageCodec.fromUnknown(u);
                        if (h.isPresent()) {
                            hashMessages++;
                            if (!HashMessageCodec.toMessage(h.get()).equals(u)) {
                                failures.add("hash message does not round-trip: " + h.get());
                            }
                        }
                    }
                }
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException e) {
                failures.add(e + " for " + hex(input));
            }
        }
        System.out.printf("Bep52FuzzTest: %d mutated streams: %d hash messages decoded, %d streams rejected%n",
                STREAMS, hashMessages, rejected);

        failures.assertNone();
        assertThat(hashMessages).isGreaterThan(STREAMS / 10);
        assertThat(rejected).isGreaterThan(STREAMS / 10);
    }

    /** Honest answers with full proofs, requests and rejects, some with fewer proof layers. */
    private static List<HashMessage> corpus(Random r, FullTree tree) {
        List<HashMessage> out = new ArrayList<>();
        while (out.size() < CORPUS_SIZE) {
            int base = r.nextInt(3);
            int width = tree.layer(base).size();
            int length = 2 << r.nextInt(Integer.numberOfTrailingZeros(width));
            int index = length * r.nextInt(width / length);
            HashRequest full = PieceLayerProof.request(tree.root(), FILE_LENGTH, base, index, length);
            HashRequest partial = new HashRequest(tree.root(), base, index, length, r.nextInt(full.proofLayers() + 1));
            HashRequest req = r.nextBoolean() ? full : partial;
            out.add(switch (r.nextInt(4)) {
                case 0 -> req;
                case 1 -> new HashReject(req);
                default -> tree.answer(req);
            });
        }
        return out;
    }

    private static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
        return b.length > 200 ? h + "..." : h;
    }

    /** The first few failures, each with the input that caused it. */
    private static final class Failures {
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String what) {
            if (count++ < MAX_REPORTED_FAILURES) {
                list.add(what);
            }
        }

        void checkMessage(WireFormatException e, byte[] input) {
            String m = e.getMessage();
            if (m == null || m.isEmpty() || m.length() > WireFormatException.MAX_REASON_LENGTH
                    || m.chars().anyMatch(Character::isISOControl)) {
                add("bad message " + m + " for " + hex(input));
            }
        }

        void assertNone() {
            assertThat(list).as("%d failures", count).isEmpty();
        }
    }
}
