/**
 * Kademlia lookups and what runs on them, as pure policy over a
 * {@link io.lodestone.dht.node.QueryClient}, a {@link io.lodestone.dht.lookup.TaskScheduler} and a
 * {@link io.lodestone.time.Clock}: no threads, no sockets, everything on the node's own thread.
 *
 * <ul>
 *   <li>{@link io.lodestone.dht.lookup.IterativeLookup}: the state machine (libtorrent's
 *       traversal_algorithm with aggressive lookups, slow-query branching and a deadline).</li>
 *   <li>{@link io.lodestone.dht.lookup.FindNodeLookup}, {@link io.lodestone.dht.lookup.GetPeersLookup}:
 *       drivers returning futures; {@link io.lodestone.dht.lookup.Announce} announces after a
 *       get_peers lookup.</li>
 *   <li>{@link io.lodestone.dht.lookup.Bootstrap} joins from router addresses;
 *       {@link io.lodestone.dht.lookup.Maintenance}, ticked by the owner, refreshes buckets and
 *       bootstraps again when the table empties.</li>
 *   <li>{@link io.lodestone.dht.lookup.SampleSweeper}: the BEP 51 harvester, ticked by the owner.</li>
 * </ul>
 * Settings: {@link io.lodestone.dht.lookup.LookupConfig} and {@link io.lodestone.dht.lookup.SweepConfig}.
 */
package io.lodestone.dht.lookup;
