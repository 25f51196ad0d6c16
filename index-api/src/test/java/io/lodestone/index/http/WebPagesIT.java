package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.IndexService;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser (headless chromium) against the real index: search from the form,
 * open a result, see its files and magnet link; the health page updating itself; and every page
 * fitting a phone's 360-pixel width.
 */
class WebPagesIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final int PHONE_WIDTH = 360;

    @TempDir
    static Path temp;
    static Metainfo hybrid;
    static IndexService index;
    static TestServer http;
    static ChromeDriver browser;
    /** Moves on at every health request, as a live farm's counters do. */
    static final AtomicLong queriesIn = new AtomicLong(1000);
    /** Twenty samples 15 s apart: a counter growing 100 per sample, a gauge 10..29, a gap, a constant. */
    static final int SAMPLES = 20;
    static HealthHistory.Snapshot history;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        hybrid = Fixtures.nonAscii(temp);
        Metainfo other = Fixtures.create(temp, "Reisebilder Island", Map.of("a/b.txt", "b", "c.txt", "c"),
                CreateOptions.Format.V1);
        Metainfo hostile = Fixtures.create(temp, "xss <img src=x onerror=window.pwned=1>", Map.of("f.txt", "f"),
                CreateOptions.Format.V1);
        history = history();
        index = RealIndex.open(Files.createDirectories(temp.resolve("index")), List.of(hybrid, other, hostile));
        HttpServices services = HttpServices.of(index, TestServer.silentResolver(), WebPagesIT::health,
                new PrometheusRegistry());
        http = TestServer.start(HttpConfig.defaults().withHealthRefresh(Duration.ofSeconds(1)), services);
        browser = Chromium.start();
    }

    static DhtHealth health() {
        long q = queriesIn.addAndGet(137);
        DhtHealth.Figures f = new DhtHealth.Figures(180, q, q / 2, q / 3, 7, 2, 55, 21, 4,
                new DhtHealth.Latency(12, 250.5, 900, 1800, 2500));
        return new DhtHealth(List.of(new DhtHealth.Node("aa".repeat(20), "127.0.0.1:6881", f),
                new DhtHealth.Node("bb".repeat(20), "127.0.0.1:6882", f)), f, 1_234_567, history);
    }

    static HealthHistory.Snapshot history() {
        io.lodestone.time.VirtualClock clock = new io.lodestone.time.VirtualClock();
        AtomicLong harvested = new AtomicLong();
        AtomicLong sample = new AtomicLong();
        HealthHistory h = new HealthHistory(clock, Duration.ofSeconds(15), Duration.ofHours(1), List.of(
                new HealthHistory.Series("harvestedPerHour", "Hashes harvested per hour",
                        HealthHistory.Kind.RATE_PER_HOUR, () -> harvested.addAndGet(100)),
                new HealthHistory.Series("connectionsOpen", "Peer connections open", HealthHistory.Kind.GAUGE,
                        () -> sample.get() == 5 ? Double.NaN : 10 + sample.get()),
                new HealthHistory.Series("networkSizeEstimate", "DHT size estimate", HealthHistory.Kind.GAUGE,
                        () -> 1_234_567)));
        for (int i = 0; i < SAMPLES; i++) {
            h.sampleIfDue();
            sample.incrementAndGet();
            clock.advance(Duration.ofSeconds(15));
        }
        return h.snapshot();
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

    @Test
    void searchOpenAResultAndSeeItsFilesAndMagnet() {
        browser.get(http.base() + "/");
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("Reisebilder");
        q.submit();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.result"), 2));
        WebElement result = browser.findElements(By.cssSelector("li.result a.name")).stream()
                .filter(a -> a.getText().equals("Reisebilder Ägypten 日本 ✓")).findFirst().orElseThrow();
        result.click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("torrent-name")));
        assertThat(browser.findElement(By.id("torrent-name")).getText()).isEqualTo("Reisebilder Ägypten 日本 ✓");
        String files = browser.findElement(By.id("files")).getText();
        assertThat(files).contains("Ägypten/", "Nil/", "über den Fluss.md", "Pyramiden – 金字塔.txt", "日本語/", "東京.txt",
                "README ✓.txt");
        String magnet = browser.findElement(By.id("magnet")).getAttribute("href");
        assertThat(magnet).startsWith("magnet:?xt=urn:btih:" + hybrid.infoHashV1().hex())
                .contains("xt=urn:btmh:1220" + hybrid.infoHashV2().hex());
        assertThat(browser.findElement(By.id("torrent-file")).getAttribute("href"))
                .endsWith("/api/v1/torrents/" + hybrid.infoHashV1().hex() + "/torrent");
    }

    @Test
    void hostileNamesStayText() {
        browser.get(http.base() + "/?q=xss");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.result"), 1));
        assertThat(browser.findElement(By.cssSelector("li.result a.name")).getText())
                .isEqualTo("xss <img src=x onerror=window.pwned=1>");
        browser.findElement(By.cssSelector("li.result a.name")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("torrent-name")));
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void healthPageShowsLiveFigures() {
        browser.get(http.base() + "/health");
        WebElement figure = browser.findElement(By.cssSelector("[data-field='total.queriesIn']"));
        long first = number(figure.getText());
        assertThat(first).isGreaterThan(1000);
        assertThat(browser.findElements(By.cssSelector("#nodes tbody tr"))).hasSize(2);
        // the script fetches new figures every second; each fetch moves the counter on
        new WebDriverWait(browser, WAIT).until(d -> number(figure.getText()) > first);
        long later = number(figure.getText());
        assertThat(later).isLessThanOrEqualTo(queriesIn.get());
        assertThat(browser.findElements(By.cssSelector("#nodes tbody tr"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("#nodes tbody tr td.num")).getText()).isEqualTo("180");
        assertThat(browser.findElement(By.cssSelector("[data-field='rates.queriesInPerSecond']")).getText())
                .matches("\\d+\\.\\d");
        assertThat(browser.findElement(By.id("refresh-status")).getText()).isEmpty();
    }

    @Test
    void healthPageDrawsTheLastHour() {
        browser.get(http.base() + "/health");
        assertThat(browser.findElement(By.cssSelector("[data-field='networkSizeEstimate']")).getText())
                .isEqualTo("1,234,567");
        By lines = By.cssSelector("#charts figure.chart svg polyline");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.numberOfElementsToBeMoreThan(lines, 3));
        List<WebElement> charts = browser.findElements(By.cssSelector("#charts figure.chart"));
        assertThat(charts).extracting(c -> c.getAttribute("data-series"))
                .containsExactly("harvestedPerHour", "connectionsOpen", "networkSizeEstimate");
        // the rate has no value at the first sample; the gauge has a gap at the sixth, so two lines
        assertThat(svgOf(charts.get(0)).getAttribute("data-points")).isEqualTo(String.valueOf(SAMPLES - 1));
        assertThat(charts.get(0).findElements(By.cssSelector("polyline"))).hasSize(1);
        assertThat(charts.get(1).findElements(By.cssSelector("polyline"))).hasSize(2);
        assertThat(svgOf(charts.get(1)).getAttribute("data-points")).isEqualTo(String.valueOf(SAMPLES - 1));
        assertThat(svgOf(charts.get(1)).getAttribute("data-max")).isEqualTo("29");
        // 100 per 15 s is 24,000 an hour
        assertThat(charts.get(0).findElement(By.cssSelector(".latest")).getText()).isEqualTo("24000.0");
        assertThat(charts.get(1).findElement(By.cssSelector(".latest")).getText()).isEqualTo("29.0");
        assertThat(charts.get(2).findElement(By.cssSelector(".latest")).getText()).isEqualTo("1234567.0");
        // the newest point sits at the right edge: it is the youngest sample
        String points = charts.get(1).findElements(By.cssSelector("polyline")).get(1).getAttribute("points");
        double lastX = Double.parseDouble(points.substring(points.lastIndexOf(' ') + 1).split(",")[0]);
        assertThat(lastX).isGreaterThan(290);
        assertThat(browser.findElement(By.id("refresh-status")).getText()).isEmpty();
    }

    private static WebElement svgOf(WebElement figure) {
        return figure.findElement(By.cssSelector("svg"));
    }

    @Test
    void everyPageFitsAPhone() {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", PHONE_WIDTH, "height", 740, "deviceScaleFactor", 2, "mobile", true));
        try {
            for (String path : List.of("/", "/?q=Reisebilder", "/torrent/" + hybrid.infoHashV1().hex(), "/health")) {
                browser.get(http.base() + path);
                JavascriptExecutor js = browser;
                Number viewport = (Number) js.executeScript("return window.innerWidth");
                Number content = (Number) js.executeScript("return document.documentElement.scrollWidth");
                assertThat(viewport.intValue()).as(path).isEqualTo(PHONE_WIDTH);
                assertThat(content.intValue()).as(path + ": no sideways scrolling").isLessThanOrEqualTo(PHONE_WIDTH);
            }
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
