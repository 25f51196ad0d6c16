/**
 * Resolving a magnet to its info dict. {@link io.lodestone.resolve.MetadataFetcher} fetches it
 * from one peer over TCP (BEP 3, 10, 9) and returns a {@link io.lodestone.resolve.FetchResult}:
 * verified bytes, or a reason. The protocol lives in the pure
 * {@code MetadataExchange} state machine; the fetcher is only the socket around it. Every limit is
 * in {@link io.lodestone.resolve.FetchConfig}.
 */
package io.lodestone.resolve;
