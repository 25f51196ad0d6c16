package io.lodestone.dht.krpc;

import java.util.Optional;

/** The query methods this codec types; the transaction table remembers one per outstanding query. */
public enum QueryMethod {
    PING("ping"),
    FIND_NODE("find_node"),
    GET_PEERS("get_peers"),
    ANNOUNCE_PEER("announce_peer"),
    SAMPLE_INFOHASHES("sample_infohashes");

    private final String wireName;

    QueryMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code q} value on the wire. */
    public String wireName() {
        return wireName;
    }

    public static Optional<QueryMethod> fromWire(String name) {
        for (QueryMethod m : values()) {
            if (m.wireName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
