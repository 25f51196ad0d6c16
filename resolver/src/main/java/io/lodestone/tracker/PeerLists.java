package io.lodestone.tracker;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.types.CompactFormatException;
import io.lodestone.types.CompactPeer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Peer lists in tracker answers: BEP 23 compact strings, BEP 3 lists of dicts, and BEP 15's
 * address blocks. Each adds to a caller's list until {@code max} peers are there; the rest are
 * dropped unread, so a tracker that ignores numwant costs nothing beyond the size limit.
 */
final class PeerLists {

    /** Longest textual IPv6 address (an IPv4-mapped one written out in full). */
    static final int MAX_IP_TEXT = 45;

    private PeerLists() {
    }

    /** Concatenated compact entries of {@code addressLength} + 2 bytes; port-0 entries dropped. */
    static void addCompact(byte[] s, int offset, int length, int addressLength, String what,
                           List<InetSocketAddress> out, int max) {
        int entry = addressLength + CompactPeer.PORT;
        if (length % entry != 0) {
            throw new TrackerException(TrackerException.Kind.MALFORMED,
                    "'" + what + "' is " + length + " bytes, not a multiple of " + entry);
        }
        int room = Math.max(0, max - out.size());
        int take = Math.min(length / entry, room) * entry;
        byte[] part = Arrays.copyOfRange(s, offset, offset + take);
        try {
            out.addAll(addressLength == CompactPeer.IPV4_ADDRESS
                    ? CompactPeer.decodePeers(part).entries()
                    : CompactPeer.decodePeers6(part).entries());
        } catch (CompactFormatException e) {
            throw new TrackerException(TrackerException.Kind.MALFORMED, e.getMessage());
        }
    }

    /**
     * BEP 3 {@code peers} as a list of {@code {ip, port[, peer id]}} dicts. An entry that is not
     * such a dict makes the answer malformed; one with a host name (we never resolve peer
     * addresses, that would let a tracker steer our DNS) or a port outside 1..65535 is skipped.
     */
    static void addDicts(BList list, List<InetSocketAddress> out, int max) {
        for (BValue v : list.items()) {
            if (out.size() >= max) {
                return;
            }
            if (!(v instanceof BDict d)) {
                throw new TrackerException(TrackerException.Kind.MALFORMED, "a 'peers' entry is not a dictionary");
            }
            BValue ip = d.get("ip");
            BValue port = d.get("port");
            if (!(ip instanceof BString ipText) || !(port instanceof BInt portValue)) {
                throw new TrackerException(TrackerException.Kind.MALFORMED,
                        "a 'peers' entry needs a string 'ip' and an integer 'port'");
            }
            InetAddress address = literal(ipText.bytes());
            if (address != null && portValue.value() >= 1 && portValue.value() <= AnnounceRequest.MAX_PORT) {
                out.add(new InetSocketAddress(address, (int) portValue.value()));
            }
        }
    }

    /** A dotted-quad IPv4 or a textual IPv6 address; null for anything else, host names included. */
    static InetAddress literal(byte[] text) {
        if (text.length == 0 || text.length > MAX_IP_TEXT) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        byte[] v4 = dottedQuad(s);
        try {
            if (v4 != null) {
                return InetAddress.getByAddress(v4);
            }
            if (s.indexOf(':') < 0 || !(isHex(s.charAt(0)) || s.charAt(0) == ':')) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!isHex(c) && c != ':' && c != '.') {
                    return null;
                }
            }
            // starts with a hex digit or ':' and holds a ':': InetAddress parses it as an IPv6
            // literal or throws, and never asks DNS
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
