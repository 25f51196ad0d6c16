package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.MetadataMessage.Data;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of every decoder in the package: valid inputs are mutated at random (bit
 * flips, interesting bytes and integers, inserted tokens, deletions, truncations, splices,
 * repeats) and decoded. Only {@link WireFormatException} may come out, its message one short
 * line; whatever decodes must encode and decode back to an equal value; the frame decoder must
 * never hold more than its retained buffer for these small inputs, whatever lengths they claim.
 * The seed is fixed, so a failure reproduces.
 */
class WireFuzzTest {

    private static final long SEED = 0x10de5_7043L;
    private static final int FRAME_STREAMS = 300_000;
    private static final int EXTENSION_HANDSHAKES = 150_000;
    private static final int METADATA_MESSAGES = 150_000;
    private static final int HANDSHAKES = 20_000;
    private static final int CORPUS_SIZE = 300;
    /** Mutated inputs are cut to this, far below the frame decoder's retained buffer. */
    private static final int MAX_INPUT = 4096;
    /** Except for inputs that start from a full 16 KiB metadata piece. */
    private static final int MAX_METADATA_INPUT = MetadataCodec.MAX_PAYLOAD_LENGTH + 64;
    private static final int MAX_REPORTED_FAILURES = 5;

    private static final List<byte[]> BENCODE_TOKENS = ascii("i-1e", "i0e", "i1e", "i255e", "i256e", "i65536e",
            "i2147483648e", "i31457281e", "i99999999999999999999e", "i-0e", "i01e", "d", "e", "l", "le", "de", "0:",
            "1:m", "1:p", "1:v", "4:reqq", "6:yourip", "4:\u0001\u0002\u0003\u0004", "13:metadata_size", "8:msg_type",
            "5:piece", "10:total_size", "11:ut_metadata", "6:ut_pex", "16:", "99999:", "2147483648:", "d1:mde");

    // ---- frame decoder ----

    @Test
    void frameDecoderOnMutatedStreams() {
        Random r = new Random(SEED);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < CORPUS_SIZE; i++) {
            corpus.add(WireFixtures.stream(randomMessages(r)));
        }
        Failures failures = new Failures();
        int clean = 0;
        int rejected = 0;
        long messages = 0;
        long start = System.nanoTime();
        for (int i = 0; i < FRAME_STREAMS; i++) {
            byte[] input = WireMutator.mutate(r, corpus, List.of(), MAX_INPUT);
            int maxFrame = r.nextBoolean() ? FrameDecoder.MIN_MAX_FRAME_LENGTH : FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
            FrameDecoder d = new FrameDecoder(maxFrame);
            List<PeerMessage> got = new ArrayList<>();
            try {
                int at = 0;
                while (at < input.length) {
                    int n = r.nextInt(4) == 0 ? input.length - at : Math.min(input.length - at, 1 + r.nextInt(64));
                    d.feed(ByteBuffer.wrap(input, at, n), got::add);
                    at += n;
                    if (d.capacity() > FrameDecoder.RETAINED_CAPACITY) {
                        failures.add("buffer of " + d.capacity() + " bytes for a " + input.length + "-byte input " + hex(input));
                    }
                }
                clean++;
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(e + " for " + hex(input));
            }
            for (PeerMessage m : got) {
                roundTrip(m, failures);
            }
            messages += got.size();
        }
        report("frame streams", FRAME_STREAMS, clean, rejected, start);
        System.out.printf("WireFuzzTest: %d messages decoded from the streams%n", messages);

