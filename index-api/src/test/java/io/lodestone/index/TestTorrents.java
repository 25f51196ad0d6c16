package io.lodestone.index;

import io.lodestone.bencode.BencodeWriter;
import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Sighting;
import io.lodestone.types.InfoHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Small v1 info dicts made in memory, and batches around them. */
public final class TestTorrents {
    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123456789Z");

    private TestTorrents() {
    }

    /** A single-file torrent. */
    public static byte[] singleFile(String name, long length) {
        BencodeWriter w = new BencodeWriter().beginDict();
        w.ascii("length").integer(length);
        return finish(w, name, length);
    }

    /** A multi-file torrent; each path is relative to the torrent's directory, '/' between parts. */
    public static byte[] multiFile(String name, List<String> paths, long eachLength) {
        BencodeWriter w = new BencodeWriter().beginDict();
        w.ascii("files").beginList();
        for (String p : paths) {
            w.beginDict().ascii("length").integer(eachLength).ascii("path").beginList();
            for (String part : p.split("/")) {
                w.string(part.getBytes(StandardCharsets.UTF_8));
            }
            w.end().end();
        }
        w.end();
        return finish(w, name, eachLength * paths.size());
    }

    private static byte[] finish(BencodeWriter w, String name, long total) {
        int pieceLength = 1 << 18;
        int pieces = (int) Math.max(1, (total + pieceLength - 1) / pieceLength);
        byte[] hashes = new byte[20 * pieces];
        new Random(name.hashCode()).nextBytes(hashes);
        w.ascii("name").string(name.getBytes(StandardCharsets.UTF_8));
        w.ascii("piece length").integer(pieceLength);
        w.ascii("pieces").string(hashes);
        return w.end().toByteArray();
    }

    public static InfoHash sha1(byte[] info) {
        try {
            return InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(info));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static ResolvedTorrent resolved(byte[] info, long seen) {
        return new ResolvedTorrent(sha1(info), info, T0, T0.plusSeconds(30), seen, 1);
    }

    public static PendingHash pending(InfoHash h) {
        return new PendingHash(h, T0, 3, 0b101, 1, T0.plusSeconds(60));
    }

    public static InfoHash randomHash(Random r) {
        byte[] b = new byte[20];
        r.nextBytes(b);
        return InfoHash.v1(b);
    }

    public static CrawlBatch resolvedBatch(List<ResolvedTorrent> torrents) {
        return new CrawlBatch(List.of(), List.of(), torrents, List.of());
    }

    public static CrawlBatch batch(List<Sighting> sightings, List<PendingHash> pending, List<ResolvedTorrent> resolved,
                                   List<InfoHash> abandoned) {
        return new CrawlBatch(sightings, pending, resolved, abandoned);
    }
}
