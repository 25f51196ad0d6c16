package io.lodestone.index.bench;

import io.lodestone.index.bench.SyntheticCorpus.File;
import io.lodestone.index.bench.SyntheticCorpus.NamedFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** The kinds of torrent the synthetic corpus makes, each a name and a file list in its usual shape. */
final class NameShapes {
    private static final long MB = 1L << 20;
    private static final long GB = 1L << 30;

    private NameShapes() {
    }

    /** "Word.Word.2019.1080p.BluRay.x264-GROUP", one file or a directory with sample, subtitles, nfo. */
    static NamedFiles movie(SyntheticCorpus c, SplittableRandom r) {
        String title = dotted(c, r, 1 + r.nextInt(4));
        String name = title + "." + (1950 + r.nextInt(76)) + "." + SyntheticCorpus.resolution(r) + "."
                + SyntheticCorpus.source(r) + "." + SyntheticCorpus.codec(r) + "-" + SyntheticCorpus.group(r);
        long size = SyntheticCorpus.logUniform(r, 400 * MB, 40 * GB);
        String ext = SyntheticCorpus.videoExt(r);
        if (r.nextInt(10) < 6) {
            return new NamedFiles(name + "." + ext, List.of(new File(name + "." + ext, size)), false);
        }
        List<File> files = new ArrayList<>();
        files.add(new File(name + "/" + name + "." + ext, size));
        files.add(new File(name + "/Sample/" + title.toLowerCase(Locale.ROOT) + "-sample." + ext, size / 200 + 1));
        files.add(new File(name + "/Subs/English.srt", 40_000 + r.nextInt(60_000)));
        files.add(new File(name + "/" + name + ".nfo", 2_000 + r.nextInt(4_000)));
        return new NamedFiles(name, files, true);
    }

    /** "Show.Name.S02E05.720p.WEB-DL.AAC2.0.H.264-GROUP", or a whole season in a directory. */
    static NamedFiles tv(SyntheticCorpus c, SplittableRandom r) {
        String show = dotted(c, r, 1 + r.nextInt(3));
        int season = 1 + r.nextInt(12);
        String tail = "." + SyntheticCorpus.resolution(r) + "." + SyntheticCorpus.source(r) + "."
                + SyntheticCorpus.audio(r) + "." + SyntheticCorpus.codec(r) + "-" + SyntheticCorpus.group(r);
        String ext = SyntheticCorpus.videoExt(r);
        if (r.nextInt(10) < 4) {
            String name = show + String.format(Locale.ROOT, ".S%02dE%02d", season, 1 + r.nextInt(24)) + tail + "." + ext;
            return new NamedFiles(name, List.of(new File(name, SyntheticCorpus.logUniform(r, 150 * MB, 4 * GB))),
                    false);
        }
        String name = show + String.format(Locale.ROOT, ".S%02d", season) + tail;
        int episodes = 4 + r.nextInt(21);
        List<File> files = new ArrayList<>(episodes);
        for (int e = 1; e <= episodes; e++) {
            String ep = show + String.format(Locale.ROOT, ".S%02dE%02d.", season, e) + c.words().latin(r) + tail + "." + ext;
            files.add(new File(name + "/" + ep, SyntheticCorpus.logUniform(r, 150 * MB, 3 * GB)));
        }
        return new NamedFiles(name, files, true);
    }

    /** "Artist Name - Album Title (2004) [FLAC]" with numbered tracks, a cover and a log. */
    static NamedFiles music(SyntheticCorpus c, SplittableRandom r) {
        String ext = SyntheticCorpus.audioExt(r);
        String name = spaced(c, r, 1 + r.nextInt(2)) + " - " + spaced(c, r, 1 + r.nextInt(3)) + " ("
                + (1960 + r.nextInt(66)) + ") [" + ext.toUpperCase(Locale.ROOT) + "]";
        int tracks = 1 + r.nextInt(24);
        List<File> files = new ArrayList<>(tracks + 2);
        for (int t = 1; t <= tracks; t++) {
            files.add(new File(name + "/" + String.format(Locale.ROOT, "%02d", t) + " - " + spaced(c, r, 1 + r.nextInt(4)) + "."
                    + ext, SyntheticCorpus.logUniform(r, 3 * MB, 60 * MB)));
        }
        files.add(new File(name + "/cover.jpg", 100_000 + r.nextInt(900_000)));
        if (r.nextBoolean()) {
            files.add(new File(name + "/" + c.words().latin(r) + ".log", 5_000 + r.nextInt(10_000)));
        }
        return new NamedFiles(name, files, true);
    }