        failures.assertNone();
        assertThat(clean).isGreaterThan(FRAME_STREAMS / 10);
        assertThat(rejected).isGreaterThan(FRAME_STREAMS / 10);
    }

    private static void roundTrip(PeerMessage m, Failures failures) {
        try {
            PeerMessage back = PeerMessageCodec.decodeFrame(PeerMessageCodec.encode(m));
            if (!back.equals(m)) {
                failures.add("round trip changed " + m + " into " + back);
            }
        } catch (RuntimeException e) {
            failures.add("decoded " + m + " does not round-trip: " + e);
        }
    }

    private static List<PeerMessage> randomMessages(Random r) {
        List<PeerMessage> ms = new ArrayList<>();
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            int piece = r.nextBoolean() ? r.nextInt(100) : r.nextInt(Integer.MAX_VALUE);
            ms.add(switch (r.nextInt(19)) {
                case 0 -> new PeerMessage.KeepAlive();
                case 1 -> new PeerMessage.Choke();
                case 2 -> new PeerMessage.Unchoke();
                case 3 -> new PeerMessage.Interested();
                case 4 -> new PeerMessage.NotInterested();
                case 5 -> new PeerMessage.Have(piece);
                case 6 -> new PeerMessage.Bitfield(bytes(r, r.nextInt(33)));
                case 7 -> new PeerMessage.Request(piece, r.nextInt(1 << 20), 1 + r.nextInt(PeerMessage.MAX_BLOCK_LENGTH));
                case 8 -> new PeerMessage.Piece(piece, r.nextInt(1 << 20), bytes(r, 1 + r.nextInt(64)));
                case 9 -> new PeerMessage.Cancel(piece, r.nextInt(1 << 20), 1 + r.nextInt(1 << 14));
                case 10 -> new PeerMessage.Port(r.nextInt(65536));
                case 11 -> new PeerMessage.SuggestPiece(piece);
                case 12 -> new PeerMessage.HaveAll();
                case 13 -> new PeerMessage.HaveNone();
                case 14 -> new PeerMessage.RejectRequest(piece, r.nextInt(1 << 20), 1 + r.nextInt(1 << 14));
                case 15 -> new PeerMessage.AllowedFast(piece);
                case 16 -> ExtensionHandshake.of(Map.of("ut_metadata", 1 + r.nextInt(255))).toMessage();
                case 17 -> MetadataCodec.toMessage(1 + r.nextInt(255), new MetadataMessage.Request(r.nextInt(10)));
                default -> new PeerMessage.UnknownMessage(21 + r.nextInt(3), bytes(r, r.nextInt(20)));
            });
        }
        return ms;
    }

    // ---- extension handshake ----

    @Test
    void extensionHandshakeOnMutatedDicts() throws Exception {
        Random r = new Random(SEED + 1);
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(WireFixtures.concat(WireFixtures.ascii("d12:complete_agoi-1e1:ei0e4:ipv44:"), WireFixtures.hex("0a000001"),
                WireFixtures.ascii("1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e12:ut_holepunchi4e"
                        + "11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei1234567e1:pi51413e4:reqqi500e"
                        + "11:upload_onlyi0e1:v17:libtorrent 2.0.10"),
                WireFixtures.ascii("6:yourip4:"), WireFixtures.hex("c0000201"), WireFixtures.ascii("e")));
        corpus.add(WireFixtures.ascii("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"));
        while (corpus.size() < CORPUS_SIZE) {
            corpus.add(randomExtensionHandshake(r).encode());
        }
        Failures failures = new Failures();
        int decoded = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < EXTENSION_HANDSHAKES; i++) {
            byte[] input = WireMutator.mutate(r, corpus, BENCODE_TOKENS, MAX_INPUT);
            try {
                ExtensionHandshake h = r.nextInt(4) == 0 ? ExtensionHandshake.decode(input, 1 << 20) : ExtensionHandshake.decode(input);
                byte[] encoded = h.encode();
                if (!ExtensionHandshake.decode(encoded).equals(h) || !Arrays.equals(ExtensionHandshake.decode(encoded).encode(), encoded)) {
                    failures.add("round trip changed " + h + " from " + hex(input));
                }
                decoded++;
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(e + " for " + hex(input));
            }
        }
        report("extension handshakes", EXTENSION_HANDSHAKES, decoded, rejected, start);

        failures.assertNone();
        assertThat(decoded).isGreaterThan(EXTENSION_HANDSHAKES / 10);
        assertThat(rejected).isGreaterThan(EXTENSION_HANDSHAKES / 10);
    }

    private static ExtensionHandshake randomExtensionHandshake(Random r) throws Exception {
        Map<String, Integer> m = new TreeMap<>();
        for (String name : List.of("ut_metadata", "ut_pex", "lt_donthave", "upload_only", "ut_holepunch")) {
            if (r.nextBoolean()) {
                m.put(name, r.nextInt(256));
            }
        }
        BDict.Builder extra = BDict.builder();
        if (r.nextBoolean()) {
            extra.put("e", r.nextInt(2));
        }
        if (r.nextBoolean()) {
            extra.put("complete_ago", r.nextInt(100_000) - 1);
        }
        if (r.nextInt(4) == 0) {
            extra.put("x_list", BList.of(BString.of("a"), BDict.builder().put("k", 1).build()));
        }
        InetAddress ip = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> InetAddress.getByAddress(bytes(r, 4));
            default -> InetAddress.getByAddress(bytes(r, 16));
        };
        return new ExtensionHandshake(m, r.nextBoolean() ? 1L + r.nextInt(3 << 20) : null,
                r.nextBoolean() ? "Client " + r.nextInt(100) + (r.nextBoolean() ? " µ日本" : "") : null,
                r.nextBoolean() ? 1 + r.nextInt(2000) : null, ip,
                r.nextBoolean() ? 1 + r.nextInt(65535) : null, extra.build());
    }

    // ---- ut_metadata ----

    @Test
    void metadataMessagesOnMutatedPayloads() {
        Random r = new Random(SEED + 2);
        List<byte[]> corpus = new ArrayList<>();
        corpus.add(WireFixtures.ascii("d8:msg_typei0e5:piecei0ee"));
        corpus.add(WireFixtures.ascii("d8:msg_typei2e5:piecei0ee"));
        corpus.add(WireFixtures.ascii("d8:msg_typei0e5:piecei1e10:total_sizei34256ee"));
        corpus.add(WireFixtures.concat(WireFixtures.ascii("d8:msg_typei1e5:piecei2e10:total_sizei34256ee"), WireFixtures.repeat('x', 1488)));
        corpus.add(WireFixtures.concat(WireFixtures.ascii("d8:msg_typei1e5:piecei0e10:total_sizei16384ee"), WireFixtures.repeat('x', 16384)));
        while (corpus.size() < CORPUS_SIZE) {
            // last pieces of up to 2000 bytes keep inputs small; a full piece is in the corpus above
            int total = r.nextInt(3) * MetadataMessage.PIECE_SIZE + 1 + r.nextInt(2000);
            int piece = MetadataMessage.pieceCount(total) - 1;
            int length = MetadataMessage.pieceLength(piece, total);
            MetadataMessage m = switch (r.nextInt(5)) {
                case 0 -> new MetadataMessage.Request(r.nextInt(2000));
                case 1 -> new MetadataMessage.Reject(r.nextInt(2000));
                case 2 -> new MetadataMessage.Unknown(3 + r.nextInt(10));
                default -> new Data(piece, total, bytes(r, length));
            };
            corpus.add(MetadataCodec.encode(m));
        }
        Failures failures = new Failures();
        int decoded = 0;
        int rejected = 0;
        int assembled = 0;
        long start = System.nanoTime();
        for (int i = 0; i < METADATA_MESSAGES; i++) {
            byte[] input = WireMutator.mutate(r, corpus, BENCODE_TOKENS, MAX_METADATA_INPUT);
            try {
                MetadataMessage m = r.nextBoolean() ? MetadataCodec.decode(input)
                        : MetadataCodec.decode(input, r.nextInt(4) == 0 ? 34256L : null, 1 << 16);
                MetadataMessage back = MetadataCodec.decode(MetadataCodec.encode(m));
                if (!back.equals(m)) {
                    failures.add("round trip changed " + m + " into " + back);
                }
                if (m instanceof Data data) {
                    // whatever a peer sends, the assembler answers with an outcome, never an exception
                    MetadataAssembler<Integer> a = new MetadataAssembler<>(InfoHash.v1(new byte[20]), null,
                            r.nextBoolean() ? data.totalSize() : 1 + r.nextInt(1 << 16), 1 << 16);
                    assertThat(a.accept(i, data)).isNotNull();
                    assembled++;
                }
                decoded++;
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(e + " for " + hex(input));
            }
        }
        report("ut_metadata messages", METADATA_MESSAGES, decoded, rejected, start);
        System.out.printf("WireFuzzTest: %d data messages fed to an assembler%n", assembled);

        failures.assertNone();
        assertThat(decoded).isGreaterThan(METADATA_MESSAGES / 10);
        assertThat(rejected).isGreaterThan(METADATA_MESSAGES / 10);
        assertThat(assembled).isGreaterThan(METADATA_MESSAGES / 100);
    }

    // ---- handshake ----

    @Test
    void handshakeOnMutatedBytes() {
        Random r = new Random(SEED + 3);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < CORPUS_SIZE; i++) {
            corpus.add(new Handshake(bytes(r, 8), InfoHash.v1(bytes(r, 20)), PeerId.generate(r)).encode());
        }
        Failures failures = new Failures();
        int decoded = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < HANDSHAKES; i++) {
            byte[] input = WireMutator.mutate(r, corpus, List.of(), MAX_INPUT);
            try {
                Handshake h = Handshake.decode(input);
                if (!Arrays.equals(h.encode(), input)) {
                    failures.add("handshake does not re-encode to its bytes: " + hex(input));
                }
                decoded++;
            } catch (WireFormatException e) {
                failures.checkMessage(e, input);
                rejected++;
            } catch (RuntimeException e) {
                failures.add(e + " for " + hex(input));
            }
        }
        report("handshakes", HANDSHAKES, decoded, rejected, start);

        failures.assertNone();
        assertThat(decoded).isGreaterThan(HANDSHAKES / 10);
        assertThat(rejected).isGreaterThan(HANDSHAKES / 10);
    }

    @Test
    void inputCountMeetsTheTarget() {
        assertThat(FRAME_STREAMS + EXTENSION_HANDSHAKES + METADATA_MESSAGES + HANDSHAKES).isGreaterThanOrEqualTo(600_000);
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static List<byte[]> ascii(String... tokens) {
        List<byte[]> out = new ArrayList<>();
        for (String t : tokens) {
            out.add(t.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
        return b.length > 200 ? h + "..." : h;
    }

    private static void report(String what, int inputs, int accepted, int rejected, long start) {
        System.out.printf("WireFuzzTest: %d mutated %s in %d ms: %d accepted and round-tripped, %d rejected%n",
                inputs, what, (System.nanoTime() - start) / 1_000_000, accepted, rejected);
    }

    /** The first few failures, each with the input that caused it. */
    private static final class Failures {
        private static final int MAX_MESSAGE_LENGTH = WireFormatException.MAX_REASON_LENGTH;
        private final List<String> list = new ArrayList<>();
        private int count;

        void add(String what) {
            if (count++ < MAX_REPORTED_FAILURES) {
                list.add(what);
            }
        }

        void checkMessage(WireFormatException e, byte[] input) {
            String m = e.getMessage();
            if (m == null || m.isEmpty() || m.length() > MAX_MESSAGE_LENGTH || m.chars().anyMatch(Character::isISOControl)) {
                add("bad message " + m + " for " + hex(input));
            }
        }

        void assertNone() {
            assertThat(list).as("%d failures", count).isEmpty();
        }
    }

}
