package io.lodestone.dht.krpc;

/**
 * BEP 32 {@code want}: which address families of nodes the querier asks for. Queries carry it as an
 * {@code Optional}: absent means "the family this query arrived over", which only the receiving
 * socket knows, while a present but empty list asks for no nodes at all (as libtorrent reads it).
 */
public record Want(boolean n4, boolean n6) {

    public static final Want N4 = new Want(true, false);
    public static final Want N6 = new Want(false, true);
    public static final Want BOTH = new Want(true, true);
    public static final Want NEITHER = new Want(false, false);

    static final String N4_NAME = "n4";
    static final String N6_NAME = "n6";
}
