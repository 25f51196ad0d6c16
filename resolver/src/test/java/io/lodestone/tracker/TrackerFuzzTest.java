package io.lodestone.tracker;

import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static io.lodestone.tracker.Wire.bytes;
import static io.lodestone.tracker.Wire.hex;
import static io.lodestone.tracker.Wire.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of every tracker decoder: HTTP announce and scrape answers (strict and
 * lenient) and BEP 15 connect, announce (IPv4 and IPv6), scrape and error packets. Valid answers
 * are mutated at random (bytes, bencode tokens, lengths, splices); only {@link TrackerException}
 * may come out, with a one-line, bounded message, and what parses must be within the limits. The
 * seed is fixed, so a failure reproduces.
 */
class TrackerFuzzTest {

    private static final long SEED = 0x7ac4e5_2024L;
    private static final int HTTP_ANNOUNCES = 150_000;
    private static final int HTTP_SCRAPES = 40_000;
    private static final int UDP_PACKETS = 140_000;
    private static final int MAX_PEERS = 40;
    private static final int MAX_MESSAGE_LENGTH = TrackerException.PREFIX.length() + TrackerText.MAX_REASON_CHARS + 3;
    private static final int MAX_REPORTED_FAILURES = 5;
    private static final int TID = 0x01020304;
    private static final List<InfoHash> ASKED = List.of(Wire.HASH, InfoHash.fromHex("ff".repeat(20)));

    private static final List<byte[]> HTTP_SEEDS = List.of(
            bytes("d8:completei1e10:downloadedi0e10:incompletei0e8:intervali1817e12:min intervali908e5:peers6:",
                    hex("7f0000011ae1"), "e"),
            bytes("d8:completei5e10:incompletei3e8:intervali1800e12:min intervali900e5:peers",
                    str(hex("7f0000011ae10a000002c8d5c0a80101ffff")), "6:peers6",
                    str(hex("20010db80000000000000000000000011ae1")), "10:tracker id3:abc15:warning message4:slowe"),
            bytes("d8:intervali60e5:peersld2:ip8:10.0.0.17:peer id20:AAAAAAAAAAAAAAAAAAAA4:porti6881ee",
                    "d2:ip11:2001:db8::14:porti51413eed2:ip15:tracker.example4:porti80eee"),
            bytes("d14:failure reason63:Requested download is not authorized for use with this tracker.e"),
            bytes("d8:intervali30e8:completei1e5:peers6:", hex("7f0000011ae1"), "e\n"),
            bytes("d8:intervali1e5:peers0:6:peers60:e"));

    private static final List<byte[]> SCRAPE_SEEDS = List.of(
            bytes("d5:filesd", str(new byte[20]), "d8:completei1ee", str(Wire.HASH.bytes()),
                    "d8:completei5e10:downloadedi50e10:incompletei10eeee"),
            bytes("d5:filesdee"),
            bytes("d14:failure reason4:nopee"));

    /** Bencode fragments that steer mutations toward the decoders' edges. */
    private static final List<String> TOKENS = List.of("d", "e", "l", "i", ":", "0:", "1:", "de", "le", "i0e", "i-1e",
            "i-0e", "i01e", "i2147483648e", "i9223372036854775808e", "4294967296:", "99999:", "6:", "18:",
            "5:peers", "6:peers6", "8:interval", "12:min interval", "14:failure reason", "15:warning message",
            "10:tracker id", "8:complete", "10:incomplete", "5:files", "2:ip", "4:port", "\n", " ", "\r\n");

    private final HttpTrackerCodec lenient = new HttpTrackerCodec(TrackerConfig.defaults().withLimits(5, 1 << 16, MAX_PEERS));
    private final HttpTrackerCodec strict = new HttpTrackerCodec(TrackerConfig.defaults().withLimits(5, 1 << 16, MAX_PEERS)
            .withLenientBencode(false));
    private final UdpTrackerCodec udp = new UdpTrackerCodec(TrackerConfig.defaults().withLimits(5, 1 << 16, MAX_PEERS));

    private enum Outcome { PARSED, REJECTED, FAILED }

    private record Tally(int parsed, int rejected) {
    }

