package io.lodestone.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.cli.LodestoneCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The index benchmark end to end at a small size: both engines ingest the corpus and answer the queries. */
class BenchIndexCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRunReportsBothEnginesAndTheirRatios() throws Exception {
        requirePythonSqlite();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path work = dir.resolve("work");
        int code = LodestoneCommand.run(new String[] {"bench", "index", "--torrents", "3000", "--queries", "200",
            "--batch", "500", "--dir", work.toString(), "--keep", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode o = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(o.get("corpus").get("torrents").asLong()).isEqualTo(3000);
        assertThat(o.get("corpus").get("filteredQueries").asLong()).isPositive();
        for (String engine : new String[] {"lodestone", "sqlite"}) {
            JsonNode e = o.get(engine);
            assertThat(e.get("torrentsPerSecond").asDouble()).isPositive();
            assertThat(e.get("ingestCpuSeconds").asDouble()).isPositive();
            assertThat(e.get("p99Micros").asLong()).isGreaterThanOrEqualTo(e.get("p50Micros").asLong());
            assertThat(e.get("diskBytes").asLong()).isPositive();
            // the query set is drawn from the corpus's words: many queries match something even in a small corpus
            assertThat(e.get("queriesWithMatches").asLong()).isGreaterThan(50);
        }
        assertThat(o.get("lodestoneOverSqlite").get("p50Latency").asDouble()).isPositive();
        assertThat(Files.exists(work.resolve("magnetico.sqlite3"))).isTrue();
        assertThat(Files.isDirectory(work.resolve("lodestone").resolve("lmdb"))).isTrue();
    }

    @Test
    void outOfRangeOptionsAreBadInput() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LodestoneCommand.run(new String[] {"bench", "index", "--torrents", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--torrents").doesNotContain("\tat ");
    }

    private static void requirePythonSqlite() {
        try {
            SqliteFts5Bench.findPython();
        } catch (BadInputException e) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI needs python3 with SQLite FTS5: " + e.getMessage());
            }
            Assumptions.abort("python3 with SQLite FTS5 is not installed");
        }
    }
}
