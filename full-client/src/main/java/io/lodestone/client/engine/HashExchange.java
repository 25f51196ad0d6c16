package io.lodestone.client.engine;

import io.lodestone.client.storage.PieceStore;
import io.lodestone.metainfo.TorrentFile;
import io.lodestone.metainfo.TorrentVersion;
import io.lodestone.wire.HashMessage;
import io.lodestone.wire.HashMessage.HashReject;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import io.lodestone.wire.HashMessageCodec;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PieceLayerAssembler;
import io.lodestone.wire.PieceLayerTree;
import io.lodestone.wire.WireFormatException;
import java.util.ArrayList;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import java.util.HashMap;
import java.util.function.IntConsumer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BEP 52 hash messages for one torrent. As a downloader (a v2 magnet: no piece layers) it asks v2
 * peers for the missing layers through {@link LayerRequests}, hands each complete one to the store,
 * and holds pieces that cannot be verified yet until their layer arrives. As a seeder it answers
 * hash requests from the layers it has, or rejects them. Runs on the torrent's loop.
 */
final class HashExchange {

    private static final Logger LOG = LoggerFactory.getLogger(HashExchange.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Metainfo metainfo;
    private final PieceStore store;
    private final Clock clock;
    private final Connections peers;
    /** A held piece's layer arrived: judge it now. */
    private final IntConsumer verifiable;
    /** Null when no layer is missing (a .torrent, a v1 or hybrid magnet, or every layer fetched). */
    private LayerRequests requests;
    /** Layers fetched from peers, by root in hex, to serve them on. */
    private final Map<String, byte[]> fetched = new HashMap<>();
    /** Trees built to answer requests, by root in hex; one per file at most. */
    private final Map<String, PieceLayerTree> trees = new HashMap<>();
    /** The torrent's v2 files by pieces root in hex: a peer's request names a root. */
    private final Map<String, TorrentFile> files = new HashMap<>();
    /** Complete pieces waiting for their file's layer, in piece order. */
    private final TreeSet<Integer> held = new TreeSet<>();

    HashExchange(Metainfo metainfo, PieceStore store, Clock clock, Connections peers, IntConsumer verifiable) {
        this.metainfo = metainfo;
        this.store = store;
        this.clock = clock;
        this.peers = peers;
        this.verifiable = verifiable;
        for (TorrentFile f : metainfo.files()) {
            if (!f.pad() && f.piecesRoot() != null) {
                files.putIfAbsent(HEX.formatHex(f.piecesRoot()), f);
            }
        }
        List<PieceLayerAssembler> missing = new ArrayList<>();
        if (metainfo.version() == TorrentVersion.V2) { // hybrid pieces fall back to their v1 hashes
            int pieceLength = (int) metainfo.pieceLength();
            for (byte[] root : store.missingPieceLayers()) {
                file(root).ifPresent(f -> missing.add(new PieceLayerAssembler(root, f.size(), pieceLength)));
            }
        }
        this.requests = missing.isEmpty() ? null : new LayerRequests(missing);
    }

    /** Whether a peer can be asked for hashes: it set the v2 bit, or the torrent is v2-only (so must it be). */
    boolean speaksV2(Peer p) {
        return p.state.v2() || metainfo.version() == TorrentVersion.V2;
    }

    /** A BEP 52 message (or another unknown one, ignored); a malformed one closes the peer. */
    void handle(Peer p, PeerMessage.UnknownMessage u, boolean stopped) {
        Optional<HashMessage> m;
        try {
            m = HashMessageCodec.fromUnknown(u);
        } catch (WireFormatException e) {
            peers.drop(p, "protocol error: " + e.getMessage());
            return;
        }
        if (m.isEmpty()) {
            return;
        }
        switch (m.get()) {
            case HashRequest r -> answer(p, r);
            case Hashes h -> onHashes(p, h, stopped);
            case HashReject r -> {
                if (requests != null) {
                    requests.onReject(p.id, r.request());
                    pump(stopped);
                }
            }
        }
    }

    /** Whether {@code piece} can be hashed now; if not, it is kept until its layer arrives. */
    boolean holdUnlessVerifiable(int piece) {
        if (store.canVerify(piece)) {
            return false;
        }
        held.add(piece);
        return true;
    }

    /** Sends what the scheduler wants sent; on every tick and whenever peers or answers change. */
    void pump(boolean stopped) {
        if (requests == null || stopped) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (Peer p : peers.all()) {
            if (speaksV2(p) && !p.wire.closing() && !p.state.closing()) {
                ids.add(p.id);
            }
        }
        long now = clock.nanos();
        for (LayerRequests.Send s : requests.schedule(ids, now)) {
            Peer p = peers.get(s.peer());
            p.send(HashMessageCodec.toMessage(s.request()), now);
        }
    }

    void peerGone(Peer p) {
        if (requests != null) {
            requests.peerGone(p.id);
        }
    }

    private void onHashes(Peer p, Hashes h, boolean stopped) {
        if (requests == null) {
            return; // nothing asked: late answers after the last layer are harmless
        }
        switch (requests.onHashes(p.id, h)) {
            case LayerRequests.Invalid bad -> peers.drop(p, "bad hashes: " + bad.reason());
            case LayerRequests.LayerDone done -> layerDone(done.piecesRoot(), done.layer());
            case LayerRequests.Progress progress -> { }
            case LayerRequests.Unsolicited u -> { }
        }
        pump(stopped);
    }

    private void layerDone(byte[] root, byte[] layer) {
        if (!store.addPieceLayer(root, layer)) {
            // the assembler proved it against the same root: the store and it disagree
            LOG.warn("{}: the store refused a proven piece layer for root {}", metainfo.name(), HEX.formatHex(root));
            return;
        }
        fetched.put(HEX.formatHex(root), layer);
        LOG.debug("{}: piece layer of root {} fetched", metainfo.name(), HEX.formatHex(root));
        if (requests.done()) {
            requests = null;
        }
        for (Integer piece : new ArrayList<>(held)) {
            if (store.canVerify(piece)) {
                held.remove(piece);
                verifiable.accept(piece);
            }
        }
    }

    /** BEP 52: serve the hashes we have, reject what we cannot prove. */
    private void answer(Peer p, HashRequest r) {
        long now = clock.nanos();
        Optional<Hashes> reply = tree(r.piecesRoot()).flatMap(tree -> tree.answer(r));
        p.send(HashMessageCodec.toMessage(reply.<HashMessage>map(h -> h).orElse(new HashReject(r))), now);
    }

    private Optional<PieceLayerTree> tree(byte[] root) {
        String key = HEX.formatHex(root);
        PieceLayerTree cached = trees.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TorrentFile> file = file(root);
        if (file.isEmpty() || metainfo.version() == TorrentVersion.V1) {
            return Optional.empty();
        }
        int pieceLength = (int) metainfo.pieceLength();
        if (!PieceLayerAssembler.needsLayer(file.get().size(), pieceLength)) {
            return Optional.empty(); // its root is its only piece hash; nothing below it to serve from
        }
        byte[] layer = metainfo.pieceLayer(root);
        if (layer == null) {
            layer = fetched.get(key);
        }
        if (layer == null) {
            return Optional.empty();
        }
        PieceLayerTree tree = PieceLayerTree.fromLayer(root, file.get().size(), pieceLength, layer);
        trees.put(key, tree);
        return Optional.of(tree);
    }

    private Optional<TorrentFile> file(byte[] root) {
        return Optional.ofNullable(files.get(HEX.formatHex(root)));
    }
}
