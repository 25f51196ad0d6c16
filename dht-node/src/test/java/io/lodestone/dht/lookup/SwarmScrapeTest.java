package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.ScrapeBloom;
import io.lodestone.dht.krpc.ScrapeFilters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BEP 33's estimate over the closest responders, with its rule for responders without filters. */
class SwarmScrapeTest {
    static InetSocketAddress node(int i) {
        return new InetSocketAddress("10.1.0." + i, 6881);
    }

    static InetSocketAddress peer(int i) {
        return new InetSocketAddress("10.2.0." + i, 51413);
    }

    static ScrapeBloom bloom(int... peers) throws Exception {
        ScrapeBloom b = ScrapeBloom.EMPTY;
        for (int p : peers) {
            b = b.with(InetAddress.getByName("10.2.0." + p));
        }
        return b;
    }

    @Test
    void filtersOfTheClosestAreUnitedAndPeersWithoutFiltersCountUnlessSeeds() throws Exception {
        Map<InetSocketAddress, ScrapeFilters> filters = Map.of(
                node(1), new ScrapeFilters(bloom(1, 2, 3), bloom(10)),
                node(2), new ScrapeFilters(bloom(2, 3, 4), bloom(11)),
                node(9), new ScrapeFilters(bloom(50, 51, 52, 53), bloom()));
        // node 3 knows no BEP 33: its peers count as peers, except 1 (a seed per the filters)
        Map<InetSocketAddress, List<InetSocketAddress>> values = Map.of(node(3), List.of(peer(1), peer(12), peer(13)));
        SwarmScrape s = SwarmScrape.of(List.of(node(1), node(2), node(3)), filters, values);
        assertThat(s.seeds()).isEqualTo(4);
        assertThat(s.peers()).isEqualTo(4);
        assertThat(s.filtered()).isEqualTo(2);
        assertThat(s.legacy()).isEqualTo(1);
        assertThat(s.informed()).isTrue();

        SwarmScrape nobody = SwarmScrape.of(List.of(node(4)), filters, Map.of());
        assertThat(nobody.informed()).isFalse();
        assertThat(nobody.seeds()).isZero();
    }
}