    @Test
    void httpAnnounceAnswers() {
        Random r = new Random(SEED);
        Tally t = run("HTTP announce", HTTP_ANNOUNCES, () -> r.nextBoolean() ? mutateBencode(r, HTTP_SEEDS, 1 + r.nextInt(3))
                : mutateBencode(r, List.of(generateAnnounce(r)), r.nextInt(2)), input -> {
            AnnounceResponse a = (r.nextBoolean() ? lenient : strict).parseAnnounce(input);
            checkResponse(a);
            return a;
        });
        assertThat(t.parsed()).isGreaterThan(HTTP_ANNOUNCES / 20);
        assertThat(t.rejected()).isGreaterThan(HTTP_ANNOUNCES / 20);
    }

    @Test
    void httpScrapeAnswers() {
        Random r = new Random(SEED + 1);
        Tally t = run("HTTP scrape", HTTP_SCRAPES, () -> r.nextBoolean() ? mutateBencode(r, SCRAPE_SEEDS, 1 + r.nextInt(3))
                        : mutateBencode(r, List.of(generateScrape(r)), r.nextInt(2)),
                input -> lenient.parseScrape(input));
        assertThat(t.parsed()).isGreaterThan(HTTP_SCRAPES / 20);
        assertThat(t.rejected()).isGreaterThan(HTTP_SCRAPES / 20);
    }

    @Test
    void udpPackets() {
        Random r = new Random(SEED + 2);
        List<byte[]> seeds = List.of(
                FakeUdpTracker.connected(TID, 0x1122334455667788L),
                FakeUdpTracker.announced(TID, 1800, hex("7f0000011ae10a000002c8d5c0a80101ffff")),
                FakeUdpTracker.announced(TID, 60, hex("20010db80000000000000000000000011ae1")),
                FakeUdpTracker.announced(TID, 60, new byte[0]),
                ByteBuffer.allocate(32).putInt(2).putInt(TID).putInt(4).putInt(5).putInt(6).putInt(7).putInt(8)
                        .putInt(9).array(),
                FakeUdpTracker.error(TID, "Requested download is not authorized for use with this tracker."));
        // mostly the decoder the packet's action calls for, sometimes any other
        Tally t = run("UDP", UDP_PACKETS, () -> mutatePacket(r, seeds), input -> switch (input.length >= 4
                && r.nextInt(5) != 0 ? Math.min(input[3] & 0xff, 4) : r.nextInt(4)) {
            case 0 -> UdpTrackerCodec.parseConnect(input, TID);
            case 1 -> checkResponse(udp.parseAnnounce(input, TID, r.nextBoolean()));
            case 2 -> UdpTrackerCodec.parseScrape(input, TID, ASKED);
            case 3 -> switch (r.nextInt(4)) {
                case 0 -> UdpTrackerCodec.parseConnect(input, TID);
                case 1 -> checkResponse(udp.parseAnnounce(input, TID, false));
                default -> UdpTrackerCodec.parseScrape(input, TID, ASKED);
            };
            default -> UdpTrackerCodec.parseConnect(input, TID);
        });
        assertThat(t.parsed()).isGreaterThan(UDP_PACKETS / 20);
        assertThat(t.rejected()).isGreaterThan(UDP_PACKETS / 20);
    }

    private static AnnounceResponse checkResponse(AnnounceResponse a) {
        if (a.peers().size() > MAX_PEERS || a.interval() < 0) {
            throw new AssertionError("limits not kept: " + a);
        }
        for (InetSocketAddress p : a.peers()) {
            if (p.isUnresolved() || p.getPort() == 0) {
                throw new AssertionError("unusable peer " + p);
            }
        }
        if (a.warning() != null && a.warning().chars().anyMatch(c -> c < 0x20)) {
            throw new AssertionError("warning with control characters");
        }
        return a;
    }

