package io.lodestone.dht.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.QueryClient;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.dht.node.QueryFailedException.Reason;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The lookup driver's handling of what a QueryClient can do besides answering. */
class TraversalTest {

    private final FakeDht dht = new FakeDht(51, 1_000);
    private final NodeId me = NodeId.random(dht.rnd);

    private LookupContext over(QueryClient client) {
        LookupContext c = dht.context(dht.seededTable(me), LookupConfig.defaults());
        return new LookupContext(client, c.scheduler(), c.clock(), c.table(), c.config(), c.random());
    }

    private static CompletableFuture<KrpcResponse> refuse(Reason reason) {
        return CompletableFuture.failedFuture(new QueryFailedException(reason, reason.name()));
    }

    @Test
    void ourRateLimiterRefusingAtOnceOnlyDelaysTheLookup() {
        int[] calls = {0};
        QueryClient limited = (to, q) -> ++calls[0] % 3 == 0 ? refuse(Reason.RATE_LIMITED) : dht.query(to, q);
        NodeId target = NodeId.random(dht.rnd);
        FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(over(limited), target).start());
        assertThat(r.closest()).extracting(NodeInfo::id)
                .containsExactlyElementsOf(dht.closestLive(target, FakeDht.K).stream().map(n -> n.id).toList());
        assertThat(r.stats().failures()).isZero();
        assertThat(r.stats().queries()).isEqualTo(dht.queries);
    }

    @Test
    void aClosedNodeEndsTheLookup() {
        int[] calls = {0};
        QueryClient closing = (to, q) -> ++calls[0] > 3 ? refuse(Reason.CLOSED) : dht.query(to, q);
        FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(over(closing), NodeId.random(dht.rnd)).start());
        assertThat(r.stats().outcome()).isEqualTo(LookupStats.Outcome.CANCELLED);
    }

    @Test
    void errorsAndThrowingClientsAreFailuresOfThatNodeOnly() {
        List<InetSocketAddress> bad = new ArrayList<>();
        QueryClient flaky = new QueryClient() {
            int n;

            @Override
            public CompletableFuture<KrpcResponse> query(InetSocketAddress to, KnownQuery q) {
                n++;
                if (n % 4 == 1) {
                    bad.add(to);
                    return refuse(Reason.ERROR_RESPONSE);
                }
                if (n % 4 == 2) {
                    bad.add(to);
                    throw new IllegalStateException("socket gone");
                }
                return dht.query(to, q);
            }
        };
        NodeId target = NodeId.random(dht.rnd);
        FindNodeLookup.Result r = dht.runUntil(new FindNodeLookup(over(flaky), target).start());
        assertThat(r.stats().failures()).isEqualTo(bad.size());
        assertThat(r.stats().timeouts()).isZero();
        assertThat(r.closest()).extracting(NodeInfo::address).doesNotContainAnyElementsOf(bad);
        assertThat(r.closest()).hasSize(FakeDht.K);
    }

    @Test
    void aThrowingPeerCallbackFailsTheLookupVisibly() {
        byte[] b = new byte[20];
        dht.rnd.nextBytes(b);
        InfoHash key = InfoHash.v1(b);
        dht.storePeers(key, List.of(new InetSocketAddress(FakeDht.ip(90, 0, 0, 1), 1)), FakeDht.K);
        CompletableFuture<GetPeersLookup.Result> f = new GetPeersLookup(over(dht), key, p -> {
            throw new IllegalStateException("boom");
        }).start();
        dht.runUntilIdle();
        assertThat(f).isCompletedExceptionally();
        assertThat(f.handle((r, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .hasMessage("boom");
    }
}
