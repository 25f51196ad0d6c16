package io.lodestone.magnet;

import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of the magnet parser: valid links are mutated at random (characters,
 * escapes, whole parameters, splices of two links) and parsed. Only {@link MagnetException} may
 * come out, its message must be one short line, and whatever parses must survive
 * {@code parse(toUri())} unchanged. The seed is fixed, so a failure reproduces.
 */
class MagnetFuzzTest {

    private static final long SEED = 0x10de5_70e_2024L;
    private static final int MUTATED_LINKS = 250_000;
    private static final int GENERATED_LINKS = 20_000;
    private static final int MAX_MESSAGE_LENGTH = 400;
    private static final int MAX_REPORTED_FAILURES = 5;

    private static final String V1 = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private static final String V2 = "d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb";

    private static final List<String> SEEDS = List.of(
            "magnet:?xt=urn:btih:" + V1,
            "magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK&dn=Big+Buck+Bunny",
            "magnet:?xt=urn:btmh:1220" + V2 + "&dn=bittorrent-v2-test",
            "magnet:?xt=urn:btih:631a31dd0a46257d5078c0dee4e66e26f73e42ac&xt=urn:btmh:1220" + V2
                    + "&dn=bittorrent-v1-v2-hybrid-test&tr=udp%3A%2F%2Ftracker.example%3A6969%2Fannounce",
            "magnet:?xt.1=urn:btih:" + V1 + "&tr.1=http://a.example/announce&tr.2=https://b.example:8443/a?k=v"
                    + "&ws=http://seed.example/f%2520g&x.pe=10.0.0.1:6881&x.pe=[2001:db8::1]:51413",
            "magnet:?xt=urn:btih:" + V1 + "&so=0,2,4-6&xl=10826029&dn=%E6%97%A5%E6%9C%AC%20%C3%A9t%C3%A9",
            "MAGNET:?XT=URN:BTIH:" + V1.toUpperCase() + "&DN=x&kt=a+b&as=http://x.example/&xs=urn:sha1:ABC",
            "magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0&xt=urn:btih:" + V1 + "&tr=wss://w.example/&x.pe=peer.example:1",
            "magnet:?dn=first&xt=urn:btmh:1220" + V2 + "&so=1-3&so.1=7&x.pe=[::1]:80&xl=0&tr=udp://[::1]:6969");

    /** Fragments that steer mutations toward the parser's edges. */
    private static final List<String> TOKENS = List.of(
            "%", "%2", "%zz", "%25", "%26", "%3D", "%2B", "%C3", "%C3%A9", "%E6%97", "%ED%A0%80", "%C0%AF", "%F4%90%80%80",
            "%00", "%0A", "%7F", "&", "=", "&&", "+", ".", ".1", ".x", "-", ",", ":", "[", "]", "[::1]", "#", "?", "/",
            "&xt=urn:btih:", "&xt=urn:btmh:1220", "&xt=urn:btmh:1114", "urn:btih:", "urn:btmh:", "&tr=", "&ws=", "&x.pe=",
            "&so=", "&xl=", "&dn=", "udp://", "http://", "https://", "wss://", ":0", ":65535", ":65536", ":99999999999",
            "99999999999999999999", "0-999999999", "1-", "3-1", V1, V2, V1.substring(0, 32).toUpperCase(),
            "日本", "é", "\uD800", "\uDC00", "\uD83D\uDE00", "\u0000", "\u0085", " ", "\t", "\u00A0");
    private static final String CHARS = "%&=+.-,:;/?#[]@!$'()*0123456789abcdefABCDEFxyzXYZ_~ \u00e9\u65e5";

    @Test
    void mutatedLinksOnlyFailWithMagnetExceptionAndRoundTrip() {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < MUTATED_LINKS; i++) {
            String input = mutate(random);
            switch (check(input, i % 8 == 0, failures)) {
                case PARSED -> parsed++;
                case REJECTED -> rejected++;
                case FAILED -> { }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MagnetFuzzTest: %d mutated links in %d ms: %d parsed and round-tripped, %d rejected%n",
                MUTATED_LINKS, millis, parsed, rejected);

        assertThat(failures).isEmpty();
        // both outcomes must be common, or the mutator is not exploring the parser
        assertThat(parsed).isGreaterThan(MUTATED_LINKS / 10);
        assertThat(rejected).isGreaterThan(MUTATED_LINKS / 10);
    }

