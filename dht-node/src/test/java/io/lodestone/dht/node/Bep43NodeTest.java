package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 43: read-only queriers stay out of our table; our own read-only mode. */
class Bep43NodeTest {

    @Test
    void readOnlyQueriersAreAnsweredButNeverEnterTheTable() {
        NodeFixture f = new NodeFixture();
        for (int i = 0; i < 50; i++) {
            NodeId id = NodeId.random(f.random);
            QueryMessage ro = new QueryMessage(f.tid(), Optional.empty(), true, new Ping(id));
            assertThat(f.ask(addr(i), ro)).isInstanceOf(ResponseMessage.class);
        }
        assertThat(f.node.routingTable4().candidateCount()).isZero();
        // the maintenance pings of many ticks find nobody to ping either
        f.sent.clear();
        for (int t = 0; t < 20; t++) {
            f.clock.advance(Duration.ofMillis(100));
            f.node.tick();
        }
        assertThat(f.sent).isEmpty();
        assertThat(f.node.routingTable4().size()).isZero();

        // the same query without ro makes the querier a candidate, which the next tick pings
        NodeInfo full = new NodeInfo(NodeId.random(f.random), addr(99));
        f.ask(full.address(), QueryMessage.of(f.tid(), new Ping(full.id())));
        assertThat(f.node.routingTable4().candidates()).containsExactly(full);
        f.sent.clear();
        f.node.tick();
        assertThat(f.sent).hasSize(1);
        assertThat(f.sent.get(0).to()).isEqualTo(full.address());
        f.deliver(full.address(), ResponseMessage.of(f.lastQuery().tid(), new PingResponse(full.id())));
        assertThat(f.node.routingTable4().contains(full)).isTrue();
    }

    @Test
    void ourQueriesCarryRoOnlyWhenConfiguredReadOnly() {
        NodeFixture normal = new NodeFixture();
        normal.node.query(addr(1), normal.node.ping());
        assertThat(normal.lastQuery().readOnly()).isFalse();

        NodeFixture ro = new NodeFixture(DhtConfig.defaults().toBuilder().readOnly(true).build(), null);
        ro.node.query(addr(1), ro.node.ping());
        ro.node.query(addr(2), ro.node.findNode(NodeId.random(ro.random)));
        assertThat(ro.sent).hasSize(2).allMatch(s -> ((QueryMessage) s.decoded()).readOnly());
        // and, as libtorrent's dht_read_only, it answers no queries
        ro.sent.clear();
        ro.deliver(addr(3), QueryMessage.of(ro.tid(), new Ping(NodeId.random(ro.random))));
        assertThat(ro.sent).isEmpty();
        // but it still takes answers to its own queries
        var fut = ro.node.query(addr(4), ro.node.ping());
        NodeId responder = NodeId.random(ro.random);
        ro.deliver(addr(4), ResponseMessage.of(ro.lastQuery().tid(), new PingResponse(responder)));
        assertThat(fut).isCompletedWithValue(new PingResponse(responder));
    }
}
