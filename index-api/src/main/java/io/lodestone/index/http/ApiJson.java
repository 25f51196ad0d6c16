package io.lodestone.index.http;

import io.lodestone.client.DownloadStatus;
import io.lodestone.index.SearchHit;
import io.lodestone.index.SearchPage;
import io.lodestone.index.json.TorrentJson;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The API's JSON bodies other than the torrent object (which {@link TorrentJson} renders). */
final class ApiJson {

    private ApiJson() {
    }

    static ObjectNode error(String reason) {
        return TorrentJson.MAPPER.createObjectNode().put("error", reason);
    }

    /** {@code {"total", "results": [{infoHash, name, totalSize, fileCount, discoveredAt, seenCount, magnet}]}}. */
    static ObjectNode search(SearchPage page, List<String> magnets) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("total", page.total());
        ArrayNode results = o.putArray("results");
        for (int i = 0; i < page.results().size(); i++) {
            SearchHit h = page.results().get(i);
            results.addObject()
                    .put("infoHash", h.infoHash().hex())
                    .put("name", h.name())
                    .put("totalSize", h.totalSize())
                    .put("fileCount", h.fileCount())
                    .put("discoveredAt", TorrentJson.instant(h.discoveredAt()))
                    .put("seenCount", h.seenCount())
                    .put("seeders", h.seeders())
                    .put("peers", h.peers())
                    .put("magnet", magnets.get(i));
        }
        return o;
    }

    /**
     * {@code {"nodeCount", "total": figures, "rates": {...}, "index": {"torrents", "pending"},
     * "nodes": [{"id", "address", ...figures}], "networkSizeEstimate", "history": {...}}}.
     */
    static ObjectNode health(DhtHealth health, HealthRates.Rates rates, long torrents, long pending) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("nodeCount", health.nodes().size());
        figures(o.putObject("total"), health.total());
        ObjectNode r = o.putObject("rates");
        r.put("windowSeconds", round(rates.windowSeconds()));
        r.put("queriesInPerSecond", round(rates.queriesInPerSecond()));
        r.put("queriesOutPerSecond", round(rates.queriesOutPerSecond()));
        r.put("responsesPerSecond", round(rates.responsesPerSecond()));
        r.put("timeoutsPerSecond", round(rates.timeoutsPerSecond()));
        r.put("errorsPerSecond", round(rates.errorsPerSecond()));
        r.put("harvestedPerSecond", round(rates.harvestedPerSecond()));
        r.put("resolvedPerSecond", round(rates.resolvedPerSecond()));
        r.put("failedPerSecond", round(rates.failedPerSecond()));
        o.putObject("index").put("torrents", torrents).put("pending", pending);
        if (!health.crawl().isEmpty()) {
            o.set("crawl", TorrentJson.MAPPER.valueToTree(health.crawl()));
        }
        DhtHealth.Service service = health.service();
        o.putObject("service").put("crawlerPaused", service.crawlerPaused() != null)
                .put("pausedReason", service.crawlerPaused()).put("deadWorker", service.deadWorker());
        ArrayNode nodes = o.putArray("nodes");
        for (DhtHealth.Node n : health.nodes()) {
            ObjectNode node = nodes.addObject().put("id", n.id()).put("address", n.address());
            figures(node, n.figures());
        }
        o.put("networkSizeEstimate", health.networkSizeEstimate());
        history(o.putObject("history"), health.history());
        return o;
    }

    /**
     * {@code {"intervalSeconds", "windowSeconds", "secondsAgo": [..], "series": [{"name", "label",
     * "kind": "gauge"|"ratePerHour", "values": [number|null, ..]}]}}, values aligned with secondsAgo.
     */
    private static void history(ObjectNode o, HealthHistory.Snapshot h) {
        o.put("intervalSeconds", round(h.intervalSeconds()));
        o.put("windowSeconds", round(h.windowSeconds()));
        ArrayNode ago = o.putArray("secondsAgo");
        h.secondsAgo().forEach(s -> ago.add(round(s)));
        ArrayNode series = o.putArray("series");
        for (HealthHistory.Line line : h.series()) {
            ObjectNode s = series.addObject().put("name", line.name()).put("label", line.label())
                    .put("kind", line.kind() == HealthHistory.Kind.GAUGE ? "gauge" : "ratePerHour");
            ArrayNode vs = s.putArray("values");
            for (Double v : line.values()) {
                if (v == null) {
                    vs.addNull();
                } else {
                    vs.add(round(v));
                }
            }
        }
    }

    private static void figures(ObjectNode o, DhtHealth.Figures f) {
        o.put("routingTableSize", f.routingTableSize());
        o.put("queriesIn", f.queriesIn());
        o.put("queriesOut", f.queriesOut());
        o.put("responses", f.responses());
        o.put("timeouts", f.timeouts());
        o.put("errors", f.errors());
        o.put("infoHashesHarvested", f.infoHashesHarvested());
        o.put("metadataResolved", f.metadataResolved());
        o.put("metadataFailed", f.metadataFailed());
        DhtHealth.Latency l = f.lookupLatency();
        o.putObject("lookupLatencyMs")
                .put("count", l.count())
                .put("p50", round(l.p50Ms()))
                .put("p90", round(l.p90Ms()))
                .put("p99", round(l.p99Ms()))
                .put("max", round(l.maxMs()));
    }

    /** {@code {"state", "progress", "downloadedBytes", "totalBytes", "downloadRate", "peers", ...}}. */
    static ObjectNode download(DownloadStatus s) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("id", s.id());
        o.put("state", s.state().name().toLowerCase(Locale.ROOT));
        o.put("progress", s.progress());
        o.put("downloadedBytes", s.downloadedBytes());
        o.put("totalBytes", s.totalBytes());
        o.put("downloadRate", s.downloadRate());
        o.put("peers", s.peers());
        o.put("name", s.name());
        o.put("error", s.error());
        o.put("resumedBytes", s.resumedBytes());
        o.put("fetchedBytes", s.fetchedBytes());
        o.put("wastedBytes", s.wastedBytes());
        return o;
    }

    static ObjectNode downloads(List<DownloadStatus> all) {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        ArrayNode list = o.putArray("downloads");
        all.forEach(s -> list.add(download(s)));
        return o;
    }

    /** Three decimals: enough for rates and milliseconds, and no {@code 0.30000000000000004}. */
    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : 0;
    }
}
