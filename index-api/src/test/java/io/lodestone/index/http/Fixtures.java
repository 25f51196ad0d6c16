package io.lodestone.index.http;

import io.lodestone.index.TorrentRecord;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Torrents made at run time with the resolver's creator, in a temporary directory. */
final class Fixtures {

    static final Instant DISCOVERED = Instant.parse("2024-03-01T10:00:00Z");
    static final Instant RESOLVED = Instant.parse("2024-03-01T10:00:05.250Z");

    private Fixtures() {
    }

    /** A torrent of {@code files} (relative path to content) under a directory named {@code name}. */
    static Metainfo create(Path temp, String name, Map<String, String> files, CreateOptions.Format format) {
        try {
            Path dir = Files.createTempDirectory(temp, "t");
            Path root = dir.resolve("content");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = root.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
            Path input = files.size() == 1 && !files.keySet().iterator().next().contains("/")
                    ? root.resolve(files.keySet().iterator().next()) : root;
            byte[] torrent = TorrentCreator.create(input, CreateOptions.defaults().withFormat(format).withName(name));
            return MetainfoParser.parseTorrent(torrent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TorrentRecord record(Metainfo m, long seen) {
        return new TorrentRecord(m.dhtInfoHash(), m.infoBytes(), m.summary(), DISCOVERED, RESOLVED, seen, 1);
    }

    /** A multi-file hybrid torrent with non-ASCII names in nested directories. */
    static Metainfo nonAscii(Path temp) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Ägypten/Pyramiden – 金字塔.txt", "pyramids ".repeat(500));
        files.put("Ägypten/Nil/über den Fluss.md", "river");
        files.put("日本語/東京.txt", "tokyo ".repeat(100));
        files.put("README ✓.txt", "read me");
        return create(temp, "Reisebilder Ägypten 日本 ✓", files, CreateOptions.Format.HYBRID);
    }
}
