package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.lookup.LookupConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmConfig;
import io.lodestone.dht.node.DhtConfig;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.Testnet;
import io.lodestone.interop.TestnetManifest;
import io.lodestone.interop.TestnetOptions;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.resolve.HostileSwarm.Expect;
import io.lodestone.resolve.HostileSwarm.Outcome;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.resolve.ResolveResult.Resolved;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.MetadataMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile peers in the swarm of a real torrent: one honest libtorrent seeder of a hybrid torrent
 * (two metadata pieces) on a loopback testnet, and scripted peers that lie, stall or babble. The
 * hostile peers come in the magnet's {@code x.pe}; the honest seeder (by {@code --peer} or found
 * over the DHT) is only given to the resolver once every hostile peer's fetch has ended, so the
 * resolver must refuse each of them itself rather than happen to finish first. Each case checks
 * that the resolve gives the seeder's exact info dict, that every hostile peer was refused for its
 * own fault and hung up on, and that no unverified byte ever came out.
 */
@Timeout(110)
class HostilePeersIT {

    /**
     * Short clocks so stalling peers are dropped in seconds (an honest loopback peer answers in
     * milliseconds), in the defaults' order: the trickle guard (grace and one window) ends a trickle
     * before the piece timeout would.
     */
    private static final FetchConfig FETCH = FetchConfig.defaults()
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(20), Duration.ofSeconds(8))
            .withMinRate(128, Duration.ofSeconds(3), Duration.ofSeconds(2));
    private static final ResolveConfig LOOPBACK = ResolveConfig.defaults().withAllowPrivatePeers(true);
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(45);
    /** How long a hostile peer's connections may still take to end once the resolve is over. */
    private static final Duration SESSIONS_BOUND = Duration.ofSeconds(15);
    private static final long GIB = 1L << 30;

    private static Testnet net;
    private static TestnetManifest.Torrent torrent;
    private static byte[] info;
    private static InfoHash hash;
    private static List<InetSocketAddress> seeders;

    private final List<HostilePeer> started = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        net = Libtorrent.require().startTestnet(TestnetOptions.defaults()
                .withNodes(9).withTorrents(1).withSeeders(1)
                .withFormats("hybrid").withLayouts("single")
                // 1280 pieces of 16 KiB: 25.6 KB of v1 piece hashes, so the info dict is two metadata pieces
                .withSizes("20M").withPieceSizes("16K")
                .withNoUtp(true).withSeed(11)
                .withDuration(Duration.ofMinutes(3)));
        torrent = net.torrent(0);
        info = MetainfoParser.parseTorrent(Files.readAllBytes(torrent.torrentPath())).infoBytes();
        hash = InfoHash.fromHex(torrent.infoHashV1());
        seeders = torrent.seederAddresses();
        assertThat(info).hasSize(torrent.metadataSize());
        assertThat(MetadataMessage.pieceCount(info.length)).isEqualTo(2);
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void closePeers() throws IOException {
        for (HostilePeer p : started) {
            p.close();
        }
    }

    @Test
    void metadataThatFailsTheHashIsRefused() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("forged", Misbehaviours.forgedMetadata(info, hash)),
                        Set.of(Reason.HASH_MISMATCH), "do not hash"),
                expect(HostilePeer.start("other torrent's dict", Misbehaviours.otherMetadata(hash)),
                        Set.of(Reason.HASH_MISMATCH), "do not hash"));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
        // both liars sent every piece they were asked for; the service counted each lie once
        assertThat(o.service().fetchFailures()).containsEntry(Reason.HASH_MISMATCH, 2L);
    }

    @Test
    void hugeMetadataSizeIsRefusedBeforeAnyRequest() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("2 GiB", Misbehaviours.claimsSize(2 * GIB, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), "2147483648"),
                expect(HostilePeer.start("1 TiB", Misbehaviours.claimsSize(1024 * GIB, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), "exceeds the limit"),
                expect(HostilePeer.start("limit + 1", Misbehaviours.claimsSize(FETCH.maxMetadataSize() + 1L, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), "exceeds the limit"));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
        for (Expect e : hostile) {
            assertThat(e.peer().sessions(SESSIONS_BOUND)).as(e.peer().name())
                    .allSatisfy(s -> assertThat(s.metadataRequests()).isZero());
        }
    }

    @Test
    void outOfRangeOrOversizedPiecesAreRefused() throws Exception {
        int size = info.length;
        int full = MetadataMessage.PIECE_SIZE;
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("index out of range",
                        Misbehaviours.answersWith(hash, size, 999, size, new byte[100])),
                        Set.of(Reason.PROTOCOL_ERROR), "outside"),
                expect(HostilePeer.start("negative index",
                        Misbehaviours.answersWith(hash, size, -1, size, new byte[full])),
                        Set.of(Reason.PROTOCOL_ERROR), "piece -1"),
                expect(HostilePeer.start("oversized piece",
                        Misbehaviours.answersWith(hash, size, 0, size, new byte[full + 10])),
                        Set.of(Reason.PROTOCOL_ERROR), "bytes, not " + full),
                expect(HostilePeer.start("piece over the frame limit",
                        Misbehaviours.answersWith(hash, size, 0, size, new byte[4 * full])),
                        Set.of(Reason.PROTOCOL_ERROR), "exceeds the limit"),
                expect(HostilePeer.start("undersized piece",
                        Misbehaviours.answersWith(hash, size, 0, size, new byte[100])),
                        Set.of(Reason.PROTOCOL_ERROR), "bytes, not " + full),
                expect(HostilePeer.start("wrong total_size",
                        Misbehaviours.answersWith(hash, size, 0, size + 1L, new byte[full])),
                        Set.of(Reason.PROTOCOL_ERROR), "differs from metadata_size"),
                expect(HostilePeer.start("piece sent twice", Misbehaviours.repeatsAPiece(info, hash)),
                        Set.of(Reason.PROTOCOL_ERROR), "unrequested"));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
    }

    @Test
    void endlessSlowTrickleIsDropped() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("trickled piece", Misbehaviours.tricklesAPiece(info, hash)),
                        Set.of(Reason.TOO_SLOW), "below the minimum"),
                // 68 bytes at 4 a second: whichever clock runs out first names the stall
                expect(HostilePeer.start("trickled handshake", Misbehaviours.tricklesTheHandshake(hash)),
                        Set.of(Reason.TOO_SLOW, Reason.HANDSHAKE_TIMEOUT), null),
                expect(HostilePeer.start("busy, never answers", Misbehaviours.chattersButNeverAnswers(info, hash)),
                        Set.of(Reason.PIECE_TIMEOUT), "not received"),
                expect(HostilePeer.start("silent", Misbehaviours.silent()),
                        Set.of(Reason.HANDSHAKE_TIMEOUT), "handshake not received"));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
    }

    @Test
    void garbageAfterTheHandshakeIsRefused() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("random bytes", Misbehaviours.garbageAfterTheHandshake(hash, 1)),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("more random bytes", Misbehaviours.garbageAfterTheHandshake(hash, 2)),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("0xFF mid-transfer", Misbehaviours.garbageMidTransfer(info, hash)),
                        Set.of(Reason.PROTOCOL_ERROR), "exceeds the limit"),
                expect(HostilePeer.start("HTTP", Misbehaviours.answersInHttp()),
                        Set.of(Reason.PROTOCOL_ERROR), null));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
    }

    @Test
    void otherHostilePeersAreRefused() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("reject storm", Misbehaviours.rejectsEverything(info, hash)),
                        Set.of(Reason.REJECTED), "rejected"),
                expect(HostilePeer.start("request storm", Misbehaviours.requestStorm(info, hash)),
                        Set.of(Reason.PIECE_TIMEOUT), "not received"),
                expect(HostilePeer.start("ut_metadata id 300",
                        Misbehaviours.extensionHandshake(hash, "d11:ut_metadatai300ee", info.length)),
                        Set.of(Reason.NO_METADATA_SUPPORT), "ut_metadata"),
                expect(HostilePeer.start("ut_metadata id -7",
                        Misbehaviours.extensionHandshake(hash, "d11:ut_metadatai-7ee", info.length)),
                        Set.of(Reason.NO_METADATA_SUPPORT), "ut_metadata"),
                expect(HostilePeer.start("ut_metadata id 2^40",
                        Misbehaviours.extensionHandshake(hash, "d11:ut_metadatai1099511627776ee", info.length)),
                        Set.of(Reason.NO_METADATA_SUPPORT), "ut_metadata"),
                expect(HostilePeer.start("m not a dict",
                        Misbehaviours.extensionHandshake(hash, "i42e", info.length)),
                        Set.of(Reason.PROTOCOL_ERROR), "'m'"),
                expect(HostilePeer.start("hangs up mid-piece", Misbehaviours.hangsUpMidPiece(info, hash)),
                        Set.of(Reason.CLOSED), "mid-frame"),
                expect(HostilePeer.start("wrong info-hash", Misbehaviours.wrongInfoHash()),
                        Set.of(Reason.WRONG_INFO_HASH), null),
                expect(HostilePeer.start("no extension protocol", Misbehaviours.noExtensionProtocol(hash)),
                        Set.of(Reason.NO_EXTENSION_PROTOCOL), null));
        Outcome o = resolve(hostile, LOOPBACK, new MagnetPeerSource(seeders));
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
    }

    @Test
    void onlyHostilePeersGiveNotFoundAndNothingUnverified() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("forged", Misbehaviours.forgedMetadata(info, hash)),
                        Set.of(Reason.HASH_MISMATCH), null),
                expect(HostilePeer.start("2 GiB", Misbehaviours.claimsSize(2 * GIB, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), null),
                expect(HostilePeer.start("oversized piece",
                        Misbehaviours.answersWith(hash, info.length, 0, info.length, new byte[20_000])),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("trickled piece", Misbehaviours.tricklesAPiece(info, hash)),
                        Set.of(Reason.TOO_SLOW), null),
                expect(HostilePeer.start("random bytes", Misbehaviours.garbageAfterTheHandshake(hash, 3)),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("reject storm", Misbehaviours.rejectsEverything(info, hash)),
                        Set.of(Reason.REJECTED), null));
        Outcome o = resolve(hostile, LOOPBACK, null);
        assertThat(o.result()).isInstanceOf(NotFound.class);
        assertThat(((NotFound) o.result()).peersTried()).isEqualTo(hostile.size());
        assertThat(o.fetches()).noneMatch(Success.class::isInstance);
        assertThat(o.service().fetchesSucceeded()).isZero();
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
    }

    /**
     * A source that reports every hostile peer again each time any fetch fails, as a DHT that keeps
     * announcing them would: a peer that lied is never connected to again, one that failed for a
     * reason that may pass (it hung up, it rejected us) exactly {@link Resolution#MAX_ATTEMPTS_PER_PEER}
     * times. One fetch at a time, so the retries are sure to come before the honest seeder.
     */
    @Test
    void badPeersAreNotRetriedHoweverOftenTheyAreReported() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("forged", Misbehaviours.forgedMetadata(info, hash)),
                        Set.of(Reason.HASH_MISMATCH), null),
                expect(HostilePeer.start("hangs up mid-piece", Misbehaviours.hangsUpMidPiece(info, hash)),
                        Set.of(Reason.CLOSED), "mid-frame"),
                expect(HostilePeer.start("index out of range",
                        Misbehaviours.answersWith(hash, info.length, 999, info.length, new byte[100])),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("2 GiB", Misbehaviours.claimsSize(2 * GIB, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), null),
                expect(HostilePeer.start("reject storm", Misbehaviours.rejectsEverything(info, hash)),
                        Set.of(Reason.REJECTED), null));
        Map<InetSocketAddress, AtomicInteger> reported = new ConcurrentHashMap<>();
        AtomicReference<Consumer<InetSocketAddress>> reporter = new AtomicReference<>();
        PeerSource again = (m, onPeer) -> {
            reporter.set(onPeer);
            return new CompletableFuture<>(); // the DHT never runs dry; the resolve's end cancels it
        };
        ResolveService.FetchListener reportAgain = (m, r) -> {
            Consumer<InetSocketAddress> onPeer = reporter.get();
            if (r instanceof Failure && onPeer != null) {
                for (Expect e : hostile) {
                    reported.computeIfAbsent(e.peer().address(), k -> new AtomicInteger()).incrementAndGet();
                    onPeer.accept(e.peer().address());
                }
            }
        };
        Outcome o = resolve(hostile, LOOPBACK.withParallelism(1, 10), new MagnetPeerSource(seeders),
                List.of(again), reportAgain);
        assertHonestAnswer(o);
        HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
        assertThat(hostile).anyMatch(e -> e.reasons().iterator().next().isPermanent())
                .anyMatch(e -> !e.reasons().iterator().next().isPermanent());
        for (Expect e : hostile) {
            assertThat(reported.get(e.peer().address())).as(e.peer().name()).hasValueGreaterThanOrEqualTo(hostile.size() - 1);
            boolean mayPass = !e.reasons().iterator().next().isPermanent();
            int expected = mayPass ? Resolution.MAX_ATTEMPTS_PER_PEER : 1;
            assertThat(e.peer().connections()).as(e.peer().name()).isEqualTo(expected);
            assertThat(o.failuresOf(e.peer().address())).as(e.peer().name()).hasSize(expected);
        }
    }

    /** The production path: the honest seeder found by a get_peers lookup in the testnet's DHT. */
    @Test
    void honestSeederFoundOverTheDhtWinsOverHostilePeers() throws Exception {
        List<Expect> hostile = List.of(
                expect(HostilePeer.start("forged", Misbehaviours.forgedMetadata(info, hash)),
                        Set.of(Reason.HASH_MISMATCH), null),
                expect(HostilePeer.start("1 TiB", Misbehaviours.claimsSize(1024 * GIB, hash)),
                        Set.of(Reason.METADATA_TOO_LARGE), null),
                expect(HostilePeer.start("wrong total_size",
                        Misbehaviours.answersWith(hash, info.length, 0, info.length + 1L, new byte[16_384])),
                        Set.of(Reason.PROTOCOL_ERROR), null),
                expect(HostilePeer.start("0xFF mid-transfer", Misbehaviours.garbageMidTransfer(info, hash)),
                        Set.of(Reason.PROTOCOL_ERROR), null));
        DhtConfig node = DhtConfig.defaults().toBuilder().allowPrivate(true).readOnly(true).build();
        FarmConfig farmConfig = FarmConfig.defaults()
                .withNodes(1)
                .withBind(List.of(InetAddress.getLoopbackAddress()), 0)
                .withBootstrap(net.bootstrap().stream().map(HostPort::of).toList())
                .withThreads(1)
                .withNode(node)
                .withLookup(LookupConfig.defaults());
        try (DhtFarm farm = DhtFarm.start(farmConfig, DhtListener.NONE)) {
            Outcome o = resolve(hostile, LOOPBACK, new DhtPeerSource(farm.node(0)));
            assertHonestAnswer(o);
            HostileSwarm.assertRefused(o, hostile, SESSIONS_BOUND);
        }
    }

    // ------------------------------------------------------------------ the swarm

    private Expect expect(HostilePeer peer, Set<Reason> reasons, String hint) {
        started.add(peer);
        return new Expect(peer, reasons, hint);
    }

    private Outcome resolve(List<Expect> hostile, ResolveConfig config, PeerSource honest) throws Exception {
        return resolve(hostile, config, honest, List.of(), null);
    }

    /**
     * Resolves the torrent by a magnet whose {@code x.pe} names the hostile peers; {@code honest}
     * (null for none) starts only once each hostile peer's first fetch has ended.
     */
    private Outcome resolve(List<Expect> hostile, ResolveConfig config, PeerSource honest, List<PeerSource> more,
                            ResolveService.FetchListener extraListener) throws Exception {
        // both hashes: the answer must match the SHA-1 and the SHA-256 of the hybrid torrent
        String magnet = "magnet:?xt=urn:btih:" + torrent.infoHashV1() + "&xt=urn:btmh:1220" + torrent.infoHashV2();
        return HostileSwarm.resolve(magnet, hostile, config, new MetadataFetcher(FETCH), honest, more, extraListener,
                RESOLVE_TIMEOUT);
    }

    // ------------------------------------------------------------------ what must hold

    /** The seeder's exact info dict, and every verified answer the service saw came from the seeder. */
    private static void assertHonestAnswer(Outcome o) {
        assertThat(o.result()).as("%s; fetches %s", o.result(), o.fetches()).isInstanceOf(Resolved.class);
        Resolved ok = (Resolved) o.result();
        assertThat(seeders).contains(ok.peer());
        assertThat(ok.metainfo().infoBytes()).isEqualTo(info);
        assertThat(ok.metainfo().infoHashV1().hex()).isEqualTo(torrent.infoHashV1());
        assertThat(ok.metainfo().infoHashV2().hex()).isEqualTo(torrent.infoHashV2());
        assertThat(o.fetches()).filteredOn(Success.class::isInstance).isNotEmpty().allSatisfy(r -> {
            assertThat(seeders).contains(r.peer());
            assertThat(((Success) r).infoBytes()).isEqualTo(info);
        });
    }
}
