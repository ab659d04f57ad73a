package dev.switchyard.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through chromedriver (Selenium), for the console's browser tests. Installs
 * {@code chromium} and {@code chromium-driver} with apt when they are missing and the test runs as root; where they
 * cannot exist the tests are skipped with a loud message, never silently.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final WebDriver driver;
    private final Path profile;

    private ConsoleBrowser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser, or the test is skipped (loudly) where Chromium cannot be had. */
    static ConsoleBrowser start() throws IOException, InterruptedException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("switchyard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new ConsoleBrowser(driver, profile);
    }

    private static void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            System.err.println("[console browser tests] installing chromium and chromium-driver with apt-get");
            Process p = new ProcessBuilder("apt-get", "install", "-y", "chromium", "chromium-driver")
                    .redirectErrorStream(true).redirectOutput(new File("target/apt-chromium.log")).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String banner = "\n" + "!".repeat(100) + "\n!!! CONSOLE BROWSER TESTS SKIPPED: /usr/bin/chromium and /usr/bin/chromedriver"
                    + " are missing and could not be installed\n!!! (run as root on Debian, or apt-get install -y"
                    + " chromium chromium-driver)\n" + "!".repeat(100) + "\n";
            System.err.println(banner);
            Assumptions.abort(banner);
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Opens a console page (by its hash route) and waits until it has rendered. */
    void open(String baseUrl, String page) {
        driver.get(baseUrl + "/console/#/" + page);
        awaitPage(page);
    }

    /** Waits until the page is rendered (or fails with the page's error). */
    void awaitPage(String page) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            Object state = js("const p = document.getElementById('page');"
                    + " return p && p.dataset.page === arguments[0] ? p.dataset.ready : null", page);
            if ("error".equals(state)) {
                throw new AssertionError("page " + page + " failed: " + driver.findElement(By.id("page")).getText());
            }
            return "true".equals(state);
        });
    }

    void await(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what).until(condition::apply);
    }

    /** Saves a PNG of the window under target/console-screenshots/. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    List<org.openqa.selenium.WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
