package io.lodestone.crawler.pipeline;

import io.lodestone.magnet.MagnetException;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.resolve.ResolveResult;
import io.lodestone.resolve.ResolveService;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves through the {@link ResolveService}: a magnet of the bare hash whose {@code x.pe} holds
 * the announced peers, so they are asked first while the DHT and other sources look for more.
 */
public final class ServiceResolver implements MetadataResolver {

    private final ResolveService service;
    private final HolderFirstSource holders;

    public ServiceResolver(ResolveService service) {
        this(service, null);
    }

    /** Telling {@code holders} (one of the service's sources) which DHT nodes hold each hash. */
    public ServiceResolver(ResolveService service, HolderFirstSource holders) {
        this.service = Objects.requireNonNull(service, "service");
        this.holders = holders;
    }

    @Override
    public CompletableFuture<ResolveOutcome> resolve(InfoHash infoHash, List<InetSocketAddress> livePeers,
                                                     List<InetSocketAddress> holderNodes, Duration timeout) {
        if (holders == null || holderNodes.isEmpty()) {
            return resolve(infoHash, livePeers, timeout);
        }
        holders.hint(infoHash, holderNodes);
        CompletableFuture<ResolveOutcome> f;
        try {
            f = resolve(infoHash, livePeers, timeout);
        } catch (RuntimeException e) {
            holders.forget(infoHash);
            throw e;
        }
        return f.whenComplete((r, e) -> holders.forget(infoHash));
    }

    @Override
    public CompletableFuture<ResolveOutcome> resolve(InfoHash infoHash, List<InetSocketAddress> livePeers,
                                                     Duration timeout) {
        MagnetUri magnet;
        try {
            magnet = magnet(infoHash, livePeers);
        } catch (MagnetException e) {
            return CompletableFuture.completedFuture(new ResolveOutcome.Failed("bad magnet: " + e.getMessage()));
        }
        return service.resolve(magnet, timeout).handle((r, e) -> {
            if (e != null) {
                return new ResolveOutcome.Failed("resolver error: " + e);
            }
            return switch (r) {
                case ResolveResult.Resolved ok -> new ResolveOutcome.Resolved(ok.metainfo().infoBytes(),
                        otherKeys(infoHash, ok.metainfo()));
                case ResolveResult.NotFound nf -> new ResolveOutcome.Failed(nf.reason() + " (" + nf.peersTried()
                        + " peers tried)", nf.cause());
            };
        });
    }

    static MagnetUri magnet(InfoHash infoHash, List<InetSocketAddress> livePeers) {
        List<HostPort> peers = new ArrayList<>();
        for (InetSocketAddress p : livePeers) {
            if (peers.size() < MagnetUri.MAX_PEERS && !p.isUnresolved()) {
                peers.add(HostPort.of(p));
            }
        }
        MagnetUri bare = MagnetUri.of(infoHash);
        return new MagnetUri(bare.infoHashV1(), bare.infoHashV2(), null, List.of(), peers, List.of(), List.of(), null);
    }

    /** The torrent's DHT keys other than the one resolved: v1 and truncated v2 of a hybrid. */
    static List<InfoHash> otherKeys(InfoHash resolved, Metainfo m) {
        List<InfoHash> keys = new ArrayList<>(2);
        if (m.infoHashV1() != null && !m.infoHashV1().equals(resolved)) {
            keys.add(m.infoHashV1());
        }
        if (m.infoHashV2() != null && !m.infoHashV2().truncated().equals(resolved)) {
            keys.add(m.infoHashV2().truncated());
        }
        return keys;
    }
}
