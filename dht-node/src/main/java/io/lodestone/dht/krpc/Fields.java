package io.lodestone.dht.krpc;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.types.CompactDecoded;
import io.lodestone.types.CompactNode;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of the fields KRPC bodies share. A value of the wrong bencode type is an error
 * (BDict's getters throw naming the key); what is done about bad content is up to each field.
 */
final class Fields {

    static final String ID = "id";
    static final String WANT = "want";
    static final String NODES = "nodes";
    static final String NODES6 = "nodes6";

    private Fields() {
    }

    static NodeId requireId(BDict d, String key) {
        return NodeId.of(requireBytes(d, key, NodeId.LENGTH));
    }

    static InfoHash requireInfoHash(BDict d, String key) {
        return InfoHash.v1(requireBytes(d, key, InfoHash.V1_LENGTH));
    }

    static byte[] requireBytes(BDict d, String key, int length) {
        BString s = d.require(key, BString.class);
        if (s.length() != length) {
            throw new Malformed("'" + key + "' must be " + length + " bytes, not " + s.length());
        }
        return s.bytes();
    }

    static long requireInt(BDict d, String key) {
        return d.require(key, BInt.class).value();
    }

    /** An integer flag: absent is false, any non-zero value true (libtorrent reads them so). */
    static boolean flag(BDict d, String key) {
        BInt i = d.getInt(key);
        return i != null && i.value() != 0;
    }

    /** BEP 32 {@code want} where it must be a list when present (libtorrent's known methods). */
    static Optional<Want> want(BDict a) {
        BList l = a.getList(WANT);
        return l == null ? Optional.empty() : Optional.of(parseWant(l));
    }

    /** {@code want} for unknown methods: anything but a list is ignored, as libtorrent does. */
    static Optional<Want> lenientWant(BDict a) {
        return a.get(WANT) instanceof BList l ? Optional.of(parseWant(l)) : Optional.empty();
    }

    /** Entries other than "n4" and "n6", strings or not, are ignored: new families may come. */
    private static Want parseWant(BList l) {
        boolean n4 = false;
        boolean n6 = false;
        for (BValue v : l.items()) {
            if (v instanceof BString s && s.length() == 2 && s.byteAt(0) == 'n') {
                n4 |= s.byteAt(1) == '4';
                n6 |= s.byteAt(1) == '6';
            }
        }
        return new Want(n4, n6);
    }

    static BList encodeWant(Want w) {
        return w.n4() && w.n6() ? BList.of(BString.of(Want.N4_NAME), BString.of(Want.N6_NAME))
                : w.n4() ? BList.of(BString.of(Want.N4_NAME))
                : w.n6() ? BList.of(BString.of(Want.N6_NAME))
                : BList.of();
    }

    /**
     * {@code nodes} or {@code nodes6}. They relay third parties, so bad content costs the field,
     * never the message: a length that is not a whole number of entries drops the field (with the
     * alignment lost, no entry can be trusted), and entries with port 0 are dropped one by one.
     */
    static List<NodeInfo> nodes(BDict r, boolean v6) {
        BString s = r.getString(v6 ? NODES6 : NODES);
        int entry = v6 ? CompactNode.IPV6_LENGTH : CompactNode.IPV4_LENGTH;
        if (s == null || s.length() % entry != 0) {
            return List.of();
        }
        CompactDecoded<NodeInfo> d = v6 ? CompactNode.decodeNodes6(s.bytes()) : CompactNode.decodeNodes(s.bytes());
        return d.entries();
    }
}
