package io.lodestone.client.engine;

import io.lodestone.client.picker.Block;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds who sent the bad block of a piece that failed its hash, as libtorrent's smart ban does.
 * Only the sender of each block is noted while downloading; when a piece fails, the checksums of
 * its blocks as they lie on disk are taken before it is downloaded again, and when it later
 * passes, every sender whose block differs from the good one lied. A piece with a single sender
 * convicts it at once. Checksums are computed on the disk pool, only for failed pieces. Loop-only.
 */
final class SmartBan {

    /** Failed pieces remembered while they are downloaded again; the oldest go first. */
    static final int MAX_SUSPECT_PIECES = 256;

    /** Who sent one block. */
    record Sender(long peer, InetSocketAddress address, byte[] peerId) {
    }

    private record Suspect(Sender sender, long checksum) {
    }

    private final Map<Integer, Map<Integer, Sender>> senders = new HashMap<>();
    private final Map<Integer, List<Map<Integer, Suspect>>> suspects = new LinkedHashMap<>();

    void received(long peer, InetSocketAddress address, byte[] peerId, Block b) {
        senders.computeIfAbsent(b.piece(), k -> new HashMap<>())
                .put(b.begin(), new Sender(peer, address, peerId));
    }

    /** The senders of a piece's blocks by offset, forgotten here; empty when none were noted. */
    Map<Integer, Sender> take(int piece) {
        Map<Integer, Sender> s = senders.remove(piece);
        return s == null ? Map.of() : s;
    }

    /** The one peer that sent every block, or null when several did. */
    static Sender soleSender(Map<Integer, Sender> bySender) {
        Set<Long> peers = new HashSet<>();
        bySender.values().forEach(s -> peers.add(s.peer()));
        return peers.size() == 1 ? bySender.values().iterator().next() : null;
    }

    /** A failed piece's blocks with the checksums they had on disk. */
    void suspect(int piece, Map<Integer, Sender> bySender, Map<Integer, Long> checksums) {
        Map<Integer, Suspect> attempt = new HashMap<>();
        bySender.forEach((begin, s) -> {
            Long c = checksums.get(begin);
            if (c != null) {
                attempt.put(begin, new Suspect(s, c));
            }
        });
        if (suspects.size() >= MAX_SUSPECT_PIECES && !suspects.containsKey(piece)) {
            suspects.remove(suspects.keySet().iterator().next());
        }
        suspects.computeIfAbsent(piece, k -> new ArrayList<>()).add(attempt);
    }

    boolean isSuspect(int piece) {
        return suspects.containsKey(piece);
    }

    /** The piece verified with these block checksums: the senders of blocks that differed before. */
    List<Sender> convict(int piece, Map<Integer, Long> good) {
        List<Map<Integer, Suspect>> earlier = suspects.remove(piece);
        if (earlier == null) {
            return List.of();
        }
        Map<Long, Sender> liars = new LinkedHashMap<>();
        for (Map<Integer, Suspect> attempt : earlier) {
            attempt.forEach((begin, s) -> {
                Long right = good.get(begin);
                if (right != null && right != s.checksum()) {
                    liars.putIfAbsent(s.sender().peer(), s.sender());
                }
            });
        }
        return List.copyOf(liars.values());
    }
}
