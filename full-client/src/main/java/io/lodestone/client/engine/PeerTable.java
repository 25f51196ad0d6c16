package io.lodestone.client.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent's connected peers, found by wire (events from Netty) or by id (the policy's
 * actions), and closed or banned the one way that also tells the policy to say nothing more.
 * Loop-only.
 */
final class PeerTable implements Connections {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

    private final Map<PeerWire, Peer> byWire = new LinkedHashMap<>();
    private final Map<Long, Peer> byId = new HashMap<>();
    private final Collection<Peer> view = Collections.unmodifiableCollection(byWire.values());
    private final PeerBook book;
    /** Tells the policy a peer is being closed from this side. */
    private LongConsumer closing = id -> { };

    PeerTable(PeerBook book) {
        this.book = book;
    }

    void onClosing(LongConsumer c) {
        closing = c;
    }

    void add(Peer p) {
        byWire.put(p.wire, p);
        byId.put(p.id, p);
    }

    Peer get(PeerWire w) {
        return byWire.get(w);
    }

    Peer remove(PeerWire w) {
        Peer p = byWire.remove(w);
        if (p != null) {
            byId.remove(p.id);
        }
        return p;
    }

    int size() {
        return byWire.size();
    }

    boolean isEmpty() {
        return byWire.isEmpty();
    }

    List<PeerWire> wires() {
        return new ArrayList<>(byWire.keySet());
    }

    @Override
    public Collection<Peer> all() {
        return view;
    }

    @Override
    public Peer get(long id) {
        return byId.get(id);
    }

    @Override
    public void drop(Peer p, String reason) {
        LOG.debug("dropping {}: {}", p, reason);
        closing.accept(p.id);
        p.wire.close(reason);
    }

    @Override
    public void ban(Peer p, String reason) {
        LOG.info("banning {}: {}", p, reason);
        book.ban(p.listenAddress(), p.peerId);
        book.ban(p.state.address(), p.peerId);
        drop(p, "banned: " + reason);
    }
}
