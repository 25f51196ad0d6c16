package io.lodestone.index.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DHT health page, rendered from the same JSON the API serves. Every figure carries its path in
 * that JSON ({@code data-field}) and its format ({@code data-format}); health.js fetches the JSON
 * every {@code data-refresh-ms} and rewrites them, so the page and the script agree by construction.
 */
final class HealthView {

    static final String COUNT = "count";
    static final String DECIMAL = "decimal";

    /** A figure: label, JSON path, format. */
    record Figure(String label, String field, String format) {
    }

    /** The per-node table's columns; health.js reads them from the table head. */
    static final List<Figure> NODE_COLUMNS = List.of(
            new Figure("Routing table", "routingTableSize", COUNT),
            new Figure("Queries in", "queriesIn", COUNT),
            new Figure("Queries out", "queriesOut", COUNT),
            new Figure("Responses", "responses", COUNT),
            new Figure("Timeouts", "timeouts", COUNT),
            new Figure("Errors", "errors", COUNT),
            new Figure("Harvested", "infoHashesHarvested", COUNT),
            new Figure("Resolved", "metadataResolved", COUNT),
            new Figure("Failed", "metadataFailed", COUNT),
            new Figure("Lookup p50 ms", "lookupLatencyMs.p50", DECIMAL),
            new Figure("Lookup p90 ms", "lookupLatencyMs.p90", DECIMAL),
            new Figure("Lookup p99 ms", "lookupLatencyMs.p99", DECIMAL));

    private HealthView() {
    }

    /** The crawler paused (disk full) or a worker dead: said first, in words, not as a figure. */
    private static void notices(StringBuilder b, ObjectNode health) {
        JsonNode service = health.path("service");
        if (service.path("crawlerPaused").asBoolean(false)) {
            b.append("<p class=\"notice\" id=\"crawler-paused\" role=\"alert\">Crawler paused: ")
                    .append(Html.esc(service.path("pausedReason").asString(""))).append(
                            ". Searches go on; harvesting resumes by itself once the index can be written again.</p>\n");
        }
        if (!service.path("deadWorker").isNull() && !service.path("deadWorker").isMissingNode()) {
            b.append("<p class=\"notice\" id=\"worker-dead\" role=\"alert\">A worker died: ")
                    .append(Html.esc(service.path("deadWorker").asString(""))).append("</p>\n");
        }
    }

