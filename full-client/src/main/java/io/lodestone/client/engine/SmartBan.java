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
import java.util.zip.CRC32C;

/**
 * Finds who sent the bad block of a piece that failed its hash, as libtorrent's smart ban does:
 * a checksum of every block is kept with its sender until the piece verifies; a failed piece's
 * checksums are set aside, and when the piece later passes, every sender whose block differs from
 * the good one lied. A piece with a single sender convicts it at once. Loop-only.
 */
final class SmartBan {

    /** Failed pieces remembered while they are downloaded again; the oldest go first. */
    static final int MAX_SUSPECT_PIECES = 256;

    /** One block as one peer sent it. */
    record Source(long peer, InetSocketAddress address, byte[] peerId, long checksum) {
    }

    private final Map<Integer, Map<Integer, Source>> pending = new HashMap<>();
    private final Map<Integer, List<Map<Integer, Source>>> suspects = new LinkedHashMap<>();

    void received(Peer p, Block b, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        pending.computeIfAbsent(b.piece(), k -> new HashMap<>())
                .put(b.begin(), new Source(p.id, p.listenAddress(), p.peerId, crc.getValue()));
    }

    /** The piece failed: who to ban now (its only sender), if anyone. */
    List<Source> failed(int piece) {
        Map<Integer, Source> blocks = pending.remove(piece);
        if (blocks == null || blocks.isEmpty()) {
            return List.of();
        }
        Set<Long> senders = new HashSet<>();
        blocks.values().forEach(s -> senders.add(s.peer()));
        if (senders.size() == 1) {
            return List.of(blocks.values().iterator().next());
        }
        if (suspects.size() >= MAX_SUSPECT_PIECES && !suspects.containsKey(piece)) {
            suspects.remove(suspects.keySet().iterator().next());
        }
        suspects.computeIfAbsent(piece, k -> new ArrayList<>()).add(blocks);
        return List.of();
    }

    /** The piece verified: the senders of blocks that differed from the good ones earlier. */
    List<Source> passed(int piece) {
        Map<Integer, Source> good = pending.remove(piece);
        List<Map<Integer, Source>> earlier = suspects.remove(piece);
        if (good == null || earlier == null) {
            return List.of();
        }
        Map<Long, Source> liars = new LinkedHashMap<>();
        for (Map<Integer, Source> attempt : earlier) {
            attempt.forEach((begin, s) -> {
                Source right = good.get(begin);
                if (right != null && right.checksum() != s.checksum()) {
                    liars.putIfAbsent(s.peer(), s);
                }
            });
        }
        return List.copyOf(liars.values());
    }
}
