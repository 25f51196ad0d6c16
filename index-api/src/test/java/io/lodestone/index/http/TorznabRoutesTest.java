package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.TestTorrents;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.index.torznab.TorznabXml;
import io.lodestone.interop.StrictXml;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Torznab, the feed and the page's facets over the real index, with API keys in place. */
class TorznabRoutesTest {
    static final String EPISODE = "Restless.River.S02E05.720p.WEB-DL.x264-GRP.mkv";
    static final String EPISODE_4K = "Restless.River.S02E05.2160p.WEB-DL.x265-GRP.mkv";
    static final String NEXT = "Restless.River.S02E06.1080p.WEB-DL.x264-GRP.mkv";
    static final String MOVIE = "Restless.Nights.2019.1080p.BluRay.x264-GRP.mkv";
    static final String WEIRD = "Restless \uFFFE <odd> & \"name\".mkv";

    @TempDir
    static Path temp;
    static IndexService index;
    static TestServer http;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        index = IndexService.open(data, IndexConfig.defaults());
        List<ResolvedTorrent> all = new ArrayList<>();
        int minute = 0;
        for (String name : List.of(EPISODE, EPISODE_4K, NEXT, MOVIE, WEIRD)) {
            byte[] info = TestTorrents.singleFile(name, 700L << 20);
            all.add(new ResolvedTorrent(TestTorrents.sha1(info), info, TestTorrents.T0.plusSeconds(60L * minute),
                    TestTorrents.T0.plusSeconds(60L * minute++ + 5), 1, 1));
        }
        index.write(TestTorrents.resolvedBatch(all));
        assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
        ApiKeyStore keys = new ApiKeyStore(data);
        key = keys.create("sonarr", Scope.READ);
        http = TestServer.start(HttpConfig.defaults(), HttpServices.of(index, TestServer.silentResolver(),
                DhtHealth::empty, new PrometheusRegistry()).withAccess(keys, null));
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        index.close();
    }

    static Document xml(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("xml");
        return StrictXml.parse(r.body());
    }

    static String errorCode(HttpResponse<String> r) throws Exception {
        Element e = xml(r).getDocumentElement();
        assertThat(e.getTagName()).as(r.body()).isEqualTo("error");
        return e.getAttribute("code");
    }

    @Test
    void tvsearchWithSeasonEpisodeAndCategoryReturnsExactlyTheMatches() throws Exception {
        HttpResponse<String> r = http.get("/torznab/api?t=tvsearch&q=restless+river&season=2&ep=5&cat=5040&apikey=" + key);
        assertThat(r.statusCode()).isEqualTo(200);
        Document d = xml(r);
        assertThat(StrictXml.itemTitles(d)).containsExactly(EPISODE);
        Element item = (Element) d.getElementsByTagName("item").item(0);
        Element self = (Element) d.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link").item(0);
        assertThat(self.getAttribute("href")).endsWith("/torznab/api?t=tvsearch&q=restless+river&season=2&ep=5&cat=5040");
        Element enclosure = (Element) item.getElementsByTagName("enclosure").item(0);
        assertThat(enclosure.getAttribute("url")).endsWith("/torrent?apikey=" + key);
        assertThat(http.getBytes(enclosure.getAttribute("url").replaceFirst("^http://[^/]+", "")).statusCode())
                .isEqualTo(200);
        assertThat(StrictXml.itemTitles(xml(http.get("/torznab/api?t=tvsearch&q=restless&season=2&ep=5&cat=5045"))))
                .containsExactly(EPISODE_4K);
        assertThat(StrictXml.itemTitles(xml(http.get("/torznab/api?t=tvsearch&season=2&cat=5000"))))
                .containsExactly(NEXT, EPISODE_4K, EPISODE);
        assertThat(StrictXml.itemTitles(xml(http.get("/torznab/api?t=movie&q=restless&year=2019")))).containsExactly(MOVIE);
        assertThat(StrictXml.itemTitles(xml(http.get("/torznab/api?t=search&q=restless&limit=2&offset=1")))).hasSize(2);
    }

    @Test
    void errorsAreTorznabCodes() throws Exception {
        HttpResponse<String> wrong = http.get("/torznab/api?t=caps&apikey=not-a-key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(errorCode(wrong)).isEqualTo("100");
        assertThat(errorCode(http.get("/torznab/api?t=tvsearch&q=x&tvdbid=12&apikey=" + key))).isEqualTo("201");
        assertThat(errorCode(http.get("/torznab/api"))).isEqualTo("200");
        assertThat(errorCode(http.get("/torznab/api?t=register"))).isEqualTo("202");
        assertThat(errorCode(http.get("/feed?type=films"))).isEqualTo("201");
        assertThat(xml(http.get("/torznab/api?t=caps")).getDocumentElement().getTagName()).isEqualTo("caps");
    }

    @Test
    void feedListsNewestForAnySearchAndFilter() throws Exception {
        HttpResponse<String> r = http.get("/feed");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/rss+xml");
        List<String> all = StrictXml.itemTitles(xml(r));
        assertThat(all).hasSize(5);
        assertThat(all.get(0)).startsWith("Restless \ufffd <odd> & \"name\"");
        assertThat(StrictXml.itemTitles(xml(http.get("/feed?q=restless&type=movie")))).as("a lone .mkv without episode is a movie")
                .containsExactly(WEIRD.replace('\uFFFE', '\uFFFD'), MOVIE);
        assertThat(StrictXml.itemTitles(xml(http.get("/feed?type=tv&resolution=1080p")))).containsExactly(NEXT);
        assertThat(xml(http.get("/feed?q=" + URLEncoder.encode("river", StandardCharsets.UTF_8)))
                .getElementsByTagNameNS(TorznabXml.TORZNAB_NS, "response").getLength()).isEqualTo(1);
    }

    @Test
    void searchPageShowsTypeFacetsAndSortLinks() {
        String page = http.get("/?q=restless&type=tv&sort=date").body();
        assertThat(page).contains("data-facet=\"tv\"", "data-facet=\"movie\"", "data-sort=\"seeders\"");
        assertThat(page).containsPattern("class=\"facet current\" data-facet=\"tv\"[^>]*>tv <span class=\"count\">3</span>");
        assertThat(page).containsPattern("data-facet=\"movie\" href=\"[^\"]*type=movie&amp;sort=date\"");
        assertThat(page).contains("class=\"sort current\" data-sort=\"date\"");
    }
}
