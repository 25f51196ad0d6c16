package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure helpers behind the pages: escaping, the file tree, sizes and ages, export names, magnets. */
class PageFormattingTest {

    @Test
    void escapingCoversMarkupQuotesControlsAndBrokenUtf16() {
        assertThat(Html.esc("<a href=\"x\" title='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.esc("a\u0000b\u0007c\u0085d\uD800e\uDC00f\uFFFF")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD");
        assertThat(Html.esc("tab\tline\n 😀 日本")).isEqualTo("tab\tline\n 😀 日本");
        assertThat(Html.esc(null)).isEmpty();
    }

    @Test
    void fileTreeNestsByDirectoryInTorrentOrder() {
        FileTree.Dir root = FileTree.of(List.of(new FileEntry("t/b/1", 1), new FileEntry("t/a", 2),
                new FileEntry("t/b/c/2", 4), new FileEntry("t/b/3", 8)));
        assertThat(root.size()).isEqualTo(15);
        FileTree.Dir t = (FileTree.Dir) root.entries().get(0);
        assertThat(root.entries()).hasSize(1);
        assertThat(t.name()).isEqualTo("t");
        assertThat(t.entries()).extracting(FileTree.Entry::name).containsExactly("b", "a");
        FileTree.Dir b = (FileTree.Dir) t.entries().get(0);
        assertThat(b.size()).isEqualTo(13);
        assertThat(b.fileCount()).isEqualTo(3);
        assertThat(b.entries()).extracting(FileTree.Entry::name).containsExactly("1", "c", "3");
        assertThat(FileTree.of(List.of(new FileEntry("single.iso", 9))).entries())
                .containsExactly(new FileTree.File("single.iso", 9));
    }

    @Test
    void sizesAndAges() {
        assertThat(Formats.size(0)).isEqualTo("0 B");
        assertThat(Formats.size(1023)).isEqualTo("1023 B");
        assertThat(Formats.size(1536)).isEqualTo("1.50 KiB");
        assertThat(Formats.size(5L << 30)).isEqualTo("5.00 GiB");
        assertThat(Formats.size(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
        Instant now = Instant.parse("2024-06-01T00:00:00Z");
        assertThat(Formats.age(now.plusSeconds(30), now)).isEqualTo("just now");
        assertThat(Formats.age(now.minusSeconds(60), now)).isEqualTo("1 minute ago");
        assertThat(Formats.age(now.minusSeconds(7200), now)).isEqualTo("2 hours ago");
        assertThat(Formats.age(now.minusSeconds(86_400 * 3), now)).isEqualTo("3 days ago");
        assertThat(Formats.age(now.minusSeconds(86_400L * 400), now)).isEqualTo("13 months ago");
        assertThat(Formats.age(now.minusSeconds(86_400L * 365 * 3), now)).isEqualTo("3 years ago");
        assertThat(Formats.count(1234567)).isEqualTo("1,234,567");
    }

    @Test
    void exportNamesCannotBreakTheHeaderOrPickAPath() {
        String hash = "ab".repeat(20);
        assertThat(TorrentExport.contentDisposition("../../etc/passwd", hash))
                .startsWith("attachment; filename=\"_.._etc_passwd.torrent\"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd.torrent");
        String header = TorrentExport.contentDisposition("a\"b\r\nSet-Cookie: x=y", hash);
        assertThat(header).doesNotContain("\r").doesNotContain("\n").startsWith("attachment; filename=\"a_b__Set-Cookie_ x_y.torrent\"");
        assertThat(TorrentExport.contentDisposition("日本", hash)).startsWith("attachment; filename=\"" + hash + ".torrent\"");
        assertThat(TorrentExport.contentDisposition("", hash)).isEqualTo(
                "attachment; filename=\"" + hash + ".torrent\"; filename*=UTF-8''" + hash + ".torrent");
        assertThat(TorrentExport.contentDisposition("x".repeat(5000), hash).length()).isLessThan(400);
    }

    @Test
    void torrentFileSplicesTheInfoDict() {
        byte[] info = "d4:name1:xe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(new String(TorrentExport.torrentFile(info), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("d4:infod4:name1:xee");
    }

    @Test
    void magnetDisplayNamesDropControlsAndAreCut() {
        assertThat(Magnets.displayName("a\u0000b\nc")).isEqualTo("a b c");
        assertThat(Magnets.displayName("\u0001")).isNull();
        assertThat(Magnets.displayName("😀".repeat(300))).hasSizeLessThanOrEqualTo(Magnets.MAX_DISPLAY_NAME + 1);
    }
}
