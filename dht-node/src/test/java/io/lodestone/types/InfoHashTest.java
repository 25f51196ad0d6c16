package io.lodestone.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoHashTest {

    private static final String ABC_SHA1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** RFC 4648 base32 of a whole number of 5-byte groups, by big-number arithmetic. */
    private static String referenceBase32(byte[] bytes) {
        BigInteger n = new BigInteger(1, bytes);
        int chars = bytes.length * 8 / 5;
        StringBuilder sb = new StringBuilder();
        for (int i = chars - 1; i >= 0; i--) {
            sb.append(ALPHABET.charAt(n.shiftRight(5 * i).intValue() & 31));
        }
        return sb.toString();
    }

    @Test
    void referenceEncoderMatchesRfc4648() {
        assertThat(referenceBase32("fooba".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTB");
        assertThat(referenceBase32(new byte[5])).isEqualTo("AAAAAAAA");
    }

    @Test
    void hexInBothCases() throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest("abc".getBytes(StandardCharsets.US_ASCII));
        InfoHash lower = InfoHash.fromHex(ABC_SHA1);
        InfoHash upper = InfoHash.fromHex(ABC_SHA1.toUpperCase());
        assertThat(lower.bytes()).isEqualTo(sha1);
        assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
        assertThat(upper.hex()).isEqualTo(ABC_SHA1);
        assertThat(lower.version()).isEqualTo(InfoHash.Version.V1);
        assertThat(lower.isV2()).isFalse();
    }

    @Test
    void base32KnownVectors() {
        // computed with an independent encoder (Python's base64.b32encode)
        assertThat(InfoHash.fromBase32("VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5").hex()).isEqualTo(ABC_SHA1);
        assertThat(InfoHash.fromBase32("AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT").hex())
                .isEqualTo("000102030405060708090a0b0c0d0e0f10111213");
        assertThat(InfoHash.fromBase32("77777777777777777777777777777777").hex()).isEqualTo("ff".repeat(20));
        assertThat(InfoHash.fromBase32("vgmt4nsha2awvor6evyxqugcnsonbwe5").hex()).isEqualTo(ABC_SHA1);
    }

    @Test
    void base32AgreesWithReferenceOnRandomHashes() {
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] h = new byte[20];
            rnd.nextBytes(h);
            assertThat(InfoHash.fromBase32(referenceBase32(h)).bytes()).isEqualTo(h);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE",    // 31
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5A",  // 33
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE1",   // '1' is not base32
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE8",   // nor '8'
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE=",   // padding never appears in 32 chars
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE\u0131", // dotless i upper-cases to 'I'
            "VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE\u017f", // long s upper-cases to 'S'
            ""})
    void base32Rejects(String s) {
        assertThatThrownBy(() -> InfoHash.fromBase32(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a9993e364706816aba3e25717850c26c9cd0d89",   // 39
            "a9993e364706816aba3e25717850c26c9cd0d89d0", // 41
            "g9993e364706816aba3e25717850c26c9cd0d89d",
            "a9993e364706816aba3e25717850c26c9cd0d89 ",
            "+a9993e364706816aba3e25717850c26c9cd0d89",
            "\u0661\u0662a9993e364706816aba3e25717850c26c9cd0d8", // Arabic-Indic digits
            ""})
    void hexRejects(String s) {
        assertThatThrownBy(() -> InfoHash.fromHex(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void v2IsTruncatedToItsFirst20Bytes() {
        InfoHash v2 = InfoHash.fromHex(ABC_SHA256);
        assertThat(v2.version()).isEqualTo(InfoHash.Version.V2);
        assertThat(v2.length()).isEqualTo(32);
        InfoHash t = v2.truncated();
        assertThat(t.version()).isEqualTo(InfoHash.Version.V1);
        assertThat(t.hex()).isEqualTo(ABC_SHA256.substring(0, 40));
        assertThat(t).isNotEqualTo(v2);
        InfoHash v1 = InfoHash.fromHex(ABC_SHA1);
        assertThat(v1.truncated()).isSameAs(v1);
    }

    @Test
    void factoriesCheckLengthsAndCopy() {
        assertThatThrownBy(() -> InfoHash.v1(new byte[19])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InfoHash.v1(new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InfoHash.v2(new byte[20])).isInstanceOf(IllegalArgumentException.class);
        byte[] b = HexFormat.of().parseHex(ABC_SHA1);
        InfoHash h = InfoHash.v1(b);
        b[0] = 0;
        assertThat(h.hex()).isEqualTo(ABC_SHA1);
        h.bytes()[0] = 0;
        assertThat(h.hex()).isEqualTo(ABC_SHA1);
    }

    @Test
    void ordersByUnsignedBytes() {
        InfoHash low = InfoHash.fromHex("7f" + "00".repeat(19));
        InfoHash high = InfoHash.fromHex("80" + "00".repeat(19));
        assertThat(low).isLessThan(high);
        assertThat(high.compareTo(low)).isPositive();
    }
}
