package io.lodestone.ops.transfer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.SwarmCounts;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.index.store.BareTorrent;
import io.lodestone.index.store.Imported;
import io.lodestone.index.store.PreparedTorrent;
import io.lodestone.index.store.StoreChange;
import io.lodestone.index.store.StoredTorrent;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One exported torrent per JSON line, and back. Pure. A torrent with its info dict carries it in
 * base64 ({@code infoDict}); one imported without it (magnetico) carries {@code files} instead and
 * {@code infoDict: null}. Instants are ISO-8601 at full precision so an export imports identically.
 *
 * <pre>{"infoHash", "name", "totalSize", "fileCount", "discoveredAt", "resolvedAt"|null, "seenCount",
 *  "sources", "infoDict"|null, "files"?, "seeders", "peers", "scrapedAt"|null, "announcers"}</pre>
 */
public final class TorrentLines {
    /** A line longer than this is refused: the largest info dict we store, in base64, and room. */
    public static final int MAX_LINE_CHARS = PreparedTorrent.MAX_INFO_DICT_BYTES / 3 * 4 + (4 << 20);

    private TorrentLines() {
    }

    public static String line(StoreChange c) {
        StoredTorrent t = c.torrent();
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("infoHash", InfoHash.v1(c.key()).hex());
        o.put("name", t.name());
        o.put("totalSize", t.totalSize());
        o.put("fileCount", t.fileCount());
        o.put("discoveredAt", t.discoveredAt().toString());
        o.put("resolvedAt", c.hasMetadata() ? t.resolvedAt().toString() : null);
        o.put("seenCount", t.seenCount());
        o.put("sources", t.sources());
        o.put("infoDict", c.hasMetadata() ? Base64.getEncoder().encodeToString(c.infoDict()) : null);
        if (!c.hasMetadata()) {
            ArrayNode files = o.putArray("files");
            for (FileEntry f : c.bareFiles()) {
                files.addObject().put("path", f.path()).put("size", f.size());
            }
        }
        SwarmCounts s = c.swarm();
        o.put("seeders", s.seeders());
        o.put("peers", s.peers());
        o.put("scrapedAt", s.scraped() ? s.scrapedAt().toString() : null);
        o.put("announcers", s.announcers());
        return TorrentJson.write(o);
    }

    /**
     * A line back into a torrent to import; {@link IllegalArgumentException} with the reason when
     * it is not one (bad JSON, a missing field, an info dict that does not hash to the hash).
     * A torrent without info dict is queued for resolution from {@code now}.
     */
    public static Imported parse(String line, Instant now) {
        if (line.length() > MAX_LINE_CHARS) {
            throw new IllegalArgumentException("line longer than " + MAX_LINE_CHARS + " characters");
        }
        JsonNode o;
        try {
            o = TorrentJson.MAPPER.readTree(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        InfoHash hash = hash(text(o, "infoHash"));
        Instant discovered = instant(o, "discoveredAt");
        long seen = number(o, "seenCount");
        int sources = (int) number(o, "sources");
        SwarmCounts swarm = new SwarmCounts((int) number(o, "seeders"), (int) number(o, "peers"),
                o.path("scrapedAt").isNull() || o.path("scrapedAt").isMissingNode() ? Instant.EPOCH
                        : instant(o, "scrapedAt"), (int) number(o, "announcers"));
        JsonNode info = o.path("infoDict");
        if (info.isString()) {
            byte[] dict;
            try {
                dict = Base64.getDecoder().decode(info.stringValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("infoDict is not base64");
            }
            try {
                PreparedTorrent p = PreparedTorrent.of(new ResolvedTorrent(hash, dict, discovered,
                        instant(o, "resolvedAt"), seen, sources));
                return new Imported(p, null, swarm);
            } catch (io.lodestone.metainfo.MetainfoException e) {
                throw new IllegalArgumentException("infoDict does not parse: " + e.getMessage());
            }
        }
        if (!info.isNull() && !info.isMissingNode()) {
            throw new IllegalArgumentException("infoDict is neither base64 text nor null");
        }
        JsonNode files = o.path("files");
        if (!files.isArray()) {
            throw new IllegalArgumentException("a torrent without infoDict needs a files array");
        }
        List<FileEntry> list = new ArrayList<>(files.size());
        for (JsonNode f : files) {
            list.add(new FileEntry(text(f, "path"), nonNegative(f, "size")));
        }
        return bare(hash, text(o, "name"), nonNegative(o, "totalSize"), list, discovered, seen, sources, swarm, now);
    }

    /** A torrent known without its info dict, queued for the crawl to resolve from {@code now}. */
    public static Imported bare(InfoHash hash, String name, long totalSize, List<FileEntry> files, Instant discovered,
                                long seen, int sources, SwarmCounts swarm, Instant now) {
        if (hash.isV2()) {
            throw new IllegalArgumentException("a torrent without info dict needs a v1 (40 hex) info-hash");
        }
        if (name.isBlank() || name.length() > 4096) {
            throw new IllegalArgumentException("name is blank or too long");
        }
        StoredTorrent t = new StoredTorrent(0, discovered, discovered, seen, sources, totalSize, files.size(), name);
        PendingHash p = new PendingHash(hash, discovered, seen, sources, 0, now);
        return new Imported(null, new BareTorrent(hash.bytes(), t, files, p), swarm);
    }

    private static InfoHash hash(String hex) {
        if (hex.length() != 40) {
            throw new IllegalArgumentException("infoHash must be 40 hex digits");
        }
        return InfoHash.fromHex(hex);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isString()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return v.stringValue();
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        long n = v.longValue();
        if (n < -1 || (n > Integer.MAX_VALUE && !field.equals("seenCount"))) {
            throw new IllegalArgumentException(field + " out of range");
        }
        return n;
    }

    private static long nonNegative(JsonNode o, String field) {
        long n = number(o, field);
        if (n < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return n;
    }

    private static Instant instant(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
