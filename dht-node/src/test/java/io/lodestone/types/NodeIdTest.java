package io.lodestone.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NodeIdTest {

    private static final String ZERO = "00".repeat(20);

    private static NodeId id(String hex) {
        return NodeId.fromHex(hex);
    }

    private static BigInteger number(NodeId id) {
        return new BigInteger(1, id.bytes());
    }

    @Test
    void hexAndBytes() {
        NodeId a = id("0123456789abcdef0123456789ABCDEF01234567");
        assertThat(a.hex()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(a.toString()).isEqualTo(a.hex());
        assertThat(NodeId.of(a.bytes())).isEqualTo(a).hasSameHashCodeAs(a);
        byte[] b = a.bytes();
        b[0] = 9;
        assertThat(a.bytes()[0]).isEqualTo((byte) 1); // bytes() is a copy
    }

    @Test
    void rejectsWrongLengthsAndNonHex() {
        assertThatThrownBy(() -> NodeId.of(new byte[19])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.of(new byte[21])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromHex("00".repeat(19))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.fromHex("zz" + "00".repeat(19))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void xorDistance() {
        NodeId a = id("ff" + "00".repeat(18) + "0f");
        NodeId b = id("0f" + "00".repeat(18) + "ff");
        assertThat(a.xor(b).hex()).isEqualTo("f0" + "00".repeat(18) + "f0");
        assertThat(a.xor(a).hex()).isEqualTo(ZERO);
        assertThat(a.xor(b)).isEqualTo(b.xor(a));
    }

    @Test
    void distanceCompareAgreesWithBigIntegerXor() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            NodeId target = NodeId.random(rnd);
            NodeId a = i % 5 == 0 ? target : NodeId.random(rnd);
            NodeId b = i % 7 == 0 ? a : NodeId.random(rnd);
            int expected = number(a).xor(number(target)).compareTo(number(b).xor(number(target)));
            assertThat(Integer.signum(target.distanceCompare(a, b))).isEqualTo(expected);
            assertThat(Integer.signum(target.xor(a).compareTo(target.xor(b)))).isEqualTo(expected);
        }
    }

    @Test
    void distanceCompareOnCloseIds() {
        NodeId target = id(ZERO);
        NodeId near = id("00".repeat(19) + "01");
        NodeId far = id("80" + "00".repeat(19));
        assertThat(target.distanceCompare(near, far)).isNegative();
        assertThat(target.distanceCompare(far, near)).isPositive();
        assertThat(target.distanceCompare(far, far)).isZero();
        // closeness is XOR, not numeric difference: 0x7f.. is numerically nearer 0x80.. but far in XOR
        NodeId t2 = id("80" + "00".repeat(19));
        NodeId numericallyNear = id("7f" + "ff".repeat(19));
        NodeId xorNear = id("80" + "00".repeat(18) + "ff");
        assertThat(t2.distanceCompare(xorNear, numericallyNear)).isNegative();
    }

    @Test
    void sortingByDistanceFindsTheClosest() {
        Random rnd = new Random(11);
        NodeId target = NodeId.random(rnd);
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(NodeId.random(rnd));
        }
        ids.sort((x, y) -> target.distanceCompare(x, y));
        for (int i = 1; i < ids.size(); i++) {
            assertThat(number(ids.get(i - 1)).xor(number(target)))
                    .isLessThanOrEqualTo(number(ids.get(i)).xor(number(target)));
        }
        assertThat(ids.getFirst()).isEqualTo(ids.stream().min(Comparator.comparing(x -> number(x.xor(target)))).orElseThrow());
    }

    @Test
    void commonPrefixBits() {
        NodeId zero = id(ZERO);
        assertThat(zero.commonPrefixBits(zero)).isEqualTo(160);
        assertThat(zero.commonPrefixBits(id("80" + "00".repeat(19)))).isZero();
        assertThat(zero.commonPrefixBits(id("40" + "00".repeat(19)))).isEqualTo(1);
        assertThat(zero.commonPrefixBits(id("01" + "00".repeat(19)))).isEqualTo(7);
        assertThat(zero.commonPrefixBits(id("00" + "80" + "00".repeat(18)))).isEqualTo(8);
        assertThat(zero.commonPrefixBits(id("00".repeat(19) + "01"))).isEqualTo(159);
        assertThat(id("ff".repeat(20)).commonPrefixBits(id("ff".repeat(19) + "fe"))).isEqualTo(159);
    }

    @Test
    void commonPrefixBitsAgreesWithBitLength() {
        Random rnd = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            NodeId a = NodeId.random(rnd);
            byte[] bb = a.bytes();
            int flip = rnd.nextInt(160); // b differs from a first at bit `flip`, maybe later too
            bb[flip >>> 3] ^= (byte) (0x80 >>> (flip & 7));
            for (int j = flip + 1; j < 160; j++) {
                if (rnd.nextInt(4) == 0) {
                    bb[j >>> 3] ^= (byte) (0x80 >>> (j & 7));
                }
            }
            NodeId b = NodeId.of(bb);
            assertThat(a.commonPrefixBits(b)).isEqualTo(flip).isEqualTo(160 - number(a.xor(b)).bitLength());
            assertThat(a.bit(flip)).isNotEqualTo(b.bit(flip));
        }
    }

    @Test
    void bitsFromTheMostSignificantEnd() {
        NodeId x = id("a0" + "00".repeat(18) + "01");
        assertThat(x.bit(0)).isTrue();
        assertThat(x.bit(1)).isFalse();
        assertThat(x.bit(2)).isTrue();
        assertThat(x.bit(158)).isFalse();
        assertThat(x.bit(159)).isTrue();
        assertThatThrownBy(() -> x.bit(160)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> x.bit(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ordersAsUnsignedNumbers() {
        NodeId low = id("7f" + "ff".repeat(19));
        NodeId high = id("80" + "00".repeat(19));
        assertThat(low).isLessThan(high);
        assertThat(Integer.signum(low.compareTo(high))).isEqualTo(number(low).compareTo(number(high)));
    }

    @Test
    void randomIsSeededAndFull() {
        NodeId a = NodeId.random(new SplittableRandom(1));
        NodeId b = NodeId.random(new SplittableRandom(1));
        NodeId c = NodeId.random(new SplittableRandom(2));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void keyOfAnInfoHashIsItsTruncatedForm() {
        String sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(NodeId.key(InfoHash.fromHex(sha256)).hex()).isEqualTo(sha256.substring(0, 40));
        String sha1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
        assertThat(NodeId.key(InfoHash.fromHex(sha1))).isEqualTo(NodeId.fromHex(sha1));
    }
}
