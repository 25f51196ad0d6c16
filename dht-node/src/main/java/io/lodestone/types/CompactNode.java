package io.lodestone.types;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact node info: the 20-byte node id followed by a compact peer address. BEP 5 {@code nodes}
 * concatenates 26-byte IPv4 entries, BEP 32 {@code nodes6} 38-byte IPv6 entries. Entries with port
 * 0 are dropped and counted (see {@link CompactDecoded}).
 */
public final class CompactNode {

    public static final int IPV4_LENGTH = NodeId.LENGTH + CompactPeer.IPV4_LENGTH;
    public static final int IPV6_LENGTH = NodeId.LENGTH + CompactPeer.IPV6_LENGTH;

    private CompactNode() {
    }

    /** BEP 5 {@code nodes}: concatenated 26-byte IPv4 entries. */
    public static CompactDecoded<NodeInfo> decodeNodes(byte[] s) {
        return decode(s, CompactPeer.IPV4_ADDRESS, "nodes");
    }

    /** BEP 32 {@code nodes6}: concatenated 38-byte IPv6 entries. */
    public static CompactDecoded<NodeInfo> decodeNodes6(byte[] s) {
        return decode(s, CompactPeer.IPV6_ADDRESS, "nodes6");
    }

    public static byte[] encodeNodes(List<NodeInfo> nodes) {
        return encode(nodes, CompactPeer.IPV4_ADDRESS);
    }

    public static byte[] encodeNodes6(List<NodeInfo> nodes) {
        return encode(nodes, CompactPeer.IPV6_ADDRESS);
    }

    /** One node: 26 bytes for IPv4, 38 for IPv6. */
    public static byte[] encode(NodeInfo node) {
        return encode(List.of(node), CompactPeer.addressLength(node.address()));
    }

    private static CompactDecoded<NodeInfo> decode(byte[] s, int addressLength, String what) {
        int entry = NodeId.LENGTH + addressLength + CompactPeer.PORT;
        CompactPeer.checkMultiple(s.length, entry, what);
        List<NodeInfo> out = new ArrayList<>(s.length / entry);
        int dropped = 0;
        for (int off = 0; off < s.length; off += entry) {
            InetSocketAddress a = CompactPeer.read(s, off + NodeId.LENGTH, addressLength);
            if (a == null) {
                dropped++;
                continue;
            }
            NodeId id = NodeId.of(java.util.Arrays.copyOfRange(s, off, off + NodeId.LENGTH));
            out.add(new NodeInfo(id, a));
        }
        return new CompactDecoded<>(out, dropped);
    }

    private static byte[] encode(List<NodeInfo> nodes, int addressLength) {
        int entry = NodeId.LENGTH + addressLength + CompactPeer.PORT;
        byte[] out = new byte[nodes.size() * entry];
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo n = nodes.get(i);
            if (CompactPeer.addressLength(n.address()) != addressLength) {
                throw new IllegalArgumentException("expected only IPv" + (addressLength == CompactPeer.IPV4_ADDRESS ? 4 : 6)
                        + " nodes, got " + n.address());
            }
            System.arraycopy(n.id().bytes(), 0, out, i * entry, NodeId.LENGTH);
            CompactPeer.write(n.address(), out, i * entry + NodeId.LENGTH);
        }
        return out;
    }
}