    static String render(ObjectNode health, Duration refresh, Instant now) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<div id=\"health\" data-refresh-ms=\"").append(refresh.toMillis()).append("\">\n")
                .append("<h1>DHT health</h1>\n<p class=\"updated\">Figures as of <time id=\"updated\">")
                .append(TimeText.clock(now)).append("</time> UTC, refreshed every ")
                .append(Formats.decimal(refresh.toMillis() / 1000.0)).append(" s. <span id=\"refresh-status\" role=\"status\"></span></p>\n");
        notices(b, health);
        b.append("<section class=\"cards\">\n");
        card(b, health, "Farm", List.of(
                new Figure("Nodes", "nodeCount", COUNT),
                new Figure("DHT size estimate", "networkSizeEstimate", COUNT),
                new Figure("Routing-table entries", "total.routingTableSize", COUNT),
                new Figure("Torrents indexed", "index.torrents", COUNT),
                new Figure("Hashes waiting", "index.pending", COUNT)));
        card(b, health, "Query rates (per second)", List.of(
                new Figure("Queries in", "rates.queriesInPerSecond", DECIMAL),
                new Figure("Queries out", "rates.queriesOutPerSecond", DECIMAL),
                new Figure("Responses", "rates.responsesPerSecond", DECIMAL),
                new Figure("Timeouts", "rates.timeoutsPerSecond", DECIMAL),
                new Figure("Errors", "rates.errorsPerSecond", DECIMAL)));
        card(b, health, "Harvest and resolve (per second)", List.of(
                new Figure("Hashes harvested", "rates.harvestedPerSecond", DECIMAL),
                new Figure("Metadata resolved", "rates.resolvedPerSecond", DECIMAL),
                new Figure("Metadata failed", "rates.failedPerSecond", DECIMAL),
                new Figure("Over the last (s)", "rates.windowSeconds", DECIMAL)));
        card(b, health, "Totals since start", List.of(
                new Figure("Queries in", "total.queriesIn", COUNT),
                new Figure("Queries out", "total.queriesOut", COUNT),
                new Figure("Responses", "total.responses", COUNT),
                new Figure("Timeouts", "total.timeouts", COUNT),
                new Figure("Errors", "total.errors", COUNT),
                new Figure("Hashes harvested", "total.infoHashesHarvested", COUNT),
                new Figure("Metadata resolved", "total.metadataResolved", COUNT),
                new Figure("Metadata failed", "total.metadataFailed", COUNT)));
        card(b, health, "Lookup latency (ms)", List.of(
                new Figure("p50", "total.lookupLatencyMs.p50", DECIMAL),
                new Figure("p90", "total.lookupLatencyMs.p90", DECIMAL),
                new Figure("p99", "total.lookupLatencyMs.p99", DECIMAL),
                new Figure("max", "total.lookupLatencyMs.max", DECIMAL),
                new Figure("Lookups", "total.lookupLatencyMs.count", COUNT)));
        fleet(b, health);
        b.append("</section>\n");
        charts(b, health.path("history"));
        nodes(b, health);
        b.append("</div>\n");
        return Html.page("DHT health", "/health", b.toString(), "health.js");
    }

    /** Only on a fleet member (serve with Kafka): membership, lags, and what each crawler added here. */
    private static void fleet(StringBuilder b, JsonNode health) {
        JsonNode f = health.path("crawl").path("fleet");
        if (f.isMissingNode()) {
            return;
        }
        card(b, health, "Fleet (" + f.path("role").asString("") + ")", List.of(
                new Figure("Crawlers in the group", "crawl.fleet.crawlers", COUNT),
                new Figure("Catalog lag (records)", "crawl.fleet.catalogLag", COUNT),
                new Figure("Harvest lag (records)", "crawl.fleet.harvestLag", COUNT),
                new Figure("Harvest claimed, unfinished", "crawl.fleet.harvestUnfinished", COUNT),
                new Figure("Published to the catalog", "crawl.fleet.published", COUNT),
                new Figure("Applied here", "crawl.fleet.catalogApplied", COUNT),
                new Figure("Verified to searchable p50 (ms)", "crawl.fleet.verifiedToSearchableMs.p50", COUNT),
                new Figure("Verified to searchable p99 (ms)", "crawl.fleet.verifiedToSearchableMs.p99", COUNT)));
        b.append("<div class=\"card\"><h2>Applied here, by crawler</h2><dl>\n");
        f.path("appliedByCrawler").properties().forEach(e -> b.append("<div><dt>").append(Html.esc(e.getKey()))
                .append("</dt><dd>").append(format(e.getValue(), COUNT)).append("</dd></div>\n"));
        b.append("</dl></div>\n");
    }

    private static void card(StringBuilder b, JsonNode health, String title, List<Figure> figures) {
        b.append("<div class=\"card\"><h2>").append(Html.esc(title)).append("</h2><dl>\n");
        for (Figure f : figures) {
            b.append("<div><dt>").append(Html.esc(f.label())).append("</dt><dd data-field=\"").append(f.field())
                    .append("\" data-format=\"").append(f.format()).append("\">")
                    .append(format(at(health, f.field()), f.format())).append("</dd></div>\n");
        }
        b.append("</dl></div>\n");
    }

    /**
     * One figure per history series, in the JSON's order: a caption with the latest value, and an
     * empty chart that health.js draws (inline SVG) and redraws at every refresh.
     */
    private static void charts(StringBuilder b, JsonNode history) {
        b.append("<h2>Last hour</h2>\n<section id=\"charts\" class=\"charts\" data-window-seconds=\"")
                .append(Formats.decimal(history.path("windowSeconds").asDouble(0))).append("\">\n");
        for (JsonNode s : history.path("series")) {
            String name = s.path("name").asString("");
            JsonNode latest = last(s.path("values"));
            b.append("<figure class=\"chart\" data-series=\"").append(Html.esc(name)).append("\"><figcaption>")
                    .append(Html.esc(s.path("label").asString(name))).append(": <span class=\"latest\">")
                    .append(format(latest, DECIMAL)).append("</span></figcaption><div class=\"plot\"></div></figure>\n");
        }
        b.append("</section>\n");
    }

    private static JsonNode last(JsonNode values) {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i).isNumber()) {
                return values.get(i);
            }
        }
        return values.path(-1);
    }

    private static void nodes(StringBuilder b, JsonNode health) {
        b.append("<h2>Nodes</h2>\n<div class=\"table-wrap\"><table id=\"nodes\">\n<thead><tr>")
                .append("<th scope=\"col\" data-field=\"id\">Node id</th><th scope=\"col\" data-field=\"address\">Address</th>");
        for (Figure c : NODE_COLUMNS) {
            b.append("<th scope=\"col\" class=\"num\" data-field=\"").append(c.field()).append("\" data-format=\"")
                    .append(c.format()).append("\">").append(Html.esc(c.label())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (JsonNode n : health.path("nodes")) {
            b.append("<tr><td><code>").append(Html.esc(n.path("id").asString(""))).append("</code></td><td>")
                    .append(Html.esc(n.path("address").asString(""))).append("</td>");
            for (Figure c : NODE_COLUMNS) {
                b.append("<td class=\"num\">").append(format(at(n, c.field()), c.format())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table></div>\n");
    }

    /** The node at a dotted path, or a missing node. */
    static JsonNode at(JsonNode root, String dotted) {
        JsonNode n = root;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /** As health.js formats: counts grouped by thousands, decimals to one place. */
    static String format(JsonNode v, String format) {
        if (!v.isNumber()) {
            return "–";
        }
        return DECIMAL.equals(format) ? Formats.decimal(v.asDouble()) : Formats.count(v.asLong());
    }
}
