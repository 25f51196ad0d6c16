package io.lodestone.dht.krpc;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.util.Objects;

/**
 * BEP 5 {@code announce_peer}.
 *
 * @param port        the peer's TCP port; 1..65535, or also 0 when {@code impliedPort} makes the
 *                    receiver ignore it and use the UDP source port instead
 * @param impliedPort {@code implied_port} = 1 (any non-zero value reads as set, as in libtorrent)
 * @param seed        {@code seed} = 1: the announcer is a seed (libtorrent sends it)
 */
public record AnnouncePeer(NodeId id, InfoHash infoHash, int port, boolean impliedPort, Token token, boolean seed)
        implements KnownQuery {

    static final int MAX_PORT = 0xffff;

    public AnnouncePeer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        GetPeers.requireDhtKey(infoHash);
        if (!validPort(port, impliedPort)) {
            throw new IllegalArgumentException(
                    "port must be 1..65535" + (impliedPort ? " or 0" : "") + ", not " + port);
        }
    }

    public AnnouncePeer(NodeId id, InfoHash infoHash, int port, Token token) {
        this(id, infoHash, port, false, token, false);
    }

    static boolean validPort(long port, boolean impliedPort) {
        return port <= MAX_PORT && (port >= 1 || (impliedPort && port == 0));
    }

    @Override
    public QueryMethod method() {
        return QueryMethod.ANNOUNCE_PEER;
    }
}
