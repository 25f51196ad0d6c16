/**
 * The DHT node core: pure policy, no sockets, threads or wall clock.
 *
 * <ul>
 *   <li>{@link io.lodestone.dht.node.DhtNode} answers and sends KRPC over a
 *       {@link io.lodestone.dht.node.DatagramSink}; a transport feeds it datagrams and ticks, all on
 *       one thread per node.</li>
 *   <li>{@link io.lodestone.dht.node.TokenManager}, {@link io.lodestone.dht.node.PeerStore} and
 *       {@link io.lodestone.dht.node.TransactionTable} are its per-node state, each bounded.</li>
 *   <li>{@link io.lodestone.dht.node.RateLimits} (an {@link io.lodestone.dht.node.InboundLimiter}
 *       and an {@link io.lodestone.dht.node.OutboundLimiter}) and
 *       {@link io.lodestone.dht.node.DhtMetrics} are thread-safe, so a farm can share one set of
 *       limits across nodes on different threads and read metrics from anywhere.</li>
 *   <li>{@link io.lodestone.dht.node.DhtConfig} holds every setting, with libtorrent's defaults
 *       named where they are mirrored.</li>
 * </ul>
 */
package io.lodestone.dht.node;
