package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.TorrentRecord;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentSummary;
import io.lodestone.types.InfoHash;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML pages over real HTTP: content, escaping of hostile names, errors, assets, headers. */
class WebPagesTest {

    /** Markup, quotes, an ampersand, a NUL, a right-to-left override and a lone surrogate. */
    static final String HOSTILE = "<script>alert(\"x\")</script>'\"&<img src=x onerror=alert(1)>\u0000\u202E\uD800";
    static final InfoHash HOSTILE_HASH = InfoHash.fromHex("66".repeat(20));

    @TempDir
    static Path temp;
    static Metainfo hybrid;
    static final InMemoryIndex index = new InMemoryIndex();
    static TestServer http;

    @BeforeAll
    static void start() {
        hybrid = Fixtures.nonAscii(temp);
        index.add(Fixtures.record(hybrid, 5));
        for (int i = 0; i < 23; i++) {
            index.add(Fixtures.record(Fixtures.create(temp, "many " + i, Map.of("f.txt", "c" + i), CreateOptions.Format.V1), i));
        }
        // a record as a hostile peer could make one: names are whatever the info dict said
        TorrentSummary evil = new TorrentSummary(HOSTILE_HASH.hex(), null, "evil " + HOSTILE, 10, 16384, 1, false,
                List.of(new TorrentSummary.FileEntry("evil/" + HOSTILE + "/" + HOSTILE, 10)), "v1");
        index.add(new TorrentRecord(HOSTILE_HASH, "d4:name4:evile".getBytes(StandardCharsets.US_ASCII), evil,
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:01Z"), 1, 1));
        http = TestServer.start(index);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void searchFormAlone() {
        HttpResponse<String> r = http.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertHtml(r);
        assertThat(r.body()).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<form class=\"search\"").doesNotContain("class=\"result\"");
    }

    @Test
    void searchResultsWithSizeFilesAgeMagnetAndPaging() {
        String page = http.get("/?q=many").body();
        assertThat(count(page, "<li class=\"result\">")).isEqualTo(20);
        assertThat(page).contains("1–20 of 23 torrents").contains("rel=\"next\" href=\"/?q=many&amp;offset=20\"")
                .contains("href=\"magnet:?xt=urn:btih:").contains("class=\"age\"").contains("1 file");
        String last = http.get("/?q=many&offset=20").body();
        assertThat(count(last, "<li class=\"result\">")).isEqualTo(3);
        assertThat(last).contains("rel=\"prev\" href=\"/?q=many\"").doesNotContain("rel=\"next\"");
        // the form sends empty filter fields; they mean "no bound"
        assertThat(http.get("/?q=many&minSize=&maxSize=&minFiles=&maxFiles=").statusCode()).isEqualTo(200);
        assertThat(http.get("/?q=").statusCode()).isEqualTo(200);
    }

    @Test
    void torrentPageShowsTheTreeMagnetAndTorrentLink() {
        String page = http.get("/torrent/" + hybrid.dhtInfoHash().hex()).body();
        assertThat(page).contains("<h1 class=\"torrent-name\" id=\"torrent-name\">Reisebilder Ägypten 日本 ✓</h1>")
                .contains("<span class=\"dname\">Ägypten/</span>")
                .contains("<span class=\"dname\">Nil/</span>")
                .contains("<span class=\"fname\">über den Fluss.md</span>")
                .contains("<span class=\"fname\">東京.txt</span>")
                .contains("href=\"/api/v1/torrents/" + hybrid.dhtInfoHash().hex() + "/torrent\"")
                .contains("href=\"magnet:?xt=urn:btih:" + hybrid.infoHashV1().hex() + "&amp;xt=urn:btmh:1220"
                        + hybrid.infoHashV2().hex());
        // Nil/ is nested inside Ägypten/
        int egypt = page.indexOf("Ägypten/</span>");
        int nile = page.indexOf("Nil/</span>");
        int egyptEnd = page.indexOf("</details>", page.indexOf("Pyramiden"));
        assertThat(egypt).isLessThan(nile);
        assertThat(nile).isLessThan(egyptEnd);
    }

    @Test
    void hostileNamesAreEscapedEverywhere() {
        for (String path : List.of("/torrent/" + HOSTILE_HASH.hex(), "/?q=evil")) {
            String page = http.get(path).body();
            assertThat(page).as(path).contains("evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;&amp;&lt;img src=x")
                    .doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("\u0000")
                    .doesNotContain("\uD800");
            // one script tag at most, and only ours
            long ours = Pattern.compile(Pattern.quote("<script src=\"/static/actions.js\" defer></script>"))
                    .matcher(page).results().count();
            assertThat(Pattern.compile("<script").matcher(page).results().count()).isEqualTo(ours).isLessThanOrEqualTo(1);
        }
        String echoed = http.get("/?q=" + ApiRoutesTest.enc("<script>x</script>")).body();
        assertThat(echoed).doesNotContain("<script>x").contains("&lt;script&gt;x&lt;/script&gt;");
        String error = http.get("/?q=a&limit=" + ApiRoutesTest.enc("<b>1</b>")).body();
        assertThat(error).doesNotContain("<b>1").contains("&lt;b&gt;1");
    }

    @Test
    void pagesCarrySecurityHeaders() {
        HttpResponse<String> r = http.get("/");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                c -> assertThat(c).contains("default-src 'none'").contains("script-src 'self'"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void badInputAndUnknownHashesGetErrorPages() {
        HttpResponse<String> bad = http.get("/torrent/not-a-hash");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<h1>Bad request</h1>").contains("40 or 64 hex digits");
        HttpResponse<String> unknown = http.get("/torrent/" + "12".repeat(20));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("<h1>Not found</h1>");
        for (String q : List.of("/?q=a&limit=0", "/?q=a&offset=x", "/?q=a&nope=1", "/?q=a&q=b", "/health?x=1",
                "/torrent/" + hybrid.dhtInfoHash().hex() + "?x=1")) {
            HttpResponse<String> r = http.get(q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertHtml(r);
        }
        assertThat(http.get("/no/such/page").statusCode()).isEqualTo(404);
    }

    @Test
    void healthPageShowsTheFiguresAndLoadsItsScript() {
        String page = http.get("/health").body();
        assertThat(page).contains("<script src=\"/static/health.js\" defer></script>")
                .contains("data-field=\"total.queriesIn\" data-format=\"count\">0</dd>")
                .contains("data-field=\"index.torrents\" data-format=\"count\">25</dd>")
                .contains("data-field=\"rates.harvestedPerSecond\" data-format=\"decimal\">0.0</dd>")
                .contains("<table id=\"nodes\">");
    }

    @Test
    void staticAssetsAreServedByExactNameOnly() {
        HttpResponse<String> css = http.get("/static/style.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains("@media");
        assertThat(http.get("/static/health.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(http.get("/static/nothing.css").statusCode()).isEqualTo(404);
        assertThat(http.get("/static/%2e%2e%2fhttp%2fHttpServer.class").statusCode()).isBetween(400, 404);
    }

    private static void assertHtml(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        assertThat(type).isEqualTo("text/html;charset=utf-8");
    }

    private static long count(String s, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(s).results().count();
    }
}
