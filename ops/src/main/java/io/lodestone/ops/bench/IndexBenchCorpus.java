package io.lodestone.ops.bench;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.bench.SyntheticCorpus;
import io.lodestone.types.InfoHash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's corpus written to disk once, so neither engine's figures include making it:
 * a binary file of info dicts for Lodestone, and JSON lines of names and file lists for SQLite.
 */
final class IndexBenchCorpus {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A corpus record is an info dict of the synthetic corpus: never near this. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    /** What was written: counts and bytes. */
    record Written(long torrents, long files, long infoBytes, double seconds) {
    }

    private IndexBenchCorpus() {
    }

    static Written write(SyntheticCorpus corpus, long count, Path binary, Path jsonLines) throws IOException {
        long start = System.nanoTime();
        long files = 0;
        long infoBytes = 0;
        try (DataOutputStream bin = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(binary), 1 << 20));
             BufferedWriter lines = Files.newBufferedWriter(jsonLines, StandardCharsets.UTF_8)) {
            for (long i = 0; i < count; i++) {
                SyntheticCorpus.Torrent t = corpus.torrent(i);
                byte[] info = t.infoDict();
                bin.writeInt(info.length);
                bin.write(info);
                bin.write(t.infoHash().bytes());
                bin.writeLong(t.discoveredAt().getEpochSecond());
                bin.writeLong(t.seenCount());
                bin.writeInt(t.sources());
                ObjectNode o = JSON.createObjectNode();
                o.put("h", t.infoHash().hex());
                o.put("n", t.name());
                o.put("s", t.totalSize());
                o.put("d", t.discoveredAt().getEpochSecond());
                ArrayNode fs = o.putArray("f");
                for (SyntheticCorpus.File f : t.files()) {
                    fs.addArray().add(f.path()).add(f.size());
                }
                lines.write(JSON.writeValueAsString(o));
                lines.write('\n');
                files += t.files().size();
                infoBytes += info.length;
            }
        }
        return new Written(count, files, infoBytes, (System.nanoTime() - start) / 1e9);
    }

    static void writeQueries(List<SyntheticCorpus.Query> queries, Path jsonLines) throws IOException {
        try (BufferedWriter lines = Files.newBufferedWriter(jsonLines, StandardCharsets.UTF_8)) {
            for (SyntheticCorpus.Query q : queries) {
                ObjectNode o = JSON.createObjectNode();
                o.put("q", q.text());
                o.put("min", q.minSize());
                o.put("max", q.maxSize());
                lines.write(JSON.writeValueAsString(o));
                lines.write('\n');
            }
        }
    }

    /** Reads the binary corpus back in batches. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;

        Reader(Path binary) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(binary), 1 << 20));
        }

        /** Up to {@code max} torrents; empty at the end. */
        List<ResolvedTorrent> next(int max) throws IOException {
            List<ResolvedTorrent> out = new ArrayList<>(max);
            while (out.size() < max) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                if (length < 0 || length > MAX_RECORD_BYTES) {
                    throw new IOException("corpus file is damaged: record of " + length + " bytes");
                }
                byte[] info = in.readNBytes(length);
                byte[] hash = in.readNBytes(InfoHash.V1_LENGTH);
                Instant discovered = Instant.ofEpochSecond(in.readLong());
                long seen = in.readLong();
                int sources = in.readInt();
                out.add(new ResolvedTorrent(InfoHash.v1(hash), info, discovered, discovered, seen, sources));
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
