package io.urbanflow.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} and {@code chromedriver}, found on {@code PATH}.
 * Without them a test is skipped, except under {@code CI=true}, where it fails: CI installs them
 * ({@code .ci/run}), so a missing browser there is a broken machine, not a reason to pass. Stateless.
 */
public final class Browser {
    private Browser() {
    }

    /** The executable named {@code name} on {@code PATH} (then {@code /usr/bin}), if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        for (String folder : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Paths.get(folder, name))) {
                return Optional.of(Paths.get(folder, name));
            }
        }
        Path debian = Paths.get("/usr/bin", name);
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    /**
     * Skips the calling test (class) when chromium or chromedriver is missing, or fails it under {@code CI=true}.
     *
     * @throws IllegalStateException under CI when the browser is missing
     */
    public static void requireOrSkip() {
        boolean installed = onPath("chromium").isPresent() && onPath("chromedriver").isPresent();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Cannot run browser tests: chromium and chromedriver are needed on PATH"
                    + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
    }

    /** A headless Chromium with a fresh profile in {@code profile}, logging the page's console. */
    public static WebDriver open(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(onPath("chromium").orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1400,900", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath("chromedriver").orElseThrow().toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /** The console messages of level SEVERE the page logged since the last call. */
    public static List<LogEntry> severe(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Saves a screenshot as {@code target/screenshots/NAME.png}. */
    public static void screenshot(WebDriver driver, String name) {
        Path folder = Paths.get("target", "screenshots");
        try {
            Files.createDirectories(folder);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
