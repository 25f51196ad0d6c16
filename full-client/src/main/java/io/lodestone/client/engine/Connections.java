package io.lodestone.client.engine;

import java.util.Collection;

/** A torrent's connected peers, as its adapter-side helpers (extensions, hashes, uploads) see them. */
interface Connections {

    Collection<Peer> all();

    /** The peer with this id, or null once it is gone. */
    Peer get(long id);

    /** Closes a peer for breaking the protocol. */
    void drop(Peer p, String reason);

    /** Bans a peer that sent bad data and closes its connection. */
    void ban(Peer p, String reason);
}
