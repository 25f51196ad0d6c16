package io.lodestone.ops.cli;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.HostPort;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The torrent object of the command-line and HTTP contract, in the contract's key order:
 * {@code infoHash, infoHashV2, name, totalSize, pieceLength, pieceCount, private, files, version}.
 */
public final class TorrentJson {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TorrentJson() {
    }

    public static ObjectNode of(TorrentSummary s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("infoHash", s.infoHash());
        o.put("infoHashV2", s.infoHashV2());
        o.put("name", s.name());
        o.put("totalSize", s.totalSize());
        o.put("pieceLength", s.pieceLength());
        o.put("pieceCount", s.pieceCount());
        o.put("private", s.isPrivate());
        ArrayNode files = o.putArray("files");
        for (TorrentSummary.FileEntry f : s.files()) {
            files.addObject().put("path", f.path()).put("size", f.size());
        }
        o.put("version", s.version());
        return o;
    }

    /** What a magnet holds: the same keys, null where only the metadata could tell. */
    public static ObjectNode of(MagnetUri m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("infoHash", m.dhtInfoHash().hex());
        o.put("infoHashV2", m.infoHashV2() != null ? m.infoHashV2().hex() : null);
        o.put("name", m.displayName());
        if (m.exactLength() != null) {
            o.put("totalSize", m.exactLength());
        } else {
            o.putNull("totalSize");
        }
        o.putNull("pieceLength");
        o.putNull("pieceCount");
        o.putNull("private");
        o.putNull("files");
        o.put("version", m.infoHashV1() != null && m.infoHashV2() != null ? "hybrid" : m.infoHashV2() != null ? "v2" : "v1");
        ArrayNode trackers = o.putArray("trackers");
        m.trackers().forEach(trackers::add);
        ArrayNode peers = o.putArray("peers");
        for (HostPort p : m.peers()) {
            peers.add(p.toString());
        }
        ArrayNode webSeeds = o.putArray("webSeeds");
        m.webSeeds().forEach(webSeeds::add);
        return o;
    }

    public static String write(ObjectNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
