package io.lodestone.index.http;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver, driven headless. Paths are given explicitly so Selenium
 * never looks for (or downloads) a browser of its own. Missing: a failed test when the
 * environment variable CI is set, a skipped one elsewhere (the project's rule for real peers).
 */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final String CI_ENV = "CI";
    static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private Chromium() {
    }

    static void require() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "chromium and chromedriver are needed (" + BROWSER + ", " + DRIVER
                + "; Debian packages chromium and chromium-driver)";
        String ci = System.getenv(CI_ENV);
        if (ci != null && !ci.isEmpty()) {
            throw new AssertionError(message + " (CI is set: tests that need a real browser fail instead of being skipped)");
        }
        Assumptions.abort(message);
    }

    /** A headless browser; the caller quits it. */
    static ChromeDriver start() {
        require();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(DRIVER_START_TIMEOUT)
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI containers run as root, where chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--window-size=1280,900");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
        return driver;
    }
}
