package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockRule;
import io.lodestone.index.content.ContentControl;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Content control: delete a torrent, the block list, bulk delete by a search query (a dry run
 * counts first), and the audit log. Without a {@link ContentControl} they answer 503.
 */
final class ContentRoutes {

    static final String TORRENT = ApiRoutes.TORRENT;
    static final String BLOCKS = "/api/v1/blocks";
    static final String BLOCK = "/api/v1/blocks/{id}";
    static final String BULK_DELETE = "/api/v1/bulk-delete";
    static final String AUDIT = "/api/v1/audit";
    static final int MAX_LISTED = 1000;
    /** RFC 7725: the operator has chosen not to serve it. */
    static final int UNAVAILABLE_FOR_LEGAL_REASONS = 451;
    /** The audit route reads at most this much of the log's end. */
    static final int AUDIT_TAIL_BYTES = 256 * 1024;

    private final Optional<ContentControl> content;
    private final HttpConfig config;

    ContentRoutes(Optional<ContentControl> content, HttpConfig config) {
        this.content = content;
        this.config = config;
    }

    void register(Router r) {
        r.delete(TORRENT, this::deleteTorrent);
        r.post(BLOCKS, this::block);
        r.get(BLOCKS, this::listBlocks);
        r.delete(BLOCK, this::unblock);
        r.post(BULK_DELETE, this::bulkDelete);
        r.get(AUDIT, this::audit);
    }

    private static String by(Context ctx) {
        AccessGuard.Caller c = ctx.attribute(AccessGuard.CALLER_ATTRIBUTE);
        return c == null ? "local" : c.name();
    }

    private void deleteTorrent(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        InfoHash hash = Params.infoHash(Router.pathParam(ctx, "infohash"));
        ContentControl c = control();
        boolean removed = c.delete(hash, by(ctx));
        if (!removed) {
            throw HttpError.notFound("no torrent with info-hash " + hash.hex()
                    + " (its hash is kept out of the index from now on)");
        }
        Router.json(ctx, 200, TorrentJson.MAPPER.createObjectNode().put("infoHash", hash.hex()).put("deleted", true));
    }

    private void block(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        JsonNode body = JsonBody.object(ctx, config.maxRequestBodyBytes(), Set.of("infoHash", "pattern"),
                "{\"infoHash\": \"...\"} or {\"pattern\": \"...\"}");
        String hash = JsonBody.string(body, "infoHash");
        String pattern = JsonBody.string(body, "pattern");
        if ((hash == null) == (pattern == null)) {
            throw HttpError.badRequest("give exactly one of infoHash and pattern");
        }
        ContentControl c = control();
        BlockRule r;
        try {
            r = hash != null ? c.block(BlockRule.Kind.HASH, hash, by(ctx))
                    : c.block(BlockRule.Kind.PATTERN, pattern, by(ctx));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot block that: " + e.getMessage());
        }
        Router.json(ctx, 201, rule(r));
    }

    private void listBlocks(Context ctx) {
        Map<String, List<String>> params = Router.queryParams(ctx);
        Params.only(params, Set.of(Params.LIMIT, Params.OFFSET));
        int limit = (int) Params.number(params, Params.LIMIT, MAX_LISTED, 1, MAX_LISTED);
        long offset = Params.number(params, Params.OFFSET, 0, 0, Long.MAX_VALUE / 2);
        List<BlockRule> all = control().blocks().snapshot().rules();
        ArrayNode arr = TorrentJson.MAPPER.createArrayNode();
        all.stream().skip(offset).limit(limit).forEach(r -> arr.add(rule(r)));
        ObjectNode o = TorrentJson.MAPPER.createObjectNode().put("total", all.size());
        o.set("blocks", arr);
        Router.json(ctx, 200, o);
    }

    private void unblock(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        String raw = Router.pathParam(ctx, "id");
        long id;
        try {
            if (raw.length() > 18 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new NumberFormatException();
            }
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("a block id is a whole number, not " + Params.describe(raw));
        }
        if (control().unblock(id, by(ctx)).isEmpty()) {
            throw HttpError.notFound("no block with id " + id);
        }
        ctx.status(204);
    }

    private void bulkDelete(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        JsonNode body = JsonBody.object(ctx, config.maxRequestBodyBytes(), Set.of("q", "dryRun"),
                "{\"q\": \"...\", \"dryRun\": true}");
        String q = JsonBody.string(body, "q");
        if (q == null || q.isBlank() || q.length() > io.lodestone.index.SearchQuery.MAX_TEXT_LENGTH) {
            throw HttpError.badRequest("q must be 1 to " + io.lodestone.index.SearchQuery.MAX_TEXT_LENGTH
                    + " characters");
        }
        JsonNode dry = body.get("dryRun");
        if (dry != null && !dry.isBoolean()) {
            throw HttpError.badRequest("dryRun must be true or false");
        }
        // a dry run unless said otherwise: deleting thousands of torrents is asked for explicitly
        boolean dryRun = dry == null || dry.asBoolean();
        ContentControl.Bulk b;
        try {
            b = control().bulkDelete(q, dryRun, by(ctx));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot search for that: " + e.getMessage());
        }
        Router.json(ctx, 200, TorrentJson.MAPPER.createObjectNode().put("matched", b.matched())
                .put("selected", b.selected()).put("deleted", b.deleted()).put("dryRun", b.dryRun())
                .put("maxPerCall", ContentControl.MAX_BULK));
    }

    private void audit(Context ctx) throws IOException {
        Map<String, List<String>> params = Router.queryParams(ctx);
        Params.only(params, Set.of(Params.LIMIT));
        int limit = (int) Params.number(params, Params.LIMIT, 100, 1, MAX_LISTED);
        AuditLog log = control().audit();
        ArrayNode arr = TorrentJson.MAPPER.createArrayNode();
        String[] lines = tail(log).split("\n");
        for (int i = Math.max(0, lines.length - limit); i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                try {
                    arr.add(TorrentJson.MAPPER.readTree(lines[i]));
                } catch (RuntimeException e) {
                    // the first line of a tail may be cut: skipped
                }
            }
        }
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.set("entries", arr);
        Router.json(ctx, 200, o);
    }

    private static String tail(AuditLog log) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log.path())) {
            long size = ch.size();
            long from = Math.max(0, size - AUDIT_TAIL_BYTES);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read to the end
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** 451 when the magnet names a blocked or deleted hash: checked before any metadata is fetched. */
    static void refuseBlocked(Optional<ContentControl> content, io.lodestone.magnet.MagnetUri magnet) {
        if (content.isEmpty()) {
            return;
        }
        for (InfoHash h : new InfoHash[] {magnet.infoHashV1(), magnet.infoHashV2()}) {
            if (h != null && content.get().blocks().blocksHash(h)) {
                throw new HttpError(UNAVAILABLE_FOR_LEGAL_REASONS, "the torrent " + h.hex()
                        + " is on this server's block list");
            }
        }
    }

    static ObjectNode rule(BlockRule r) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode().put("id", r.id()).put("kind", r.kind().label());
        if (r.isHash()) {
            o.put("infoHash", r.value());
        } else {
            o.put("pattern", r.value());
        }
        return o.put("createdAt", TorrentJson.instant(r.createdAt())).put("by", r.by());
    }

    private ContentControl control() {
        return content.orElseThrow(() -> HttpError.unavailable("content control is not enabled on this server"));
    }
}
