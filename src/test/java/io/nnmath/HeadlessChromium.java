package io.nnmath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's chromium and chromedriver for the browser tests, never a download. A test class is
 * enabled with {@code @EnabledIf("io.nnmath.HeadlessChromium#installedOrOnCi")} and calls
 * {@link #requireOnCi()} in its {@code @BeforeAll}: without the browser it is skipped, except under
 * CI=true, where it fails.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** The class condition: evaluated before the application context starts, reported as skipped. */
    public static boolean installedOrOnCi() {
        return installed() || "true".equals(System.getenv("CI"));
    }

    /** CI installs the browser: there, a missing one is a failure rather than a skip. */
    public static void requireOnCi() {
        assertThat(installed())
                .as("CI=true but %s or %s is missing: CI must install the Debian packages chromium and "
                        + "chromium-driver", CHROMIUM, CHROMEDRIVER)
                .isTrue();
    }

    /** A headless Chromium with its own profile directory and a window of the given size in CSS pixels. */
    public static ChromeDriver start(Path profile, int width, int height) {
        // An explicit driver and binary keep Selenium Manager from trying to download either.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--no-first-run", "--user-data-dir=" + profile,
                // No scrollbar to come and go when a screenshot lays the whole page out at once.
                "--hide-scrollbars",
                // On a closed network Chromium's own background connections get its page loads refused.
                "--disable-quic", "--disable-background-networking", "--disable-component-update",
                "--disable-sync");
        return new ChromeDriver(service, options);
    }

    /** Lays the page out as a phone does: this many CSS pixels wide, touch, the viewport meta tag honoured. */
    public static void emulatePhone(ChromeDriver driver, int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Saves what the driver's viewport shows, as a PNG. */
    public static void screenshot(TakesScreenshot driver, Path file) throws IOException {
        write(driver.getScreenshotAs(OutputType.BYTES), file);
    }

    /**
     * Saves the whole of one element as a PNG, also the part of it below the viewport (which
     * Selenium's element screenshot leaves out): DevTools' capture of its box in the document.
     */
    public static void screenshot(ChromeDriver driver, WebElement element, Path file) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) driver.executeScript("const r = arguments[0]"
                + ".getBoundingClientRect(); return {x: r.left + window.scrollX, y: r.top + window.scrollY, "
                + "width: r.width, height: r.height}", element);
        Map<String, Object> clip = Map.of("x", box.get("x"), "y", box.get("y"), "width", box.get("width"),
                "height", box.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "clip", clip, "captureBeyondViewport", true));
        write(Base64.getDecoder().decode((String) shot.get("data")), file);
    }

    private static void write(byte[] png, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }
}
