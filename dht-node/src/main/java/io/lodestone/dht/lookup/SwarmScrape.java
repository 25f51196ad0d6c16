package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.ScrapeBloom;
import io.lodestone.dht.krpc.ScrapeFilters;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A BEP 33 swarm-size estimate from one scrape lookup: the union of the filters of the closest
 * responders. A responder that answered with peers but no filters (no BEP 33 there) adds its
 * peers to the peer filter, except addresses some filter already counts as seeds, as the BEP's
 * "legacy responses" section says. Pure.
 *
 * @param seeds      estimated seeds
 * @param peers      estimated other peers (downloaders)
 * @param filtered   responders among the closest that sent filters
 * @param legacy     responders among the closest that sent only peers
 */
public record SwarmScrape(int seeds, int peers, int filtered, int legacy) {

    /** No responder knew anything: 0 and 0 is then the estimate, not a failure. */
    public boolean informed() {
        return filtered + legacy > 0;
    }

    /**
     * @param closest the closest responders, closest first
     * @param filters what each responder sent as filters (absent: none)
     * @param values  the peers each responder sent
     */
    static SwarmScrape of(List<InetSocketAddress> closest, Map<InetSocketAddress, ScrapeFilters> filters,
                          Map<InetSocketAddress, List<InetSocketAddress>> values) {
        ScrapeFilters union = ScrapeFilters.EMPTY;
        int filtered = 0;
        for (InetSocketAddress n : closest) {
            ScrapeFilters f = filters.get(n);
            if (f != null) {
                union = union.union(f);
                filtered++;
            }
        }
        ScrapeBloom peers = union.peers();
        int legacy = 0;
        for (InetSocketAddress n : closest) {
            List<InetSocketAddress> v = values.getOrDefault(n, List.of());
            if (filters.containsKey(n) || v.isEmpty()) {
                continue;
            }
            legacy++;
            for (InetSocketAddress p : v) {
                if (!union.seeds().mightContain(p.getAddress())) {
                    peers = peers.with(p.getAddress());
                }
            }
        }
        return new SwarmScrape(union.seeds().count(), peers.count(), filtered, legacy);
    }
}
