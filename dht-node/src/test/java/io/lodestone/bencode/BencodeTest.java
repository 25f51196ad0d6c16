package io.lodestone.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {

    private static final BencodeDecoder STRICT = BencodeDecoder.strict();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static BValue decode(String s) {
        return STRICT.decode(ascii(s));
    }

    private static String encode(BValue v) {
        return new String(BencodeEncoder.encode(v), StandardCharsets.ISO_8859_1);
    }

    // --- BEP 3 vectors ---

    @Test
    void bep3Strings() {
        assertThat(decode("4:spam")).isEqualTo(BString.of("spam"));
        assertThat(decode("0:")).isEqualTo(BString.of(""));
        assertThat(((BString) decode("3:a:e")).utf8()).isEqualTo("a:e");
        assertThat(encode(BString.of("spam"))).isEqualTo("4:spam");
        assertThat(encode(BString.of(""))).isEqualTo("0:");
    }

    @Test
    void stringsAreBytesNotText() {
        byte[] raw = {'3', ':', 0, (byte) 0xff, (byte) 0x80};
        BString s = (BString) STRICT.decode(raw);
        assertThat(s.bytes()).containsExactly(0, 0xff, 0x80);
        assertThat(s.isValidUtf8()).isFalse();
        assertThat(BencodeEncoder.encode(s)).isEqualTo(raw);
    }

    @Test
    void bep3Integers() {
        assertThat(decode("i3e")).isEqualTo(BInt.of(3));
        assertThat(decode("i-3e")).isEqualTo(BInt.of(-3));
        assertThat(decode("i0e")).isEqualTo(BInt.of(0));
        assertThat(encode(BInt.of(3))).isEqualTo("i3e");
        assertThat(encode(BInt.of(-3))).isEqualTo("i-3e");
        assertThat(encode(BInt.of(0))).isEqualTo("i0e");
    }

    @Test
    void longRangeEndsDecodeAndRoundTrip() {
        for (long v : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}) {
            String enc = "i" + v + "e";
            assertThat(((BInt) decode(enc)).value()).isEqualTo(v);
            assertThat(encode(BInt.of(v))).isEqualTo(enc);
        }
    }

    @Test
    void integersOfEveryLengthAndSignEncodeAsDecimal() {
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertThat(encode(BInt.of(v))).isEqualTo("i" + v + "e");
        }
        for (long p = 1; p > 0 && p < Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
                assertThat(encode(BInt.of(v))).isEqualTo("i" + v + "e");
            }
        }
    }

    @Test
    void decodedDictsLookUpAndCompareLikeBuiltOnes() {
        BDict built = BDict.builder().put("é", 1).put("a", "x").put("ab", 2).put("?", 3).build();
        BDict decoded = (BDict) STRICT.decode(BencodeEncoder.encode(built));
        for (BDict d : List.of(built, decoded)) {
            assertThat(d.get("é")).isEqualTo(BInt.of(1));
            assertThat(d.get("a")).isEqualTo(BString.of("x"));
            assertThat(d.get("ab")).isEqualTo(BInt.of(2));
            assertThat(d.get("\ud800")).isEqualTo(BInt.of(3)); // a lone surrogate encodes as '?'
            assertThat(d.get("b")).isNull();
            assertThat(d.get("abc")).isNull();
            assertThat(d.get("")).isNull();
            assertThat(d.containsKey("ab")).isTrue();
            assertThat(d.size()).isEqualTo(4);
            assertThat(d.keyAt(0)).isEqualTo(BString.of("?"));
        }
        assertThat(decoded).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(decoded.hashCode()).isEqualTo(decoded.entries().hashCode());
        assertThat(decoded.entries()).isEqualTo(built.entries());
        assertThat(BDict.empty()).isEqualTo(STRICT.decode(ascii("de"))).hasSameHashCodeAs(java.util.Map.of());
    }

    @Test
    void bep3Lists() {
        assertThat(decode("l4:spam4:eggse")).isEqualTo(BList.of(BString.of("spam"), BString.of("eggs")));
        assertThat(decode("le")).isEqualTo(BList.of());
        assertThat(encode(BList.of(BString.of("spam"), BString.of("eggs")))).isEqualTo("l4:spam4:eggse");
    }

    @Test
    void bep3Dicts() {
        BDict d = (BDict) decode("d3:cow3:moo4:spam4:eggse");
        assertThat(d.getString("cow").utf8()).isEqualTo("moo");
        assertThat(d.getString("spam").utf8()).isEqualTo("eggs");
        assertThat(d.size()).isEqualTo(2);

        BDict l = (BDict) decode("d4:spaml1:a1:bee");
        assertThat(l.getList("spam")).isEqualTo(BList.of(BString.of("a"), BString.of("b")));
        assertThat(decode("de")).isEqualTo(BDict.empty());
    }

    @Test
    void encoderSortsKeysByUnsignedBytes() {
        BDict d = BDict.builder()
                .put("spam", "eggs")
                .put("cow", "moo")
                .put(BString.of(new byte[] {(byte) 0xc3}), BInt.of(1)) // sorts after ASCII if unsigned
                .put("A", 2)
                .build();
        assertThat(BencodeEncoder.encode(d)).isEqualTo(
                concat(ascii("d1:Ai2e3:cow3:moo4:spam4:eggs1:"), new byte[] {(byte) 0xc3}, ascii("i1ee")));
    }

    @Test
    void typedGetterWithWrongTypeNamesTheKey() {
        BDict d = (BDict) decode("d1:ai1ee");
        assertThatThrownBy(() -> d.getString("a")).isInstanceOf(BencodeException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> d.require("b", BInt.class)).isInstanceOf(BencodeException.class)
                .hasMessageContaining("missing key 'b'");
        assertThat(d.getString("b")).isNull();
    }

    @Test
    void roundTripsKrpcLikeMessages() {
        for (String s : List.of(
                "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
                "d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re",
                "d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee",
                "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe",
                "lli1eli2eli3eeeed1:xl0:ee4:spame")) {
            byte[] in = ascii(s);
            BValue v = STRICT.decode(in);
            assertThat(BencodeEncoder.encode(v)).as(s).isEqualTo(in);
            assertThat(v.encoded()).isEqualTo(in);
            assertThat(v.span().offset()).isZero();
            assertThat(v.span().length()).isEqualTo(in.length);
        }
    }

    // --- raw spans ---

    @Test
    void infoDictSpanIsTheExactBytesBetweenItsOffsets() throws Exception {
        String info = "d6:lengthi12345e4:name8:file.bin12:piece lengthi16384e6:pieces20:"
                + "AAAAAAAAAAAAAAAAAAAAe";
        String torrent = "d8:announce20:udp://t.example:13377:comment2:hi4:info" + info + "e";
        byte[] in = ascii(torrent);
        BDict root = (BDict) STRICT.decode(in);
        BDict infoDict = root.getDict("info");

        BValue.Span span = infoDict.span();
        assertThat(span.source()).isSameAs(in);
        int expectedOffset = torrent.indexOf("4:infod") + "4:info".length();
        assertThat(span.offset()).isEqualTo(expectedOffset);
        assertThat(span.length()).isEqualTo(info.length());

        byte[] between = Arrays.copyOfRange(in, expectedOffset, expectedOffset + info.length());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        assertThat(sha1.digest(infoDict.encoded())).isEqualTo(sha1.digest(between));
        assertThat(new String(infoDict.encoded(), StandardCharsets.ISO_8859_1)).isEqualTo(info);
    }

    @Test
    void nestedValuesKnowTheirSpans() {
        byte[] in = ascii("l4:spami-42ed1:xleee");
        BList l = (BList) STRICT.decode(in);
        assertThat(l.get(0).span()).isEqualTo(new BValue.Span(in, 1, 6));
        assertThat(l.get(1).span()).isEqualTo(new BValue.Span(in, 7, 5));
        assertThat(l.get(2).span()).isEqualTo(new BValue.Span(in, 12, 7));
        assertThat(((BDict) l.get(2)).getList("x").span()).isEqualTo(new BValue.Span(in, 16, 2));
    }

    @Test
    void builtValuesHaveNoSpanAndEncodeCanonically() {
        BList l = BList.of(BInt.of(1), BString.of("a"));
        assertThat(l.span()).isNull();
        assertThat(new String(l.encoded(), StandardCharsets.US_ASCII)).isEqualTo("li1e1:ae");
    }

    @Test
    void decodePrefixLeavesTheRestAndReportsTheEnd() {
        byte[] in = ascii("xxi7e4:tail");
        BencodeDecoder.Decoded d = STRICT.decodePrefix(in, 2);
        assertThat(d.value()).isEqualTo(BInt.of(7));
        assertThat(d.end()).isEqualTo(5);
        assertThatThrownBy(() -> STRICT.decodePrefix(in, -1)).isInstanceOf(BencodeException.class);
        assertThatThrownBy(() -> STRICT.decodePrefix(in, in.length + 1)).isInstanceOf(BencodeException.class);
        assertThatThrownBy(() -> STRICT.decodePrefix(in, in.length)).isInstanceOf(BencodeException.class);
    }

    // --- strictness ---

    @ParameterizedTest
    @ValueSource(strings = {
            "d4:spam4:eggs3:cow3:mooe", // unsorted keys
            "d1:bi1e1:ai2ee",           // unsorted keys
            "d1:ai1e1:ai2ee",           // duplicate keys
            "d2:abi1e1:ai2ee",          // "ab" > "a": a prefix sorts first
            "di1ei2ee",                 // integer key
            "dle1:ae",                  // list key
            "dde1:ae",                  // dict key
            "d1:ae",                    // key without a value
            "d1:a",                     // key without a value, at the end
            "i03e", "i00e", "i-03e",    // leading zeros in integers
            "i-0e", "ie", "i-e", "i--1e", "i+1e", "i1.5e", "i 1e", "i1", "i",
            "03:abc", "00:",            // leading zeros in string lengths
            "-1:a", ":", "3abc", "3",   // malformed string lengths
            "i9223372036854775808e",    // Long.MAX_VALUE + 1
            "i-9223372036854775809e",   // Long.MIN_VALUE - 1
            "i99999999999999999999e",   // 20 digits
            "i18446744073709551616e",   // 2^64: would wrap to 0 in unchecked arithmetic
            "i100000000000000000000000000000000000000e",
            "4294967296:",              // 2^32: wraps to 0 in a 32-bit parser
            "2147483648:a",             // Integer.MAX_VALUE + 1
            "99999999999:a",            // 11 digits
            "999999999:x",              // longer than what remains
            "5:spam",                   // one byte short
            "i1ei2e", "4:spamx", "lee", "dee", "0:0:", // trailing bytes
            "", "e", "x", "l", "d", "le4", "lx", "de0", // garbage and truncation
    })
    void rejectsNonCanonicalOrMalformedInput(String s) {
        assertThatThrownBy(() -> decode(s)).isInstanceOf(BencodeException.class);
    }

    @Test
    void unsortedKeysAreRejectedByUnsignedOrderNotSignedOrder() {
        // 0x80 is negative as a signed byte; unsigned it sorts after 'a'
        byte[] sorted = concat(ascii("d1:ai1e1:"), new byte[] {(byte) 0x80}, ascii("i2ee"));
        byte[] unsorted = concat(ascii("d1:"), new byte[] {(byte) 0x80}, ascii("i2e1:ai1ee"));
        assertThat(STRICT.decode(sorted)).isInstanceOf(BDict.class);
        assertThatThrownBy(() -> STRICT.decode(unsorted)).isInstanceOf(BencodeException.class)
                .hasMessageContaining("not sorted");
    }

    @Test
    void errorsCarryTheOffset() {
        BencodeException e = (BencodeException) catchThrowable(() -> decode("li1ei02ee"));
        assertThat(e.offset()).isEqualTo(4);
        BencodeException t = (BencodeException) catchThrowable(() -> decode("i1eX"));
        assertThat(t.offset()).isEqualTo(3);
        assertThat(t).hasMessageContaining("trailing");
    }

    @Test
    void everyProperPrefixOfAValidMessageIsRejected() {
        for (String s : List.of(
                "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
                "d8:announce3:url4:infod6:lengthi10e4:name1:x12:piece lengthi16384e6:pieces0:ee",
                "llli-12eeel0:ee",
                "10:abcdefghij",
                "i-1234e")) {
            byte[] in = ascii(s);
            assertThat(STRICT.decode(in)).isNotNull();
            for (int n = 0; n < in.length; n++) {
                byte[] prefix = Arrays.copyOf(in, n);
                assertThatThrownBy(() -> STRICT.decode(prefix)).as("prefix %d of %s", n, s)
                        .isInstanceOf(BencodeException.class);
            }
        }
    }

    // --- limits ---

    @Test
    void depthAtTheLimitDecodesAndOneMoreIsRejected() {
        int max = BencodeLimits.DEFAULT_MAX_DEPTH;
        assertThat(STRICT.decode(nested('l', max))).isInstanceOf(BList.class);
        assertThatThrownBy(() -> STRICT.decode(nested('l', max + 1))).isInstanceOf(BencodeException.class)
                .hasMessageContaining("nesting");
        assertThatThrownBy(() -> STRICT.decode(nestedDicts(max + 1))).isInstanceOf(BencodeException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void tenThousandNestedListsAreRejectedWithoutStackOverflow() {
        byte[] deep = nested('l', 10_000);
        assertThatThrownBy(() -> STRICT.decode(deep)).isInstanceOf(BencodeException.class);
        byte[] unterminated = new byte[10_000];
        Arrays.fill(unterminated, (byte) 'l');
        assertThatThrownBy(() -> STRICT.decode(unterminated)).isInstanceOf(BencodeException.class);
    }

    @Test
    void itemLimitCountsEveryValueAndKey() {
        BencodeDecoder d = new BencodeDecoder(new BencodeLimits(10, 5, 1000));
        assertThat(d.decode(ascii("li1ei2ei3ei4ee"))).isInstanceOf(BList.class); // list + 4 = 5
        assertThatThrownBy(() -> d.decode(ascii("li1ei2ei3ei4ei5ee"))).isInstanceOf(BencodeException.class)
                .hasMessageContaining("more than 5");
        assertThat(d.decode(ascii("d1:ai1e1:bi2ee"))).isInstanceOf(BDict.class); // dict + 2 keys + 2
        assertThatThrownBy(() -> d.decode(ascii("d1:ai1e1:bi2e1:cee"))).isInstanceOf(BencodeException.class);
    }

    @Test
    void inputSizeLimitIsCheckedBeforeDecoding() {
        BencodeDecoder d = new BencodeDecoder(new BencodeLimits(10, 100, 6));
        assertThat(d.decode(ascii("4:spam"))).isEqualTo(BString.of("spam"));
        assertThatThrownBy(() -> d.decode(ascii("5:spams"))).isInstanceOf(BencodeException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new BencodeLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- Utf8 ---

    @Test
    void utf8IsStrict() {
        assertThat(Utf8.isValid(ascii("plain"))).isTrue();
        assertThat(Utf8.isValid("gr\u00fc\u00df \u2603".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Utf8.isValid(new byte[] {(byte) 0xc0, (byte) 0x80})).isFalse(); // overlong NUL
        assertThat(Utf8.isValid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isFalse(); // surrogate
        assertThat(Utf8.decodeStrict(new byte[] {(byte) 0xe2, (byte) 0x98})).isNull(); // truncated
    }

    // --- helpers ---

    private static byte[] nested(char open, int depth) {
        byte[] b = new byte[2 * depth];
        Arrays.fill(b, 0, depth, (byte) open);
        Arrays.fill(b, depth, 2 * depth, (byte) 'e');
        return b;
    }

    /** {@code d1:kd1:k...dee...e}: dicts nested through key "k". */
    private static byte[] nestedDicts(int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append("d1:k".repeat(depth - 1)).append("de").append("e".repeat(depth - 1));
        return ascii(sb.toString());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
