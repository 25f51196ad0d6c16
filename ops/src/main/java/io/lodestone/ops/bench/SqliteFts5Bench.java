package io.lodestone.ops.bench;

import io.lodestone.ops.cli.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQLite FTS5 side of the index benchmark: Debian's python3 with its sqlite3 module runs a
 * script shipped in the jar (magnetico's schema: torrents and files tables, FTS5 on the name).
 */
final class SqliteFts5Bench {
    private static final String SCRIPT = "/io/lodestone/ops/bench/fts5_bench.py";
    private static final long PROBE_SECONDS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the script reported. */
    record Result(String sqliteVersion, long torrents, double ingestSeconds, double ingestCpuSeconds, long diskBytes, long[] latenciesMicros,
                  long[] totals) {
    }

    private SqliteFts5Bench() {
    }

    /** A python3 whose sqlite3 module has FTS5, or a BadInputException saying what to install. */
    static String findPython() {
        for (String c : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import sqlite3; c = sqlite3.connect(':memory:'); "
                        + "c.execute('CREATE VIRTUAL TABLE t USING fts5(x)')").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return c;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // try the next candidate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new BadInputException("the benchmark needs python3 with SQLite FTS5: apt-get install python3");
    }

    static Result run(String python, Path workDir, Path corpus, Path queries, int batch, int limit, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path script = workDir.resolve("fts5_bench.py");
        try (InputStream in = SqliteFts5Bench.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("missing resource " + SCRIPT);
            }
            Files.copy(in, script);
        }
        Path db = workDir.resolve("magnetico.sqlite3");
        Path stderr = workDir.resolve("fts5_bench.stderr");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--db", db.toString(), "--corpus",
                corpus.toString(), "--queries", queries.toString(), "--batch", Integer.toString(batch), "--limit",
                Integer.toString(limit)));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        // read its output on the side so a hung script still hits the timeout
        CompletableFuture<byte[]> output = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(p.getInputStream().readAllBytes());
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        byte[] out;
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("the SQLite benchmark did not finish within " + timeoutSeconds + " s");
            }
            out = output.get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the SQLite benchmark's output", e);
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IOException("the SQLite benchmark failed (exit " + p.exitValue() + "): "
                    + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
        }
        JsonNode o = JSON.readTree(new String(out, StandardCharsets.UTF_8));
        return new Result(o.get("sqliteVersion").asString(), o.get("torrents").asLong(),
                o.get("ingestSeconds").asDouble(), o.get("ingestCpuSeconds").asDouble(), o.get("diskBytes").asLong(), longs(o.get("latenciesMicros")),
                longs(o.get("totals")));
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : "..." + t.substring(t.length() - 300);
    }
}
