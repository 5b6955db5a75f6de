package dev.mooring.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium}, headless, driven through its {@code chromedriver} with Selenium. Both paths are given
 * (system properties {@code mooring.chromium} and {@code mooring.chromedriver} override them), so Selenium Manager
 * downloads nothing; when either is missing the test fails saying what to install.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String INSTALL = "apt-get install chromium chromium-driver";
    private static final int WIDTH = 1280;

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** The binaries' problem, if they are missing: what to install. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium())) {
            missing.add(chromium() + " (Debian package chromium)");
        }
        if (!Files.isExecutable(chromedriver())) {
            missing.add(chromedriver() + " (Debian package chromium-driver)");
        }
        return missing;
    }

    private static Path chromium() {
        return Path.of(System.getProperty("mooring.chromium", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty("mooring.chromedriver", "/usr/bin/chromedriver"));
    }

    /** A fresh browser with its own profile under {@code dir}, its driver's log there too. */
    static HeadlessChromium start(Path dir) {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new AssertionError("This test drives headless Chromium, which is not installed: missing "
                    + String.join(", ", missing) + ". Install it with: " + INSTALL);
        }
        try {
            Files.createDirectories(dir);
            Path profile = Files.createTempDirectory(dir, "profile-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium().toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver().toFile())
                    .usingAnyFreePort()
                    .withLogFile(new File(dir.resolve("chromedriver.log").toString()))
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the browser's profile in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads {@code url} and waits for it. */
    HeadlessChromium open(String url) {
        driver.get(url);
        return this;
    }

    String title() {
        return driver.getTitle();
    }

    /** The page's HTML as the browser has it. */
    String source() {
        return driver.getPageSource();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The rows of the table captioned {@code caption}, each as its cells' text joined by single spaces. */
    List<String> rows(String caption) {
        List<String> rows = new ArrayList<>();
        for (WebElement table : all("table")) {
            if (table.findElement(By.tagName("caption")).getText().equals(caption)) {
                for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
                    rows.add(String.join(" ", row.findElements(By.cssSelector("th, td")).stream()
                            .map(WebElement::getText).toList()));
                }
            }
        }
        return rows;
    }

    /** The row of the table captioned {@code caption} whose first cell is {@code rowHeader} (empty: none). */
    String row(String caption, String rowHeader) {
        return rows(caption).stream().filter(r -> r.startsWith(rowHeader + " ")).findFirst().orElse("");
    }

    /**
     * A screenshot of the whole page as a PNG file: the viewport made as tall as the page through the DevTools
     * protocol (a headless window cannot grow past its screen), measured without running a script in the page.
     */
    void screenshot(Path file) {
        WebElement body = driver.findElement(By.tagName("body"));
        long height = body.getLocation().getY() + body.getSize().getHeight() + 16L;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH,
                "height", (int) Math.min(Math.max(height, 600), 10_000), "deviceScaleFactor", 1, "mobile", false));
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(file.getParent());
            Files.move(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the screenshot as " + file + ": " + e.getMessage(), e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
