package io.lodestone.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lodestone.index.IndexService;
import io.lodestone.index.access.ApiKeyStore;
import io.lodestone.index.access.Scope;
import io.lodestone.index.content.AuditLog;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.ContentControl;
import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.time.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drive-by attacks from a real browser: a page on another origin (another loopback port) sends
 * no-cors fetches and auto-submitted form posts (text/plain, urlencoded, multipart) at the
 * download and resolve routes of a loopback server that has no API keys, the weakest setup.
 * Nothing may start. Then the server's own pages: a same-origin request does start a download
 * (so the zero above is not for want of a working browser), and a key entered on the sign-in
 * page lets the torrent page's Download and Block buttons act through the session cookie.
 */
class CrossOriginIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path temp;
    static Metainfo torrent;
    static IndexService index;
    static TestServer http;
    static HttpServer attacker;
    static ChromeDriver browser;
    static ApiKeyStore keys;
    static final DownloadRoutesTest.FakeManager downloads = new DownloadRoutesTest.FakeManager();
    static final TestServer.FakeResolver resolver = new TestServer.FakeResolver();

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        torrent = Fixtures.create(temp, "Cross Origin Target", Map.of("f.txt", "f"), CreateOptions.Format.V1);
        Path data = Files.createDirectories(temp.resolve("data"));
        index = RealIndex.open(data, List.of(torrent));
        keys = new ApiKeyStore(data);
        ContentControl content = new ContentControl(index, index::delete, new BlockList(data, Clock.system()),
                new AuditLog(data));
        http = TestServer.start(HttpConfig.defaults(), HttpServices.of(index, resolver, DhtHealth::empty,
                new PrometheusRegistry()).withDownloads(downloads).withAccess(keys, content));
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", ex -> {
            byte[] page = attackPage(http.base()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        attacker.start();
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (attacker != null) {
            attacker.stop(0);
        }
        if (http != null) {
            http.close();
        }
        if (index != null) {
            index.close();
        }
    }

    /** Every request a page may send across origins without a preflight, at both routes. */
    static String attackPage(String target) {
        String magnet = "magnet:?xt=urn:btih:" + "ab".repeat(20);
        String json = "{\"uri\":\"" + magnet + "\"}";
        StringBuilder forms = new StringBuilder();
        int n = 0;
        for (String route : List.of("/api/v1/downloads", "/api/v1/resolve")) {
            for (String enctype : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
                n++;
                forms.append("<iframe name=\"f").append(n).append("\"></iframe>")
                        .append("<form class=\"attack\" method=\"POST\" target=\"f").append(n).append("\" action=\"")
                        .append(target).append(route).append("\" enctype=\"").append(enctype).append("\">")
                        // text/plain sends name=value: the body reads as JSON {"uri":"magnet…","x":"="}
                        .append("<input type=\"hidden\" name='{\"uri\":\"").append(magnet).append("\",\"x\":\"' value='\"}'>")
                        .append("</form>\n");
            }
        }
        return "<!DOCTYPE html><html><head><title>loading</title></head><body>\n" + forms
                + "<script>\n"
                + "var target = '" + target + "';\n"
                + "var body = '" + json.replace("'", "\\'") + "';\n"
                + "var sends = [];\n"
                + "['/api/v1/downloads', '/api/v1/resolve'].forEach(function (route) {\n"
                + "  ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'].forEach(function (ct) {\n"
                + "    sends.push(fetch(target + route, {method: 'POST', mode: 'no-cors', credentials: 'include',\n"
                + "      headers: {'Content-Type': ct}, body: body}).catch(function () {}));\n"
                + "  });\n"
                + "  sends.push(fetch(target + route, {method: 'POST', mode: 'no-cors', body: new Blob([body])}).catch(function () {}));\n"
                + "  sends.push(fetch(target + route, {method: 'POST', mode: 'cors', headers: {'Content-Type': 'application/json'},\n"
                + "    body: body}).catch(function () {}));\n"
                + "});\n"
                + "document.querySelectorAll('form.attack').forEach(function (f) { f.submit(); });\n"
                + "Promise.all(sends).then(function () { setTimeout(function () { document.title = 'done'; }, 2000); });\n"
                + "</script></body></html>\n";
    }

    @Test
    void aForeignPageStartsNothingAndTheServersOwnPagesDo() throws Exception {
        long refusedBefore = refused();
        browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs("done"));
        // the attacks reached the server and were turned away, each one
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> refused() - refusedBefore >= 10);
        } finally {
            System.out.println(http.get("/metrics").body().lines().filter(l -> l.startsWith("lodestone_http"))
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
        assertThat(downloads.next.get()).as("downloads started").isZero();
        assertThat(resolver.asked.get()).as("resolves started").isNull();
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("lodestone_http_actions_total{action=\"download\"} 0.0")
                .contains("lodestone_http_actions_total{action=\"resolve\"} 0.0");
        System.out.println("cross-origin requests refused: " + (refused() - refusedBefore));

        // a rebinding name is refused outright
        assertThat(http.rawRequest("GET / HTTP/1.1\r\nHost: attacker.example:" + http.server.port()
                + "\r\nConnection: close\r\n\r\n")).isEqualTo(421);

        // the same request from the server's own page goes through: the browser does send it
        browser.get(http.base() + "/torrent/" + torrent.dhtInfoHash().hex());
        ((JavascriptExecutor) browser).executeScript("document.getElementById('action-download').click();");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-status"), "Download started"));
        assertThat(downloads.next.get()).isEqualTo(1);

        // with a key, the buttons need a signed-in browser
        String key = keys.create("browser", Scope.WRITE);
        browser.findElement(By.id("action-download")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-status"), "refused"));
        assertThat(downloads.next.get()).isEqualTo(1);
        browser.get(http.base() + "/signin");
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("signin-button")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-status"), "Signed in as browser"));
        assertThat(browser.manage().getCookieNamed(Sessions.COOKIE)).satisfies(c -> {
            assertThat(c.isHttpOnly()).isTrue();
            assertThat(c.getSameSite()).isEqualTo("Strict");
            assertThat(c.getValue()).doesNotContain(key);
        });
        browser.get(http.base() + "/torrent/" + torrent.dhtInfoHash().hex());
        browser.findElement(By.id("action-download")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-status"), "Download started"));
        assertThat(downloads.next.get()).isEqualTo(2);
        ((JavascriptExecutor) browser).executeScript("window.confirm = function () { return true; };");
        browser.findElement(By.id("action-block")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-status"), "Blocked"));
        assertThat(index.get(torrent.dhtInfoHash())).isEmpty();

        // the signed-in browser on the foreign page: still nothing
        browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs("done"));
        assertThat(downloads.next.get()).isEqualTo(2);
        assertThat(resolver.asked.get()).isNull();
    }

    /** Requests answered 401, 403 or 415 (refused before any route ran), from the request counter. */
    static long refused() {
        long n = 0;
        for (String line : http.get("/metrics").body().split("\n")) {
            if (line.startsWith("lodestone_http_requests_total{") && (line.contains("status=\"403\"") || line.contains("status=\"415\"") || line.contains("status=\"401\""))) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }
}
