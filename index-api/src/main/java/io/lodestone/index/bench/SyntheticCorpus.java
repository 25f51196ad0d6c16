package io.lodestone.index.bench;

import io.lodestone.bencode.BencodeWriter;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.types.InfoHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic corpus of made-up torrents that look like what a DHT crawler finds: release
 * names with dots, years, resolutions and groups; TV episodes; music albums with track lists;
 * software; books; Chinese, Japanese and Korean names; single files and directories of 1 to
 * {@link #MAX_FILES} files with sizes to match. Torrent {@code i} depends only on the seed and
 * {@code i}, so a run can regenerate any torrent without keeping the corpus.
 */
public final class SyntheticCorpus {
    public static final int MAX_FILES = 200;
    /**
     * libtorrent's auto piece length gives 1000-4000 pieces; this caps them to bound disk use (by
     * longer pieces, up to libtorrent's 16 MiB, so the largest torrents still have more).
     */
    public static final int DEFAULT_MAX_PIECES = 256;
    private static final int LATIN_TAIL_WORDS = 60_000;
    private static final int CJK_TAIL_WORDS = 8_000;
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] RESOLUTIONS = {"1080p", "720p", "2160p", "480p"};
    private static final String[] SOURCES = {"BluRay", "WEB-DL", "WEBRip", "HDTV", "DVDRip", "BDRip"};
    private static final String[] CODECS = {"x264", "x265", "H.264", "HEVC", "XviD", "AV1"};
    private static final String[] AUDIO = {"AAC2.0", "DTS", "AC3", "DDP5.1", "FLAC", "Atmos"};
    private static final String[] GROUPS = {"SPARKS", "RARBG", "YIFY", "NTb", "FGT", "GalaxyRG", "TGx", "EVO",
        "CMRG", "KOGi", "ION10", "PSA", "Tigole", "QxR", "HONE", "playWEB"};
    private static final String[] VIDEO_EXT = {"mkv", "mp4", "avi"};
    private static final String[] AUDIO_EXT = {"flac", "mp3", "m4a", "ogg"};
    private static final String[] BOOK_EXT = {"epub", "pdf", "mobi", "azw3"};
    private static final String[] MISC_EXT = {"zip", "rar", "7z", "iso", "tar.gz", "dmg"};

    /** One made-up torrent. {@code files} paths are joined with '/' and start with the name when in a directory. */
    public record Torrent(long index, InfoHash infoHash, String name, List<File> files, long totalSize,
                          byte[] infoDict, Instant discoveredAt, long seenCount, int sources) {
    }

    public record File(String path, long size) {
    }

    /** A query of the fixed set: text and an inclusive size range (0..Long.MAX_VALUE when unfiltered). */
    public record Query(String text, long minSize, long maxSize) {
        public boolean filtered() {
            return minSize > 0 || maxSize < Long.MAX_VALUE;
        }
    }

    private final long seed;
    private final int maxPieces;
    private final CorpusWords words;

    public SyntheticCorpus(long seed, int maxPieces) {
        if (maxPieces < 0) {
            throw new IllegalArgumentException("maxPieces must be 0 (no cap) or more");
        }
        this.seed = seed;
        this.maxPieces = maxPieces;
        this.words = new CorpusWords(seed, LATIN_TAIL_WORDS, CJK_TAIL_WORDS);
    }

    public Torrent torrent(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int kind = r.nextInt(100);
        NamedFiles nf;
        if (kind < 25) {
            nf = NameShapes.movie(this, r);
        } else if (kind < 45) {
            nf = NameShapes.tv(this, r);
        } else if (kind < 60) {
            nf = NameShapes.music(this, r);
        } else if (kind < 70) {
            nf = NameShapes.software(this, r);
        } else if (kind < 80) {
            nf = NameShapes.book(this, r);
        } else if (kind < 95) {
            nf = NameShapes.cjk(this, r);
        } else {
            nf = NameShapes.plain(this, r);
        }
        long total = 0;
        for (File f : nf.files()) {
            total += f.size();
        }
        byte[] info = infoDict(nf, total, r);
        Instant discovered = EPOCH.plusSeconds(index * 7 + r.nextInt(7));
        long seen = r.nextInt(100) == 0 ? 50 + r.nextInt(5000) : 1 + (long) (-Math.log(1 - r.nextDouble()) * 3);
        int sources = 1 + r.nextInt(7);
        return new Torrent(index, InfoHash.v1(sha1(info)), nf.name(), nf.files(), total, info, discovered, seen,
                sources);
    }

    /** A name and its files, before the info dict is made. */
    record NamedFiles(String name, List<File> files, boolean directory) {
    }

    CorpusWords words() {
        return words;
    }

    private byte[] infoDict(NamedFiles nf, long total, SplittableRandom r) {
        long pieceLength = CreateOptions.autoPieceLength(total);
        while (maxPieces > 0 && (total + pieceLength - 1) / pieceLength > maxPieces
                && pieceLength < CreateOptions.MAX_AUTO_PIECE_LENGTH) {
            pieceLength <<= 1;
        }
        int pieces = (int) Math.max(1, (total + pieceLength - 1) / pieceLength);
        byte[] hashes = new byte[pieces * 20];
        r.nextBytes(hashes);
        BencodeWriter w = new BencodeWriter(hashes.length + 256 + nf.files().size() * 64);
        w.beginDict();
        if (nf.directory()) {
            w.ascii("files").beginList();
            int skip = nf.name().length() + 1;
            for (File f : nf.files()) {
                w.beginDict().ascii("length").integer(f.size()).ascii("path").beginList();
                for (String part : f.path().substring(skip).split("/")) {
                    w.string(part.getBytes(StandardCharsets.UTF_8));
                }
                w.end().end();
            }
            w.end();
        } else {
            w.ascii("length").integer(total);
        }
        w.ascii("name").string(nf.name().getBytes(StandardCharsets.UTF_8));
        w.ascii("piece length").integer(pieceLength);
        w.ascii("pieces").string(hashes);
        return w.end().toByteArray();
    }

    /**
     * The fixed query set: one to three words drawn as names draw them (so most queries match),
     * some with a quality token or a CJK word, and a fifth with a size filter.
     */
    public List<Query> queries(int count) {
        List<Query> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom r = new SplittableRandom(seed * 31 + 0x5DEECE66DL * (i + 1));
            int kind = r.nextInt(100);
            String text;
            if (kind < 45) {
                text = r.nextBoolean() ? words.latin(r) : words.latin(r) + " " + words.latin(r);
            } else if (kind < 60) {
                text = words.latin(r) + " " + pickOf(RESOLUTIONS, r);
            } else if (kind < 70) {
                text = words.latin(r) + " " + words.latin(r) + " " + words.latin(r);
            } else if (kind < 80) {
                text = words.cjk(r);
            } else {
                text = words.latin(r);
                long gib = 1L << 30;
                out.add(r.nextBoolean() ? new Query(text, gib, Long.MAX_VALUE) : new Query(text, 0, 700L << 20));
                continue;
            }
            out.add(new Query(text, 0, Long.MAX_VALUE));
        }
        return out;
    }

    static String pickOf(String[] options, SplittableRandom r) {
        return options[r.nextInt(options.length)];
    }

    static String resolution(SplittableRandom r) {
        return pickOf(RESOLUTIONS, r);
    }

    static String source(SplittableRandom r) {
        return pickOf(SOURCES, r);
    }

    static String codec(SplittableRandom r) {
        return pickOf(CODECS, r);
    }

    static String audio(SplittableRandom r) {
        return pickOf(AUDIO, r);
    }

    static String group(SplittableRandom r) {
        return pickOf(GROUPS, r);
    }

    static String videoExt(SplittableRandom r) {
        return pickOf(VIDEO_EXT, r);
    }

    static String audioExt(SplittableRandom r) {
        return pickOf(AUDIO_EXT, r);
    }

    static String bookExt(SplittableRandom r) {
        return pickOf(BOOK_EXT, r);
    }

    static String miscExt(SplittableRandom r) {
        return pickOf(MISC_EXT, r);
    }

    /** A size between {@code lo} and {@code hi}, uniform on a log scale as real sizes roughly are. */
    static long logUniform(SplittableRandom r, long lo, long hi) {
        double l = Math.log(lo);
        return (long) Math.exp(l + r.nextDouble() * (Math.log(hi) - l));
    }

    private static byte[] sha1(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
