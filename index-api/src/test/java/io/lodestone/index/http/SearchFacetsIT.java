package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.TestTorrents;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page's type facets and sort options in a real browser (headless chromium): search,
 * read the facet counts, click the tv facet, then sort by size, and check the results each time.
 */
class SearchFacetsIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SMALL_EPISODE = "Restless.River.S01E01.720p.WEB-DL.x264-GRP.mkv";
    static final String BIG_EPISODE = "Restless.River.S01E02.1080p.BluRay.x264-GRP.mkv";
    static final String MID_EPISODE = "Restless.River.S01E03.1080p.WEB-DL.x264-GRP.mkv";
    static final String MOVIE = "Restless.Nights.2019.1080p.BluRay.x264-GRP.mkv";
    static final String ALBUM = "Restless Hearts - Northern Lights (2019) [FLAC]";

    @TempDir
    static Path temp;
    static IndexService index;
    static TestServer http;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        index = IndexService.open(Files.createDirectories(temp.resolve("index")), IndexConfig.defaults());
        List<ResolvedTorrent> all = new ArrayList<>();
        add(all, TestTorrents.singleFile(SMALL_EPISODE, 300L << 20), 0);
        add(all, TestTorrents.singleFile(BIG_EPISODE, 3L << 30), 1);
        add(all, TestTorrents.singleFile(MID_EPISODE, 1L << 30), 2);
        add(all, TestTorrents.singleFile(MOVIE, 8L << 30), 3);
        add(all, TestTorrents.multiFile(ALBUM, List.of("01 - Dawn.flac", "02 - Dusk.flac"), 40L << 20), 4);
        index.write(TestTorrents.resolvedBatch(all));
        assertThat(index.awaitSearchable(Duration.ofSeconds(30))).isTrue();
        http = TestServer.start(HttpConfig.defaults(), HttpServices.of(index, TestServer.silentResolver(),
                DhtHealth::empty, new PrometheusRegistry()));
        browser = Chromium.start();
    }

    private static void add(List<ResolvedTorrent> all, byte[] info, int minute) {
        all.add(new ResolvedTorrent(TestTorrents.sha1(info), info, TestTorrents.T0.plusSeconds(60L * minute),
                TestTorrents.T0.plusSeconds(60L * minute + 5), 1, 1));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (http != null) {
            http.close();
        }
        if (index != null) {
            index.close();
        }
    }

    private static List<String> results() {
        return browser.findElements(By.cssSelector("li.result a.name")).stream().map(WebElement::getText).toList();
    }

    private static String facet(String type) {
        return browser.findElement(By.cssSelector("nav.facets a[data-facet='" + type + "']")).getText();
    }

    @Test
    void clickATypeFacetThenASort() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get(http.base() + "/");
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("restless");
        q.submit();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.result"), 5));
        assertThat(facet("tv")).isEqualTo("tv 3");
        assertThat(facet("movie")).isEqualTo("movie 1");
        assertThat(facet("music")).isEqualTo("music 1");
        assertThat(browser.findElements(By.cssSelector("nav.facets a[data-facet='ebook']"))).isEmpty();

        browser.findElement(By.cssSelector("nav.facets a[data-facet='tv']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.result"), 3));
        assertThat(results()).containsExactlyInAnyOrder(SMALL_EPISODE, BIG_EPISODE, MID_EPISODE);
        assertThat(browser.findElement(By.cssSelector("nav.facets a.current")).getAttribute("data-facet")).isEqualTo("tv");
        assertThat(facet("movie")).as("the other types keep their counts").isEqualTo("movie 1");
        assertThat(browser.findElements(By.cssSelector("li.result .type"))).extracting(e -> e.getDomProperty("textContent"))
                .containsOnly("tv");

        browser.findElement(By.cssSelector("nav.sorts a[data-sort='size']")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector("nav.sorts a[data-sort='size']"), "class",
                "current"));
        assertThat(results()).containsExactly(BIG_EPISODE, MID_EPISODE, SMALL_EPISODE);
        assertThat(browser.getCurrentUrl()).contains("type=tv").contains("sort=size");

        browser.findElement(By.cssSelector("nav.sorts a[data-sort='date']")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector("nav.sorts a[data-sort='date']"), "class",
                "current"));
        assertThat(results()).containsExactly(MID_EPISODE, BIG_EPISODE, SMALL_EPISODE);

        browser.findElement(By.cssSelector("nav.facets a[data-facet='any']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.result"), 5));
        assertThat(results()).as("newest first, every type").containsExactly(ALBUM, MOVIE, MID_EPISODE, BIG_EPISODE,
                SMALL_EPISODE);
    }
}