    private static Tally run(String what, int count, java.util.function.Supplier<byte[]> inputs,
                             Function<byte[], Object> decoder) {
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[] input = inputs.get();
            switch (check(input, decoder, failures)) {
                case PARSED -> parsed++;
                case REJECTED -> rejected++;
                case FAILED -> { }
            }
        }
        System.out.printf("TrackerFuzzTest: %d %s inputs in %d ms: %d parsed, %d rejected%n", count, what,
                (System.nanoTime() - start) / 1_000_000, parsed, rejected);
        assertThat(failures).as(what).isEmpty();
        return new Tally(parsed, rejected);
    }

    private static Outcome check(byte[] input, Function<byte[], Object> decoder, List<String> failures) {
        try {
            decoder.apply(input);
            return Outcome.PARSED;
        } catch (TrackerException e) {
            String m = e.getMessage();
            if (!m.startsWith(TrackerException.PREFIX) || m.length() > MAX_MESSAGE_LENGTH
                    || m.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return fail(failures, "bad message for " + show(input) + ": " + m);
            }
            return Outcome.REJECTED;
        } catch (RuntimeException | Error e) {
            return fail(failures, e + " for " + show(input));
        }
    }

    private static Outcome fail(List<String> failures, String what) {
        if (failures.size() < MAX_REPORTED_FAILURES) {
            failures.add(what);
        }
        return Outcome.FAILED;
    }

    private static String show(byte[] input) {
        String s = new String(input, 0, Math.min(input.length, 200), StandardCharsets.ISO_8859_1);
        return "'" + TrackerText.oneLine(s, 200) + "' (" + input.length + " bytes)";
    }

    /**
     * A random announce answer: known keys with values mostly of the right type and range, in
     * sorted or shuffled order, so that inputs get past the bencode layer into the field checks.
     */
    private static byte[] generateAnnounce(Random r) {
        List<byte[][]> entries = new ArrayList<>();
        if (r.nextInt(10) == 0) {
            entries.add(entry("failure reason", str(randomBytes(r, 40))));
        }
        if (r.nextInt(10) != 0) {
            entries.add(entry("interval", integer(r)));
        }
        if (r.nextInt(3) == 0) {
            entries.add(entry("min interval", integer(r)));
        }
        if (r.nextInt(2) == 0) {
            entries.add(entry("complete", integer(r)));
        }
        if (r.nextInt(2) == 0) {
            entries.add(entry("incomplete", integer(r)));
        }
        if (r.nextInt(5) != 0) {
            entries.add(entry("peers", r.nextInt(4) == 0 ? dictPeers(r) : str(compact(r, 6))));
        }
        if (r.nextInt(3) == 0) {
            entries.add(entry("peers6", str(compact(r, 18))));
        }
        if (r.nextInt(4) == 0) {
            entries.add(entry("warning message", str(randomBytes(r, 30))));
        }
        if (r.nextInt(4) == 0) {
            entries.add(entry("tracker id", str(randomBytes(r, r.nextInt(20) == 0 ? 300 : 12))));
        }
        return dict(r, entries);
    }

    private static byte[] generateScrape(Random r) {
        List<byte[][]> files = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            byte[] hash = new byte[r.nextInt(20) == 0 ? r.nextInt(30) : 20];
            r.nextBytes(hash);
            List<byte[][]> stats = new ArrayList<>();
            for (String k : List.of("complete", "downloaded", "incomplete")) {
                if (r.nextInt(4) != 0) {
                    stats.add(entry(k, integer(r)));
                }
            }
            files.add(new byte[][] {str(hash), dict(r, stats)});
        }
        return dict(r, List.<byte[][]>of(entry("files", dict(r, files))));
    }

    private static byte[][] entry(String key, byte[] value) {
        return new byte[][] {str(key), value};
    }

    /** Keys sorted (as bencode wants) most of the time, shuffled otherwise. */
    private static byte[] dict(Random r, List<byte[][]> entries) {
        List<byte[][]> e = new ArrayList<>(entries);
        if (r.nextInt(8) == 0) {
            java.util.Collections.shuffle(e, r);
        } else {
            e.sort((a, b) -> Arrays.compareUnsigned(value(a[0]), value(b[0])));
        }
        List<Object> parts = new ArrayList<>();
        parts.add("d");
        for (byte[][] kv : e) {
            parts.add(kv[0]);
            parts.add(kv[1]);
        }
        parts.add("e");
        return bytes(parts.toArray());
    }

    /** The payload of an encoded string, for sorting keys. */
    private static byte[] value(byte[] encodedString) {
        int colon = 0;
        while (encodedString[colon] != ':') {
            colon++;
        }
        return Arrays.copyOfRange(encodedString, colon + 1, encodedString.length);
    }

    private static byte[] integer(Random r) {
        long v = switch (r.nextInt(12)) {
            case 0 -> -1 - r.nextInt(10);
            case 1 -> Integer.MAX_VALUE + 1L + r.nextInt(10);
            case 2 -> r.nextLong();
            default -> r.nextInt(4000);
        };
        return bytes("i" + v + "e");
    }

    private static byte[] compact(Random r, int entry) {
        int n = r.nextInt(MAX_PEERS + 10);
        byte[] b = new byte[n * entry + (r.nextInt(20) == 0 ? 1 + r.nextInt(entry - 1) : 0)];
        r.nextBytes(b);
        return b;
    }

    private static byte[] dictPeers(Random r) {
        List<Object> parts = new ArrayList<>();
        parts.add("l");
        for (int i = r.nextInt(MAX_PEERS + 10); i > 0; i--) {
            String ip = switch (r.nextInt(5)) {
                case 0 -> r.nextInt(300) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                case 1 -> "2001:db8::" + Integer.toHexString(r.nextInt(0x10000));
                case 2 -> "peer" + r.nextInt(9) + ".example";
                case 3 -> "::ffff:" + r.nextInt(256) + ".1.2.3";
                default -> new String(randomBytes(r, 12), StandardCharsets.ISO_8859_1);
            };
            parts.add(dict(r, List.of(entry("ip", str(ip)), entry("port", r.nextInt(40) == 0 ? str("80")
                    : bytes("i" + (r.nextInt(10) == 0 ? r.nextInt() : r.nextInt(65536)) + "e")))));
        }
        parts.add("e");
        return bytes(parts.toArray());
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[max == 0 ? 0 : r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutateBencode(Random r, List<byte[]> seeds, int rounds) {
        byte[] s = seeds.get(r.nextInt(seeds.size()));
        for (int k = 0; k < rounds; k++) {
            int at = r.nextInt(s.length + 1);
            s = switch (r.nextInt(8)) {
                case 0 -> insert(s, at, TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.ISO_8859_1));
                case 1 -> insert(s, at, new byte[] {(byte) "deil:0123456789-".charAt(r.nextInt(16))});
                default -> mutateBytes(r, s, seeds, at);
            };
        }
        return s;
    }

    private static byte[] mutatePacket(Random r, List<byte[]> seeds) {
        byte[] s = seeds.get(r.nextInt(seeds.size()));
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            int at = r.nextInt(s.length + 1);
            s = switch (r.nextInt(8)) {
                case 0 -> { // another action, keeping the rest
                    byte[] c = s.clone();
                    if (c.length >= 4) {
                        c[3] = (byte) r.nextInt(5);
                    }
                    yield c;
                }
                case 1 -> insert(s, at, new byte[r.nextInt(1, 19)]); // zeros: port-0 entries and lengths
                default -> mutateBytes(r, s, seeds, at);
            };
        }
        return s;
    }

    /** Mutations that suit any format. */
    private static byte[] mutateBytes(Random r, byte[] s, List<byte[]> seeds, int at) {
        return switch (r.nextInt(6)) {
            case 0 -> { // flip a bit
                if (s.length == 0) {
                    yield s;
                }
                byte[] c = s.clone();
                c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                yield c;
            }
            case 1 -> { // a random byte
                if (s.length == 0) {
                    yield s;
                }
                byte[] c = s.clone();
                c[r.nextInt(c.length)] = (byte) r.nextInt(256);
                yield c;
            }
            case 2 -> { // delete a stretch
                int end = Math.min(s.length, at + 1 + r.nextInt(8));
                byte[] c = new byte[s.length - (end - at)];
                System.arraycopy(s, 0, c, 0, at);
                System.arraycopy(s, end, c, at, s.length - end);
                yield c;
            }
            case 3 -> { // repeat a stretch
                int end = Math.min(s.length, at + r.nextInt(40));
                yield insert(s, end, Arrays.copyOfRange(s, at, end));
            }
            case 4 -> { // splice: the head of this one, the tail of another
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                yield bytes(Arrays.copyOf(s, at), Arrays.copyOfRange(other, r.nextInt(other.length + 1), other.length));
            }
            default -> Arrays.copyOf(s, at); // cut short
        };
    }

    private static byte[] insert(byte[] s, int at, byte[] piece) {
        byte[] c = new byte[s.length + piece.length];
        System.arraycopy(s, 0, c, 0, at);
        System.arraycopy(piece, 0, c, at, piece.length);
        System.arraycopy(s, at, c, at + piece.length, s.length - at);
        return c;
    }
}
