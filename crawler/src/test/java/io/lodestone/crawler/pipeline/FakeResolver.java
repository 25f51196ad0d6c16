package io.lodestone.crawler.pipeline;

import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A scripted resolver: by default every call is left open for the test to complete; a policy can
 * answer at once instead. Records every call in order.
 */
final class FakeResolver implements MetadataResolver {

    record Call(InfoHash infoHash, List<InetSocketAddress> peers, CompletableFuture<ResolveOutcome> future) {
    }

    final List<Call> calls = new ArrayList<>();
    private Function<InfoHash, ResolveOutcome> policy;

    /** Answers every call at once with {@code f} (null: leave open). */
    FakeResolver answering(Function<InfoHash, ResolveOutcome> f) {
        this.policy = f;
        return this;
    }

    @Override
    public synchronized CompletableFuture<ResolveOutcome> resolve(InfoHash infoHash, List<InetSocketAddress> livePeers,
                                                                  Duration timeout) {
        CompletableFuture<ResolveOutcome> f = new CompletableFuture<>();
        calls.add(new Call(infoHash, livePeers, f));
        ResolveOutcome o = policy == null ? null : policy.apply(infoHash);
        if (o != null) {
            f.complete(o);
        }
        return f;
    }

    synchronized List<InfoHash> hashesCalled() {
        return calls.stream().map(Call::infoHash).toList();
    }

    synchronized Call last() {
        return calls.getLast();
    }

    synchronized Map<InfoHash, Integer> callCounts() {
        Map<InfoHash, Integer> m = new HashMap<>();
        calls.forEach(c -> m.merge(c.infoHash(), 1, Integer::sum));
        return m;
    }

    static byte[] infoDict(InfoHash h) {
        return ("d4:name40:" + h.hex() + "e").getBytes(StandardCharsets.US_ASCII);
    }

    static ResolveOutcome ok(InfoHash h) {
        return new ResolveOutcome.Resolved(infoDict(h), List.of());
    }

    static ResolveOutcome fail(InfoHash h) {
        return new ResolveOutcome.Failed("no peers (test)");
    }
}
