package io.lodestone.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a running {@link Testnet} consists of: its DHT nodes and the torrents they seed.
 *
 * @param version        manifest format version (1)
 * @param pid            the testnet's process id
 * @param libtorrent     libtorrent version
 * @param seed           the --seed: same seed, same content, info-hashes and node ids
 * @param workdir        where content and .torrent files live while the testnet runs
 * @param bind           "ips" (node i on 127.0.0.(2+i):port) or "ports" (127.0.0.1:port+i)
 * @param port           the port (of node 0 with "ports")
 * @param durationS      seconds the testnet runs at most once ready
 * @param bootstrap      every node's "host:port"
 * @param nodes          the DHT nodes
 * @param torrents       the seeded torrents
 * @param sampleCoverage announced DHT keys seen in one BEP 51 sample of every node at start
 * @param timingsS       start-up phases in seconds (generate, bootstrap, announce, total)
 * @param settings       the libtorrent settings every node shares
 */
public record TestnetManifest(
        int version,
        long pid,
        String libtorrent,
        long seed,
        String workdir,
        String bind,
        int port,
        double durationS,
        List<String> bootstrap,
        List<Node> nodes,
        List<Torrent> torrents,
        int sampleCoverage,
        Map<String, Double> timingsS,
        Map<String, Object> settings) {

    public TestnetManifest {
        bootstrap = List.copyOf(bootstrap);
        nodes = List.copyOf(nodes);
        torrents = List.copyOf(torrents);
        timingsS = Map.copyOf(timingsS);
        settings = Map.copyOf(settings);
    }

    /**
     * One libtorrent session: DHT node (UDP) and, when it seeds, BitTorrent peer (TCP and uTP) on
     * the same address.
     *
     * @param seeds indices of the torrents this node seeds
     */
    public record Node(int index, String host, int port, String addr, String nodeId, boolean seeder,
                       List<Integer> seeds) {

        public Node {
            seeds = List.copyOf(seeds);
        }

        public InetSocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        /** The 20-byte node id. */
        public byte[] nodeIdBytes() {
            return HexFormat.of().parseHex(nodeId);
        }
    }

    /**
     * One seeded torrent.
     *
     * @param format        "v1", "v2" or "hybrid"
     * @param layout        "single" (one file) or "multi" (nested dirs, non-ASCII names, an empty file)
     * @param infoHashV1    40 hex, null for v2-only
     * @param infoHashV2    64 hex, null for v1-only
     * @param dhtInfoHashes the keys it is announced under (v1, truncated v2)
     * @param magnet        libtorrent's full magnet (btih and/or btmh, dn)
     * @param magnetMinimal only the btih (or, for v2-only, the btmh): what a resolver starts from
     * @param totalSize     bytes in real files (pad files excluded)
     * @param metadataSize  size of the info dict
     * @param files         real files in torrent order; file i is {@code savePath/files[i].path}
     * @param torrentFile   the .torrent file
     * @param savePath      the directory the torrent's name lives in
     * @param contentPath   savePath/name
     * @param seeders       "host:port" of every seeder
     */
    public record Torrent(
            int index,
            String name,
            String format,
            String layout,
            String infoHashV1,
            String infoHashV2,
            List<String> dhtInfoHashes,
            String magnet,
            String magnetMinimal,
            long totalSize,
            int pieceLength,
            int numPieces,
            int metadataSize,
            List<FileEntry> files,
            String torrentFile,
            String savePath,
            String contentPath,
            List<String> seeders) {

        public Torrent {
            dhtInfoHashes = List.copyOf(dhtInfoHashes);
            files = List.copyOf(files);
            seeders = List.copyOf(seeders);
        }

        public Path torrentPath() {
            return Path.of(torrentFile);
        }

        public Path savePathDir() {
            return Path.of(savePath);
        }

        /** Where file {@code i} lives on disk. */
        public Path filePath(int i) {
            return Path.of(savePath).resolve(files.get(i).path());
        }

        public List<InetSocketAddress> seederAddresses() {
            return seeders.stream().map(Testnet::parseAddress).toList();
        }
    }

    /** A real file of a torrent with the SHA-256 (hex) of its content. */
    public record FileEntry(String path, long size, String sha256) {
    }

    public List<InetSocketAddress> bootstrapAddresses() {
        return bootstrap.stream().map(Testnet::parseAddress).toList();
    }

    public Path workdirPath() {
        return Path.of(workdir);
    }
}