    @Test
    void generatedMagnetsRoundTrip() {
        Random random = new Random(SEED + 1);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < GENERATED_LINKS; i++) {
            MagnetUri m = generate(random);
            if (check(m.toUri(), false, failures) == Outcome.PARSED && !MagnetUri.parse(m.toUri()).equals(m)) {
                failures.add("not equal after round trip: " + MagnetException.quote(m.toUri()));
            }
        }
        assertThat(failures).isEmpty();
    }

    private enum Outcome { PARSED, REJECTED, FAILED }

    private static Outcome check(String input, boolean viaParseAny, List<String> failures) {
        try {
            MagnetUri m = viaParseAny ? MagnetUri.parseAny(input) : MagnetUri.parse(input);
            String uri = m.toUri();
            MagnetUri back = MagnetUri.parse(uri);
            if (!back.equals(m) || !back.toUri().equals(uri)) {
                return fail(failures, "round trip changed " + MagnetException.quote(input) + " -> " + MagnetException.quote(uri));
            }
            return Outcome.PARSED;
        } catch (MagnetException e) {
            String message = e.getMessage();
            if (!message.startsWith("magnet: ") || message.length() > MAX_MESSAGE_LENGTH
                    || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
                return fail(failures, "bad message for " + MagnetException.quote(input) + ": " + MagnetException.quote(message));
            }
            return Outcome.REJECTED;
        } catch (RuntimeException | StackOverflowError e) {
            return fail(failures, e + " for " + MagnetException.quote(input) + " (" + input.length() + " chars)");
        }
    }

    private static Outcome fail(List<String> failures, String what) {
        if (failures.size() < MAX_REPORTED_FAILURES) {
            failures.add(what);
        }
        return Outcome.FAILED;
    }

    private static String mutate(Random r) {
        String s = SEEDS.get(r.nextInt(SEEDS.size()));
        int rounds = 1 + r.nextInt(4);
        for (int k = 0; k < rounds; k++) {
            int at = r.nextInt(s.length() + 1);
            s = switch (r.nextInt(9)) {
                case 0 -> s.substring(0, at) + CHARS.charAt(r.nextInt(CHARS.length())) + s.substring(at);
                case 1 -> s.substring(0, at) + TOKENS.get(r.nextInt(TOKENS.size())) + s.substring(at);
                case 2 -> at < s.length() ? s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(6))) : s;
                case 3 -> at < s.length() ? s.substring(0, at) + CHARS.charAt(r.nextInt(CHARS.length())) + s.substring(at + 1) : s;
                case 4 -> at < s.length() ? s.substring(0, at) + flipCase(s.charAt(at)) + s.substring(at + 1) : s;
                case 5 -> {
                    // splice: the head of this link, the tail of another
                    String other = SEEDS.get(r.nextInt(SEEDS.size()));
                    yield s.substring(0, at) + other.substring(r.nextInt(other.length() + 1));
                }
                case 6 -> {
                    // repeat a stretch, duplicating parameters
                    int end = Math.min(s.length(), at + r.nextInt(80));
                    yield s.substring(0, end) + s.substring(at, end) + s.substring(end);
                }
                case 7 -> at < s.length() ? s.substring(0, at) + "%" + hex(s.charAt(at)) + s.substring(at + 1) : s;
                default -> s.substring(0, at);
            };
        }
        return s;
    }

    private static char flipCase(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }

    private static String hex(char c) {
        return String.format("%02X", c & 0xff);
    }

    private static MagnetUri generate(Random r) {
        byte[] v1 = new byte[20];
        byte[] v2 = new byte[32];
        r.nextBytes(v1);
        r.nextBytes(v2);
        int kind = r.nextInt(3);
        List<String> trackers = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            trackers.add((r.nextBoolean() ? "udp" : "https") + "://t" + r.nextInt(5) + ".example:" + (1 + r.nextInt(65535))
                    + "/" + randomText(r, 6).replaceAll("[^A-Za-z0-9]", "x"));
        }
        List<HostPort> peers = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            peers.add(r.nextBoolean() ? new HostPort("10.0.0." + r.nextInt(256), 1 + r.nextInt(65535))
                    : new HostPort("2001:db8::" + Integer.toHexString(r.nextInt(65536)), 1 + r.nextInt(65535)));
        }
        List<Integer> so = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            so.add(r.nextInt(40));
        }
        return new MagnetUri(kind == 1 ? null : InfoHash.v1(v1), kind == 0 ? null : InfoHash.v2(v2),
                r.nextBoolean() ? randomText(r, 30) : null, trackers, peers,
                r.nextBoolean() ? List.of("http://w.example/" + r.nextInt(9)) : List.of(), so,
                r.nextBoolean() ? (long) r.nextInt(Integer.MAX_VALUE) : null);
    }

    /** Printable Unicode text, much of it needing escapes; never control characters. */
    private static String randomText(Random r, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(maxLength + 1); i > 0; i--) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 0x20 + r.nextInt(0x5f);
                case 1 -> 0xa0 + r.nextInt(0x700);
                case 2 -> 0x4e00 + r.nextInt(0x1000);
                default -> 0x1f600 + r.nextInt(0x50);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
