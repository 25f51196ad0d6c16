package io.lodestone.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CompactTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String ID1 = "0102030405060708090a0b0c0d0e0f1011121314";
    private static final String ID2 = "ffeeddccbbaa99887766554433221100ffeeddcc";

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static InetSocketAddress addr(String literal, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(literal), port); // literals only: no DNS
    }

    // --- peers ---

    @Test
    void ipv4PeerVector() throws Exception {
        InetSocketAddress p = addr("1.2.3.4", 6881);
        assertThat(CompactPeer.encode(p)).isEqualTo(hex("01020304 1ae1"));
        assertThat(CompactPeer.decode(hex("01020304 1ae1"))).isEqualTo(p);
        // high bits set in every byte: a signed-byte bug shows here
        InetSocketAddress high = addr("255.128.200.1", 65535);
        assertThat(CompactPeer.encode(high)).isEqualTo(hex("ff80c801 ffff"));
        assertThat(CompactPeer.decode(hex("ff80c801 ffff"))).isEqualTo(high);
        assertThat(CompactPeer.decode(hex("0a000001 8001")).getPort()).isEqualTo(32769);
    }

    @Test
    void ipv6PeerVector() throws Exception {
        InetSocketAddress p = addr("2001:db8::1", 51413);
        byte[] v = hex("20010db8000000000000000000000001 c8d5");
        assertThat(CompactPeer.encode(p)).isEqualTo(v);
        assertThat(CompactPeer.decode(v)).isEqualTo(p);
        assertThat(CompactPeer.IPV6_LENGTH).isEqualTo(18);
    }

    @Test
    void ipv4MappedIpv6StaysIpv6SoItReencodesTo18Bytes() {
        byte[] v = hex("00000000000000000000ffff01020304 1ae1");
        InetSocketAddress a = CompactPeer.decode(v);
        assertThat(a.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(CompactPeer.encode(a)).isEqualTo(v);
    }

    @Test
    void bep23PeersAndPeers6() throws Exception {
        List<InetSocketAddress> v4 = List.of(addr("1.2.3.4", 6881), addr("10.0.0.2", 1));
        byte[] peers = hex("01020304 1ae1 0a000002 0001");
        assertThat(CompactPeer.encodePeers(v4)).isEqualTo(peers);
        assertThat(CompactPeer.decodePeers(peers)).isEqualTo(new CompactDecoded<>(v4, 0));

        List<InetSocketAddress> v6 = List.of(addr("2001:db8::1", 51413), addr("::1", 2));
        byte[] peers6 = hex("20010db8000000000000000000000001 c8d5 00000000000000000000000000000001 0002");
        assertThat(CompactPeer.encodePeers6(v6)).isEqualTo(peers6);
        assertThat(CompactPeer.decodePeers6(peers6).entries()).isEqualTo(v6);

        assertThat(CompactPeer.decodePeers(new byte[0])).isEqualTo(new CompactDecoded<>(List.of(), 0));
    }

    @Test
    void bep5ValuesMixFamilies() throws Exception {
        List<byte[]> values = List.of(hex("01020304 1ae1"), hex("20010db8000000000000000000000001 c8d5"));
        CompactDecoded<InetSocketAddress> d = CompactPeer.decodeValues(values);
        assertThat(d.entries()).containsExactly(addr("1.2.3.4", 6881), addr("2001:db8::1", 51413));
        assertThat(CompactPeer.encodeValues(d.entries())).containsExactly(values.get(0), values.get(1));
        assertThatThrownBy(() -> CompactPeer.decodeValues(List.of(hex("01020304 1ae1"), new byte[7])))
                .isInstanceOf(CompactFormatException.class).hasMessageContaining("7");
    }

    @Test
    void portZeroIsDroppedAndCountedInListsButRejectedAlone() throws Exception {
        byte[] peers = hex("01020304 0000 05060708 1ae1 090a0b0c 0000");
        CompactDecoded<InetSocketAddress> d = CompactPeer.decodePeers(peers);
        assertThat(d.entries()).containsExactly(addr("5.6.7.8", 6881));
        assertThat(d.portZeroDropped()).isEqualTo(2);
        assertThat(CompactPeer.decodeValues(List.of(hex("01020304 0000"))).portZeroDropped()).isEqualTo(1);
        assertThatThrownBy(() -> CompactPeer.decode(hex("01020304 0000"))).isInstanceOf(CompactFormatException.class);
        assertThatThrownBy(() -> CompactPeer.encode(addr("1.2.3.4", 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongLengthsAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> CompactPeer.decodePeers(new byte[7])).isInstanceOf(CompactFormatException.class)
                .hasMessageContaining("'peers' is 7 bytes, not a multiple of 6");
        assertThatThrownBy(() -> CompactPeer.decodePeers6(new byte[6])).isInstanceOf(CompactFormatException.class)
                .hasMessageContaining("multiple of 18");
        assertThatThrownBy(() -> CompactPeer.decode(new byte[5])).isInstanceOf(CompactFormatException.class);
        assertThatThrownBy(() -> CompactNode.decodeNodes(new byte[27])).isInstanceOf(CompactFormatException.class)
                .hasMessageContaining("'nodes' is 27 bytes, not a multiple of 26");
        assertThatThrownBy(() -> CompactNode.decodeNodes6(new byte[26])).isInstanceOf(CompactFormatException.class)
                .hasMessageContaining("multiple of 38");
        assertThat(new CompactFormatException("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodersRefuseTheWrongFamilyAndUnresolvedAddresses() throws Exception {
        assertThatThrownBy(() -> CompactPeer.encodePeers(List.of(addr("::1", 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactPeer.encodePeers6(List.of(addr("1.2.3.4", 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactPeer.encode(InetSocketAddress.createUnresolved("example.org", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        NodeInfo v6 = new NodeInfo(NodeId.fromHex(ID1), addr("::1", 1));
        assertThatThrownBy(() -> CompactNode.encodeNodes(List.of(v6))).isInstanceOf(IllegalArgumentException.class);
    }

    // --- nodes ---

    @Test
    void ipv4NodesVector() throws Exception {
        NodeInfo a = new NodeInfo(NodeId.fromHex(ID1), addr("1.2.3.4", 6881));
        NodeInfo b = new NodeInfo(NodeId.fromHex(ID2), addr("192.168.0.1", 65535));
        byte[] nodes = hex(ID1 + "01020304 1ae1" + ID2 + "c0a80001 ffff");
        assertThat(nodes).hasSize(2 * CompactNode.IPV4_LENGTH);
        assertThat(CompactNode.encodeNodes(List.of(a, b))).isEqualTo(nodes);
        assertThat(CompactNode.decodeNodes(nodes)).isEqualTo(new CompactDecoded<>(List.of(a, b), 0));
        assertThat(CompactNode.encode(a)).isEqualTo(Arrays.copyOf(nodes, 26));
    }

    @Test
    void ipv6NodesVector() throws Exception {
        NodeInfo a = new NodeInfo(NodeId.fromHex(ID1), addr("2001:db8::1", 51413));
        byte[] nodes6 = hex(ID1 + "20010db8000000000000000000000001 c8d5");
        assertThat(nodes6).hasSize(CompactNode.IPV6_LENGTH);
        assertThat(CompactNode.encodeNodes6(List.of(a))).isEqualTo(nodes6);
        assertThat(CompactNode.encode(a)).isEqualTo(nodes6);
        assertThat(CompactNode.decodeNodes6(nodes6).entries()).containsExactly(a);
    }

    @Test
    void nodesWithPortZeroAreDroppedAndCounted() throws Exception {
        byte[] nodes = hex(ID1 + "01020304 0000" + ID2 + "05060708 0001");
        CompactDecoded<NodeInfo> d = CompactNode.decodeNodes(nodes);
        assertThat(d.entries()).containsExactly(new NodeInfo(NodeId.fromHex(ID2), addr("5.6.7.8", 1)));
        assertThat(d.portZeroDropped()).isEqualTo(1);
        assertThatThrownBy(() -> new NodeInfo(NodeId.fromHex(ID1), addr("1.2.3.4", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- fuzz ---

    private static final int FUZZ_INPUTS = 220_000;
    private static final int FUZZ_MAX_LENGTH = 400;
    private static final int[] ENTRY_SIZES = {6, 18, 26, 38};

    @Test
    void fuzzedDecodersOnlyEverThrowCompactFormatException() {
        Random rnd = new Random(0xC0FFEE);
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < FUZZ_INPUTS; i++) {
            byte[] s = randomInput(rnd);
            accepted += fuzzConcatenated(s, 6, CompactPeer::decodePeers, CompactPeer::encodePeers);
            accepted += fuzzConcatenated(s, 18, CompactPeer::decodePeers6, CompactPeer::encodePeers6);
            accepted += fuzzConcatenated(s, 26, CompactNode::decodeNodes, CompactNode::encodeNodes);
            accepted += fuzzConcatenated(s, 38, CompactNode::decodeNodes6, CompactNode::encodeNodes6);
            fuzzSingle(s);
            fuzzValues(rnd);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("compact fuzz: %d inputs x 6 decoders, %d well-formed lists, %d ms%n",
                FUZZ_INPUTS, accepted, millis);
        assertThat(accepted).isGreaterThan(FUZZ_INPUTS / 20); // the well-formed branch was exercised
    }

    /** Random lengths, biased toward multiples of the entry sizes so both outcomes happen often. */
    private static byte[] randomInput(Random rnd) {
        int len = rnd.nextInt(4) == 0
                ? rnd.nextInt(FUZZ_MAX_LENGTH)
                : ENTRY_SIZES[rnd.nextInt(ENTRY_SIZES.length)] * rnd.nextInt(10) + rnd.nextInt(3) - 1;
        byte[] s = new byte[Math.max(0, len)];
        rnd.nextBytes(s);
        for (int i = 0; i < s.length; i++) {
            if (rnd.nextInt(8) == 0) {
                s[i] = 0; // makes port-0 entries common
            }
        }
        return s;
    }

    private static <T> int fuzzConcatenated(byte[] s, int entry, Function<byte[], CompactDecoded<T>> decode,
            Function<List<T>, byte[]> encode) {
        CompactDecoded<T> d;
        try {
            d = decode.apply(s);
        } catch (CompactFormatException e) {
            assertThat(s.length % entry).as("rejected a well-sized input").isNotZero();
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("len " + s.length + " " + HEX.formatHex(s) + " threw " + e, e);
        }
        assertThat(s.length % entry).isZero();
        assertThat(d.entries().size() + d.portZeroDropped()).isEqualTo(s.length / entry);
        // re-encoding what was kept gives the input minus its port-0 entries
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (int off = 0; off < s.length; off += entry) {
            if (s[off + entry - 2] != 0 || s[off + entry - 1] != 0) {
                kept.write(s, off, entry);
            }
        }
        assertThat(encode.apply(d.entries())).isEqualTo(kept.toByteArray());
        return 1;
    }

    private static void fuzzSingle(byte[] s) {
        boolean ok = (s.length == 6 || s.length == 18) && (s[s.length - 2] != 0 || s[s.length - 1] != 0);
        try {
            InetSocketAddress a = CompactPeer.decode(s);
            assertThat(ok).isTrue();
            assertThat(CompactPeer.encode(a)).isEqualTo(s);
        } catch (CompactFormatException e) {
            assertThat(ok).as("rejected %s", HEX.formatHex(s)).isFalse();
        }
    }

    private static void fuzzValues(Random rnd) {
        List<byte[]> values = new ArrayList<>();
        boolean ok = true;
        int n = rnd.nextInt(5);
        for (int k = 0; k < n; k++) {
            int len = switch (rnd.nextInt(5)) {
                case 0 -> rnd.nextInt(40);
                case 1, 2 -> 6;
                default -> 18;
            };
            ok &= len == 6 || len == 18;
            byte[] v = new byte[len];
            rnd.nextBytes(v);
            values.add(v);
        }
        try {
            CompactDecoded<InetSocketAddress> d = CompactPeer.decodeValues(values);
            assertThat(ok).isTrue();
            assertThat(d.entries().size() + d.portZeroDropped()).isEqualTo(values.size());
        } catch (CompactFormatException e) {
            assertThat(ok).isFalse();
        }
    }
}
