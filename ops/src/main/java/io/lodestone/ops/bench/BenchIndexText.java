package io.lodestone.ops.bench;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The index benchmark's report as a few lines of text. */
final class BenchIndexText {
    private BenchIndexText() {
    }

    static String of(JsonNode o) {
        JsonNode c = o.get("corpus");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "corpus: %d torrents, %d files, %.1f MB of info dicts; %d queries (%d filtered)%n",
                c.get("torrents").asLong(), c.get("files").asLong(), c.get("infoDictMegabytes").asDouble(),
                c.get("queries").asLong(), c.get("filteredQueries").asLong()));
        b.append(String.format(Locale.ROOT, "%-10s %10s %8s %11s %10s %9s %9s %9s %9s %12s%n", "engine", "ingest s", "CPU s",
                "torrents/s", "MB/s", "p50 ms", "p90 ms", "p99 ms", "matched", "disk MB"));
        for (String k : List.of("lodestone", "sqlite")) {
            JsonNode e = o.get(k);
            b.append(String.format(Locale.ROOT, "%-10s %10.1f %8.1f %11.0f %10.2f %9.3f %9.3f %9.3f %9d %12.1f%n", k,
                    e.get("ingestSeconds").asDouble(), e.get("ingestCpuSeconds").asDouble(), e.get("torrentsPerSecond").asDouble(),
                    e.get("infoDictMegabytesPerSecond").asDouble(), e.get("p50Micros").asDouble() / 1000,
                    e.get("p90Micros").asDouble() / 1000, e.get("p99Micros").asDouble() / 1000,
                    e.get("queriesWithMatches").asLong(), e.get("diskBytes").asDouble() / 1e6));
        }
        JsonNode r = o.get("lodestoneOverSqlite");
        b.append(String.format(Locale.ROOT, "lodestone / sqlite: ingest rate %.2fx, ingest CPU %.2fx, p50 latency %.2fx, "
                        + "p99 latency %.2fx, disk %.2fx (sqlite %s)", r.get("ingestRate").asDouble(),
                r.get("ingestCpu").asDouble(), r.get("p50Latency").asDouble(),
                r.get("p99Latency").asDouble(), r.get("diskBytes").asDouble(), o.get("sqlite").get("sqliteVersion").asString()));
        return b.toString();
    }
}
