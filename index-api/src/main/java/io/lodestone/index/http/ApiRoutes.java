package io.lodestone.index.http;

import io.javalin.http.Context;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.SearchQuery;
import io.lodestone.index.TorrentIndex;
import io.lodestone.index.TorrentRecord;
import io.lodestone.index.json.TorrentJson;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The read side of the API: a torrent by hash, its .torrent file, and search. */
final class ApiRoutes {

    static final String TORRENT = "/api/v1/torrents/{infohash}";
    static final String TORRENT_FILE = "/api/v1/torrents/{infohash}/torrent";
    static final String SEARCH = "/api/v1/search";
    static final String BITTORRENT = "application/x-bittorrent";

    private final TorrentIndex index;

    ApiRoutes(TorrentIndex index) {
        this.index = index;
    }

    void register(Router r) {
        r.get(TORRENT, this::torrent);
        r.get(TORRENT_FILE, this::torrentFile);
        r.get(SEARCH, this::search);
    }

    private void torrent(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        Router.json(ctx, 200, TorrentJson.of(find(index, Router.pathParam(ctx, "infohash"))));
    }

    private void torrentFile(Context ctx) throws IOException {
        Router.onlyParams(ctx, Set.of());
        TorrentRecord t = find(index, Router.pathParam(ctx, "infohash"));
        if (!t.hasMetadata()) {
            throw HttpError.notFound("torrent " + t.infoHash().hex()
                    + " was imported without metadata; no .torrent until the crawl fetches its info dict");
        }
        ctx.header("Content-Disposition", TorrentExport.contentDisposition(t.summary().name(), t.infoHash().hex()));
        ctx.status(200).contentType(BITTORRENT).result(TorrentExport.torrentFile(t.infoDict()));
    }

    private void search(Context ctx) throws IOException {
        SearchQuery q = Params.search(Router.queryParams(ctx));
        SearchPage page = search(index, q);
        Router.json(ctx, 200, ApiJson.search(page, magnets(index, page)));
    }

    /** The torrent under a hash from the path: 400 when it is no hash, 404 when unknown. */
    static TorrentRecord find(TorrentIndex index, String rawHash) throws IOException {
        InfoHash hash = Params.infoHash(rawHash);
        return index.get(hash).orElseThrow(() -> HttpError.notFound("no torrent with info-hash " + hash.hex()));
    }

    /** Runs a search; a query the engine cannot read (its syntax) is the client's mistake. */
    static SearchPage search(TorrentIndex index, SearchQuery q) throws IOException {
        try {
            return index.search(q);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("cannot search for that: " + e.getMessage());
        }
    }

    /**
     * Each hit's magnet, with every hash of the torrent: a hit only has the key, and a v2-only
     * torrent needs its full hash in the link. One lookup per hit, on a page of at most
     * {@link SearchQuery#MAX_LIMIT}; a record gone since the search gets a link from the hit.
     */
    static List<String> magnets(TorrentIndex index, SearchPage page) throws IOException {
        List<String> out = new ArrayList<>(page.results().size());
        for (SearchHit h : page.results()) {
            Optional<TorrentRecord> t = index.get(h.infoHash());
            out.add(t.isPresent() ? Magnets.of(t.get().summary()) : Magnets.ofHit(h));
        }
        return out;
    }
}
