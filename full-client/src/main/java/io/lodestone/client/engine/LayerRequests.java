package io.lodestone.client.engine;

import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import io.lodestone.wire.PieceLayerAssembler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which BEP 52 hash requests to send to whom, for the v2 files whose piece layer a magnet's
 * metadata lacks. Pure policy: peers are ids, time is passed in. A few requests are outstanding
 * at a time, spread round-robin over the peers that speak v2; a request a peer refused, let time
 * out or left with is asked of another peer. Answers go to one {@link PieceLayerAssembler} per
 * file, which keeps only hashes that prove themselves up to the file's pieces root.
 */
final class LayerRequests {

    /** Hash requests outstanding over all peers; each asks for up to 512 piece hashes. */
    static final int MAX_IN_FLIGHT = 4;
    /** A request unanswered this long is asked of another peer. */
    static final long TIMEOUT_NANOS = 20_000_000_000L;

    /** A request to put on the wire to {@code peer}. */
    record Send(long peer, HashRequest request) {
    }

    /** What an answer did. */
    sealed interface Outcome {
    }

    /** Hashes nobody asked this peer for (late, after a timeout, or made up): ignored. */
    record Unsolicited() implements Outcome {
    }

    /** Good hashes; the file's layer is not complete yet (or already was). */
    record Progress(int missing) implements Outcome {
    }

    /** The file's whole piece layer, proven against its root. */
    record LayerDone(byte[] piecesRoot, byte[] layer) implements Outcome {
    }

    /** Hashes that do not prove themselves: the peer lies or is broken. */
    record Invalid(String reason) implements Outcome {
    }

    private record InFlight(long peer, long sentAt) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, PieceLayerAssembler> files = new LinkedHashMap<>();
    private final Map<HashRequest, InFlight> inFlight = new LinkedHashMap<>();
    /** Peers that refused, timed out on or dropped a request: asked again only once every peer has. */
    private final Map<HashRequest, Set<Long>> refusedBy = new HashMap<>();
    private int cursor;

    /** One assembler per file; each must still need its layer. */
    LayerRequests(List<PieceLayerAssembler> assemblers) {
        for (PieceLayerAssembler a : assemblers) {
            files.put(HEX.formatHex(a.piecesRoot()), a);
        }
    }

    /** Whether every layer is in. */
    boolean done() {
        return files.isEmpty();
    }

    int inFlight() {
        return inFlight.size();
    }

    /**
     * Requests to send now to some of {@code peers} (ids of connected v2 peers, in a stable
     * order): timed-out requests are freed first, then slots up to {@link #MAX_IN_FLIGHT} filled.
     */
    List<Send> schedule(List<Long> peers, long now) {
        for (Map.Entry<HashRequest, InFlight> e : new ArrayList<>(inFlight.entrySet())) {
            if (now - e.getValue().sentAt() >= TIMEOUT_NANOS) {
                inFlight.remove(e.getKey());
                refused(e.getKey(), e.getValue().peer());
            }
        }
        List<Send> out = new ArrayList<>();
        if (peers.isEmpty()) {
            return out;
        }
        for (PieceLayerAssembler a : files.values()) {
            for (HashRequest r : a.missingRequests()) {
                if (inFlight.size() >= MAX_IN_FLIGHT) {
                    return out;
                }
                if (inFlight.containsKey(r)) {
                    continue;
                }
                Long peer = nextPeer(r, peers);
                if (peer != null) {
                    inFlight.put(r, new InFlight(peer, now));
                    out.add(new Send(peer, r));
                }
            }
        }
        return out;
    }

    /** The next peer round-robin that has not refused {@code r}; when all have, they may all be asked again later. */
    private Long nextPeer(HashRequest r, List<Long> peers) {
        Set<Long> refused = refusedBy.getOrDefault(r, Set.of());
        for (int i = 0; i < peers.size(); i++) {
            long candidate = peers.get(Math.floorMod(cursor + i, peers.size()));
            if (!refused.contains(candidate)) {
                cursor = Math.floorMod(cursor + i + 1, peers.size());
                return candidate;
            }
        }
        refusedBy.remove(r); // everyone refused: maybe they lacked it then; try them again next round
        return null;
    }

    /** A {@code hashes} message from {@code peer}. */
    Outcome onHashes(long peer, Hashes answer) {
        HashRequest r = answer.request();
        InFlight f = inFlight.get(r);
        if (f == null || f.peer() != peer) {
            return new Unsolicited();
        }
        inFlight.remove(r);
        PieceLayerAssembler a = files.get(HEX.formatHex(r.piecesRoot()));
        if (a == null) {
            return new Progress(0); // that layer completed meanwhile
        }
        return switch (a.accept(answer)) {
            case PieceLayerAssembler.Rejected rej -> {
                refused(r, peer);
                yield new Invalid(rej.reason());
            }
            case PieceLayerAssembler.Complete c -> {
                files.remove(HEX.formatHex(r.piecesRoot()));
                refusedBy.keySet().removeIf(q -> q.isFor(a.piecesRoot()));
                yield new LayerDone(a.piecesRoot(), c.layer());
            }
            case PieceLayerAssembler.Stored s -> {
                refusedBy.remove(r);
                yield new Progress(a.missing());
            }
            case PieceLayerAssembler.Duplicate d -> new Progress(a.missing());
        };
    }

    /** A {@code hash reject} from {@code peer}: ask someone else. */
    void onReject(long peer, HashRequest r) {
        InFlight f = inFlight.get(r);
        if (f != null && f.peer() == peer) {
            inFlight.remove(r);
            refused(r, peer);
        }
    }

    /** The peer left: its requests go to others. */
    void peerGone(long peer) {
        inFlight.values().removeIf(f -> f.peer() == peer);
        for (Set<Long> s : refusedBy.values()) {
            s.remove(peer);
        }
    }

    private void refused(HashRequest r, long peer) {
        refusedBy.computeIfAbsent(r, k -> new HashSet<>()).add(peer);
    }
}
