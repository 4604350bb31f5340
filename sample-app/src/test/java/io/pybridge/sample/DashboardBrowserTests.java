package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.core.PythonTemplate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The live dashboard in headless Chromium (Debian's chromium and chromedriver, which
 * {@code .ci/run} installs): the page loads from the app alone, its numbers move when calls
 * run, it logs no console error, and a screenshot is left in {@code target/dashboard.png}.
 */
@SampleAppTest
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Hang guards: the page refreshes every second. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    PythonTemplate python;

    @Test
    void theNumbersMoveUnderLoadAndThePageHasNoConsoleErrors() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("CI installs chromium and chromium-driver (.ci/run)").isTrue();
        }
        assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is named, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            PythonTemplate processes = python.inProcesses();
            while (loading.get()) {
                python.eval("sum(range(1000))");
                processes.eval("sum(range(1000))");
            }
        }, "dashboard-load");
        try {
            browser.get("http://localhost:" + port + "/dashboard");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(driver -> "live".equals(text(driver, "status")));
            long callsBefore = Long.parseLong(text(browser, "calls-total"));
            assertThat(text(browser, "python-version")).startsWith("Python 3.");

            load.start();
            wait.until(driver -> Double.parseDouble(text(driver, "calls-per-second")) > 0);
            wait.until(driver -> Long.parseLong(text(driver, "calls-total")) > callsBefore + 100);
            assertThat(Long.parseLong(text(browser, "ts-created"))).isPositive();
            List<String> rows = browser.findElements(By.cssSelector("#interpreters tbody tr")).stream()
                    .map(row -> row.getDomAttribute("data-name")).toList();
            // The sample app runs a pool of two beside the main interpreter.
            assertThat(rows).startsWith("main").contains("pool-1", "pool-2");
            // The worker processes SampleAppTest starts, each with its pid, its calls and its memory.
            wait.until(driver -> driver.findElements(By.cssSelector("#processes tbody tr")).size() == 2
                    && !text(driver, "processes-alive").isEmpty()
                    && cell(driver, "process-1", 8).endsWith("MiB") && cell(driver, "process-2", 8).endsWith("MiB"));
            assertThat(text(browser, "processes-alive")).isEqualTo("2/2");
            for (String worker : List.of("process-1", "process-2")) {
                assertThat(cell(browser, worker, 2)).matches("\\d+");
                assertThat(cell(browser, worker, 3)).isEqualTo("yes");
                assertThat(Long.parseLong(cell(browser, worker, 6))).isNotNegative();
            }
            wait.until(driver -> Long.parseLong(cell(driver, "process-1", 6)) + Long.parseLong(cell(driver, "process-2", 6)) > 0);
            assertThat(browser.findElement(By.id("processes-none")).isDisplayed()).isFalse();
            // The pool's own queue has its figures too, maximum included.
            assertThat(text(browser, "pool-free")).matches("[0-2]/2");
            assertThat(text(browser, "pool-max")).matches("\\d+(\\.\\d)? (\u00b5s|ms)");
            assertThat(text(browser, "permit-max")).matches("\\d+(\\.\\d)? (\u00b5s|ms)");

            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path screenshot = Path.of("target", "dashboard.png");
            Files.copy(shot.toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(screenshot)).isPositive();

            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("console errors").isEmpty();
        }
        finally {
            loading.set(false);
            load.join(60_000);
            browser.quit();
        }
    }

    /**
     * The text of column {@code column} (from 1) of the worker process {@code name}'s row. The
     * page replaces the rows every second: a row replaced between finding and reading is read again.
     */
    private static String cell(WebDriver driver, String name, int column) {
        By cell = By.cssSelector("#processes tbody tr[data-name='" + name + "'] td:nth-child(" + column + ")");
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(cell).getText().trim();
            }
            catch (StaleElementReferenceException replaced) {
                if (attempt == 5) {
                    throw replaced;
                }
            }
        }
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText().trim();
    }
}