    /** "Word Word Pro 2.4.1 (x64) Multilingual" with an installer and data files. */
    static NamedFiles software(SyntheticCorpus c, SplittableRandom r) {
        String product = spaced(c, r, 1 + r.nextInt(2));
        String name = product + " " + (1 + r.nextInt(30)) + "." + r.nextInt(10) + "." + r.nextInt(100)
                + (r.nextBoolean() ? " (x64)" : " Portable") + (r.nextBoolean() ? " Multilingual" : "");
        List<File> files = new ArrayList<>();
        files.add(new File(name + "/" + product.replace(' ', '_') + "_setup.exe",
                SyntheticCorpus.logUniform(r, 5 * MB, 6 * GB)));
        files.add(new File(name + "/readme.txt", 1_000 + r.nextInt(5_000)));
        int data = r.nextInt(Math.min(40, SyntheticCorpus.MAX_FILES - 2));
        for (int i = 0; i < data; i++) {
            files.add(new File(name + "/data/" + c.words().latin(r) + "_" + i + ".dat",
                    SyntheticCorpus.logUniform(r, 10_000, 200 * MB)));
        }
        return new NamedFiles(name, files, true);
    }

    /** "Title Words - Author Name (2011) [EPUB]" as one file, or an author's collection. */
    static NamedFiles book(SyntheticCorpus c, SplittableRandom r) {
        String author = CorpusWords.capitalised(c.words().rareLatin(r)) + " "
                + CorpusWords.capitalised(c.words().rareLatin(r));
        String ext = SyntheticCorpus.bookExt(r);
        if (r.nextInt(10) < 7) {
            String name = spaced(c, r, 2 + r.nextInt(4)) + " - " + author + " (" + (1900 + r.nextInt(126)) + ")."
                    + ext;
            return new NamedFiles(name, List.of(new File(name, SyntheticCorpus.logUniform(r, 200_000, 80 * MB))),
                    false);
        }
        String name = author + " - Collected Works [" + ext.toUpperCase(Locale.ROOT) + "]";
        int books = 2 + r.nextInt(Math.min(60, SyntheticCorpus.MAX_FILES - 2));
        List<File> files = new ArrayList<>(books);
        for (int b = 1; b <= books; b++) {
            files.add(new File(name + "/" + String.format(Locale.ROOT, "%02d", b) + " " + spaced(c, r, 2 + r.nextInt(4)) + "."
                    + ext, SyntheticCorpus.logUniform(r, 200_000, 30 * MB)));
        }
        return new NamedFiles(name, files, true);
    }

    /** "[字幕组] 進撃の巨人 第01話 [1080p]", "流浪地球 2019 1080p", "나의 아저씨 E01"; episodes in a directory. */
    static NamedFiles cjk(SyntheticCorpus c, SplittableRandom r) {
        String title = c.words().cjk(r) + (r.nextInt(3) == 0 ? c.words().cjk(r) : "");
        String res = SyntheticCorpus.resolution(r);
        String ext = SyntheticCorpus.videoExt(r);
        String tag = r.nextBoolean() ? "[" + c.words().cjk(r) + "] " : "";
        if (r.nextInt(10) < 5) {
            String name = tag + title + " " + (1990 + r.nextInt(36)) + " " + res + "." + ext;
            return new NamedFiles(name, List.of(new File(name, SyntheticCorpus.logUniform(r, 300 * MB, 20 * GB))),
                    false);
        }
        String name = tag + title + " [" + res + "]";
        int episodes = 2 + r.nextInt(Math.min(50, SyntheticCorpus.MAX_FILES - 1));
        List<File> files = new ArrayList<>(episodes);
        for (int e = 1; e <= episodes; e++) {
            files.add(new File(name + "/" + title + " 第" + String.format(Locale.ROOT, "%02d", e) + "話 " + res + "." + ext,
                    SyntheticCorpus.logUniform(r, 100 * MB, 2 * GB)));
        }
        return new NamedFiles(name, files, true);
    }

    /** Plain words as one archive, or a folder of files named with words. */
    static NamedFiles plain(SyntheticCorpus c, SplittableRandom r) {
        String base = spaced(c, r, 1 + r.nextInt(4)).toLowerCase(Locale.ROOT);
        if (r.nextBoolean()) {
            String name = base + "." + SyntheticCorpus.miscExt(r);
            return new NamedFiles(name, List.of(new File(name, SyntheticCorpus.logUniform(r, 10_000, 4 * GB))), false);
        }
        int n = 1 + r.nextInt(SyntheticCorpus.MAX_FILES);
        List<File> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(new File(base + "/" + c.words().latin(r) + "-" + i + "." + SyntheticCorpus.miscExt(r),
                    SyntheticCorpus.logUniform(r, 1_000, 100 * MB)));
        }
        return new NamedFiles(base, files, true);
    }

    private static String dotted(SyntheticCorpus c, SplittableRandom r, int n) {
        return join(c, r, n, ".");
    }

    private static String spaced(SyntheticCorpus c, SplittableRandom r, int n) {
        return join(c, r, n, " ");
    }

    /** Capitalised words; every title has one rare word so titles rarely repeat. */
    private static String join(SyntheticCorpus c, SplittableRandom r, int n, String sep) {
        StringBuilder b = new StringBuilder();
        int rare = r.nextInt(n);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(sep);
            }
            b.append(CorpusWords.capitalised(i == rare ? c.words().rareLatin(r) : c.words().latin(r)));
        }
        return b.toString();
    }
}
