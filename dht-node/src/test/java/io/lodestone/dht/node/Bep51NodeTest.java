package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** BEP 51: answering sample_infohashes from the peer store, and asking it. */
class Bep51NodeTest {

    private final List<InetSocketAddress> samplesFrom = new ArrayList<>();
    private final List<List<InfoHash>> samplesSeen = new ArrayList<>();
    private final NodeFixture f = new NodeFixture(DhtConfig.defaults(), null, new DhtListener() {
        @Override
        public void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
            samplesSeen.add(samples);
            samplesFrom.add(source);
        }
    });
    private final NodeId other = NodeId.random(f.random);

    private Set<InfoHash> announce(int n) {
        Set<InfoHash> stored = new HashSet<>();
        for (int i = 0; i < n; i++) {
            InfoHash ih = NodeFixture.hash(f.random);
            InetSocketAddress from = addr(1000 + i);
            f.ask(from, new AnnouncePeer(other, ih, 6881, f.node.tokens().token(from.getAddress())));
            stored.add(ih);
        }
        return stored;
    }

    private SampleInfohashesResponse sample(NodeId target) {
        return (SampleInfohashesResponse) ((ResponseMessage) f.ask(addr(1), new SampleInfohashes(other, target)))
                .typed(QueryMethod.SAMPLE_INFOHASHES);
    }

    @Test
    void aSmallStoreIsSampledWhole() {
        f.fillTable(20, 100);
        Set<InfoHash> stored = announce(7);
        NodeId target = NodeId.random(f.random);
        SampleInfohashesResponse r = sample(target);
        assertThat(r.num()).isEqualTo(7);
        assertThat(r.samples()).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(r.interval()).isEqualTo(600);
        assertThat(r.nodes()).containsExactlyElementsOf(f.node.routingTable4().closest(target, 8));
        assertThat(r.id()).isEqualTo(f.node.id());
    }

    @Test
    void aLargeStoreGivesTwentyDistinctStoredHashesKeptForTheInterval() {
        Set<InfoHash> stored = announce(300);
        SampleInfohashesResponse r = sample(other);
        assertThat(r.num()).isEqualTo(300);
        assertThat(r.samples()).hasSize(20).doesNotHaveDuplicates();
        assertThat(stored).containsAll(r.samples());
        // the same sample until the interval has passed, as the answer promised
        f.clock.advance(Duration.ofSeconds(599));
        assertThat(sample(other).samples()).isEqualTo(r.samples());
        f.clock.advance(Duration.ofSeconds(1));
        List<InfoHash> next = sample(other).samples();
        assertThat(next).hasSize(20).isNotEqualTo(r.samples());
        assertThat(stored).containsAll(next);
    }

    @Test
    void expiredHashesLeaveTheCount() {
        announce(5);
        f.clock.advance(Duration.ofMinutes(30));
        announce(3);
        assertThat(sample(other).num()).isEqualTo(8);
        f.clock.advance(Duration.ofMinutes(16)); // the first five are 46 minutes old
        SampleInfohashesResponse r = sample(other);
        assertThat(r.num()).isEqualTo(3);
        assertThat(r.samples()).hasSize(3);
    }

    @Test
    void ourSampleQueryTellsTheListener() {
        List<InfoHash> hashes = List.of(NodeFixture.hash(f.random), NodeFixture.hash(f.random));
        NodeInfo learned = new NodeInfo(NodeId.random(f.random), addr(77));
        CompletableFuture<KrpcResponse> fut = f.node.query(addr(5), f.node.sampleInfohashes(other));
        SampleInfohashesResponse answer = new SampleInfohashesResponse(other, 3600, 1234, hashes, List.of(learned),
                List.of());
        f.deliver(addr(5), ResponseMessage.of(f.lastQuery().tid(), answer));
        assertThat(fut).isCompletedWithValue(answer);
        assertThat(samplesSeen).containsExactly(hashes);
        assertThat(samplesFrom).containsExactly(addr(5));
        assertThat(f.node.routingTable4().candidates()).contains(learned);
    }

    @Test
    void aNodeWithoutBep51AnswersLikeFindNode() {
        CompletableFuture<KrpcResponse> fut = f.node.query(addr(5), f.node.sampleInfohashes(other));
        FindNodeResponse old = new FindNodeResponse(other, List.of(), List.of());
        f.deliver(addr(5), ResponseMessage.of(f.lastQuery().tid(), old));
        assertThat(fut).isCompletedWithValue(old);
        assertThat(samplesSeen).isEmpty();
    }
}
