package io.lodestone.resolve;

/**
 * What a fetch under way is doing, in words ("connecting", "connected, never answered our
 * handshake", "2 of 5 metadata pieces in"): so a resolve that ends at its deadline with fetches still
 * running says what they were stuck on, not only that time ran out. A {@link PeerFetcher}'s future
 * may implement it.
 */
public interface FetchProgress {

    String progress();
}
