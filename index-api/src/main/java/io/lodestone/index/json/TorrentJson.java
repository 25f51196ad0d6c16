package io.lodestone.index.json;

import io.lodestone.index.TorrentRecord;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.HostPort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The torrent object of the command-line and HTTP contract, in the contract's key order:
 * {@code infoHash, infoHashV2, name, totalSize, pieceLength, pieceCount, private, files, version}.
 * One renderer for both, so {@code resolve --json} and the HTTP API cannot drift apart.
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

    /** An indexed torrent: the object above plus when it was first seen and when resolved. */
    public static ObjectNode of(TorrentRecord r) {
        ObjectNode o = of(r.summary());
        o.put("discoveredAt", instant(r.discoveredAt()));
        o.put("resolvedAt", r.hasMetadata() ? instant(r.resolvedAt()) : null);
        if (!r.hasMetadata()) {
            // imported without its info dict: only the metadata could tell these
            o.putNull("pieceLength");
            o.putNull("pieceCount");
            o.putNull("private");
            o.putNull("version");
        }
        o.put("metadata", r.hasMetadata());
        o.put("seeders", r.seeders());
        o.put("peers", r.peers());
        o.put("scrapedAt", r.swarm().scraped() ? instant(r.swarm().scrapedAt()) : null);
        o.put("announcers", r.swarm().announcers());
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

    /** ISO-8601 in UTC to the millisecond ({@code 2024-05-01T12:00:00.123Z}; no fraction when zero). */
    public static String instant(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static String write(ObjectNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
