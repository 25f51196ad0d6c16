package io.lodestone.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link Testnet}. Start from {@link #defaults()} and change what the test needs:
 * {@code TestnetOptions.defaults().withNodes(20).withTorrents(5)}.
 *
 * @param nodes            libtorrent DHT nodes (>= 2)
 * @param torrents         generated torrents
 * @param seeders          the first {@code seeders} nodes seed
 * @param replicas         seeders per torrent
 * @param seed             makes content, names, info-hashes and node ids deterministic
 * @param formats          cycled over the torrents: "v1", "v2", "hybrid"
 * @param layouts          cycled over the torrents: "single", "multi"
 * @param sizes            total sizes cycled over the torrents ("64K", "1M", "12345")
 * @param pieceSizes       piece lengths cycled over the torrents ("auto" or powers of two >= 16K)
 * @param bind             "ips": node i on 127.0.0.(2+i):port; "ports": 127.0.0.1:(port+i)
 * @param port             0 picks a free port
 * @param trackers         announce URLs put into the torrents (127.0.0.0/8 only)
 * @param noUtp            seeders use TCP only
 * @param sampleInterval   BEP 51 interval the nodes report (0: a fresh sample per query)
 * @param announceInterval seconds between the seeders' DHT announces
 * @param duration         hard limit of the testnet's life once it is ready
 * @param readyTimeout     limit for each start-up phase
 * @param workdir          content and .torrent files; null: a temp dir removed on close
 * @param extraArgs        more command-line arguments for the script's {@code testnet} command
 */
public record TestnetOptions(
        int nodes,
        int torrents,
        int seeders,
        int replicas,
        long seed,
        List<String> formats,
        List<String> layouts,
        List<String> sizes,
        List<String> pieceSizes,
        String bind,
        int port,
        List<String> trackers,
        boolean noUtp,
        int sampleInterval,
        int announceInterval,
        Duration duration,
        Duration readyTimeout,
        Path workdir,
        List<String> extraArgs) {

    public TestnetOptions {
        formats = List.copyOf(formats);
        layouts = List.copyOf(layouts);
        sizes = List.copyOf(sizes);
        pieceSizes = List.copyOf(pieceSizes);
        trackers = List.copyOf(trackers);
        extraArgs = List.copyOf(extraArgs);
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        if (nodes < 2) {
            throw new IllegalArgumentException("nodes must be >= 2");
        }
        if (seeders < 0 || seeders > nodes || (torrents > 0 && seeders == 0)) {
            throw new IllegalArgumentException("seeders must be in 1..nodes when there are torrents");
        }
        if (formats.isEmpty() || layouts.isEmpty() || sizes.isEmpty() || pieceSizes.isEmpty()) {
            throw new IllegalArgumentException("formats, layouts, sizes and pieceSizes need a value");
        }
    }

    /** 10 nodes, 3 torrents (v1 single, v2 multi, hybrid single) seeded by node 0, 10 minutes. */
    public static TestnetOptions defaults() {
        return new TestnetOptions(10, 3, 1, 1, 1,
                List.of("v1", "v2", "hybrid"), List.of("single", "multi"),
                List.of("64K", "300K", "1M"), List.of("auto"),
                "ips", 0, List.of(), false, 0, 300,
                Duration.ofMinutes(10), Duration.ofSeconds(60), null, List.of());
    }

    public TestnetOptions withNodes(int n) {
        return new TestnetOptions(n, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withTorrents(int n) {
        return new TestnetOptions(nodes, n, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withSeeders(int n) {
        return new TestnetOptions(nodes, torrents, n, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withReplicas(int n) {
        return new TestnetOptions(nodes, torrents, seeders, n, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withSeed(long s) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, s, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withFormats(String... f) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, List.of(f), layouts, sizes,
                pieceSizes, bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout,
                workdir, extraArgs);
    }

    public TestnetOptions withLayouts(String... l) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, List.of(l), sizes,
                pieceSizes, bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout,
                workdir, extraArgs);
    }

    public TestnetOptions withSizes(String... s) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, List.of(s),
                pieceSizes, bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout,
                workdir, extraArgs);
    }

    public TestnetOptions withPieceSizes(String... p) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, List.of(p),
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    /** Nodes on 127.0.0.1 with consecutive ports instead of one address each. */
    public TestnetOptions withBindPorts() {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                "ports", port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withPort(int p) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, p, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withTrackers(String... t) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, List.of(t), noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withNoUtp(boolean b) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, b, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withSampleInterval(int seconds) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, seconds, announceInterval, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withAnnounceInterval(int seconds) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, seconds, duration, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withDuration(Duration d) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, d, readyTimeout, workdir,
                extraArgs);
    }

    public TestnetOptions withReadyTimeout(Duration d) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, d, workdir,
                extraArgs);
    }

    /** Keep content and .torrent files in {@code dir} (created if missing, not deleted on close). */
    public TestnetOptions withWorkdir(Path dir) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, dir,
                extraArgs);
    }

    public TestnetOptions withExtraArgs(String... args) {
        return new TestnetOptions(nodes, torrents, seeders, replicas, seed, formats, layouts, sizes, pieceSizes,
                bind, port, trackers, noUtp, sampleInterval, announceInterval, duration, readyTimeout, workdir,
                List.of(args));
    }

    /** The script's arguments after {@code testnet} (the workdir is added by the harness). */
    List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of(
                "--nodes", Integer.toString(nodes),
                "--torrents", Integer.toString(torrents),
                "--seeders", Integer.toString(seeders),
                "--replicas", Integer.toString(replicas),
                "--seed", Long.toString(seed),
                "--formats", String.join(",", formats),
                "--layouts", String.join(",", layouts),
                "--sizes", String.join(",", sizes),
                "--piece-sizes", String.join(",", pieceSizes),
                "--bind", bind,
                "--port", Integer.toString(port),
                "--sample-interval", Integer.toString(sampleInterval),
                "--announce-interval", Integer.toString(announceInterval),
                "--duration", Long.toString(Math.max(1, duration.toSeconds())),
                "--ready-timeout", Long.toString(Math.max(1, readyTimeout.toSeconds())),
                "--stop-on-stdin-eof"));
        for (String t : trackers) {
            a.add("--tracker");
            a.add(t);
        }
        if (noUtp) {
            a.add("--no-utp");
        }
        a.addAll(extraArgs);
        return a;
    }
}
