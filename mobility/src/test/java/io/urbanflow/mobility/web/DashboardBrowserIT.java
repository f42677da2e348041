package io.urbanflow.mobility.web;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.testing.Browser;
import io.urbanflow.web.DashboardConfig;

import io.urbanflow.web.DashboardConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.stream.ReplayResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver): every page loads without console
 * errors, the live map draws hexagons from the replayed Rome sample and its counter rises while points arrive, a
 * SQL query shows its rows, and the map stays usable when tiles cannot load. Screenshots go to
 * {@code target/screenshots/}. Without Chromium the tests are skipped, except under CI=true, where they fail ({@link Browser}).
 */
class DashboardBrowserIT {
    private static final String TOPIC = "gps.points";
    private static final String TOKEN = "browser-test-token";
    /**
     * Per page, a script expression that is true once the page has shown what it fetched on load, or the error it
     * got. Pages fetch after the load event (module scripts with top-level await), so the load event alone says
     * nothing about their content.
     */
    private static final Map<String, String> PAGES_LOADED = orderedMap(
            "/", "!document.getElementById('slider').disabled || document.getElementById('slider-note').textContent !== ''",
            "/traffic.html", "document.getElementById('analytics').childElementCount > 0",
            "/forecast.html", "document.getElementById('models').dataset.loaded === 'true'",
            "/tables.html", "document.getElementById('tables').childElementCount > 0",
            "/sql.html", "document.getElementById('run') !== null",
            "/health.html", "document.getElementById('h-kafka').textContent !== '\u2013' || document.getElementById('health-error').childElementCount > 0");

    @TempDir
    static Path dir;
    @TempDir
    Path profile;
    static WebFixture fixture;
    static WebFixture.Served served;
    static ReplayResult replayed;
    WebDriver driver;

    @BeforeAll
    static void startEverything() {
        Browser.requireOrSkip();
        fixture = WebFixture.start(dir);
        replayed = fixture.replayRome(TOPIC);
        fixture.ingest(TOPIC, replayed.sent());
        fixture.aggregate();
        fixture.analyze();
        fixture.forecast();
        // from now on: the live map starts empty, and the test replays more points into the topic
        served = fixture.serve(DashboardConfig.defaults().withPort(0).withToken(TOKEN), LiveStart.at(java.time.Instant.now()), "none");
    }

    @AfterAll
    static void stopEverything() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.open(profile);
        // The first load carries the token; it sets the cookie that the pages' requests and WebSocket then carry.
        driver.get(served.base() + "/tables.html?token=" + TOKEN);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void the_live_counter_rises_and_the_map_draws_hexagons_while_the_sample_is_replayed() throws Exception {
        driver.get(served.base() + "/");
        WebElement counter = driver.findElement(By.id("live-points"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "live".equals(script("return window.urbanflow && window.urbanflow.mode")));
        assertThat(counter.getText()).isEqualTo("0");

        CompletableFuture<ReplayResult> replay = CompletableFuture.supplyAsync(() -> fixture.replayRome(TOPIC));
        await().atMost(Duration.ofSeconds(30)).until(() -> number(counter.getText()) > 0);
        long early = number(counter.getText());
        ReplayResult result = replay.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> number(counter.getText()) == served.aggregator().totals().points()
                && served.aggregator().totals().points() + served.aggregator().totals().duplicates()
                + served.aggregator().totals().outliers() == result.sent());
        assertThat(number(counter.getText())).isGreaterThan(early - 1).isPositive();

        // the cells of the last update may be applied a message after its totals: wait for the page to agree
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(((Number) script("return window.urbanflow.cells")).intValue())
                .isGreaterThan(20).isEqualTo(served.aggregator().totals().cells()));
        int cells = ((Number) script("return window.urbanflow.cells")).intValue();
        assertThat(driver.findElement(By.id("map")).getAttribute("data-hexagons")).isEqualTo(String.valueOf(cells));
        assertThat(((Number) script("return window.urbanflow.vehicles")).intValue()).isPositive();
        assertThat(driver.findElement(By.cssSelector("#map canvas")).isDisplayed()).isTrue();
        screenshot("live-map");
        assertNoConsoleErrors("/");
    }

    @Test
    void the_time_slider_replays_a_past_window_from_the_lake() {
        driver.get(served.base() + "/");
        WebElement slider = driver.findElement(By.id("slider"));
        await().atMost(Duration.ofSeconds(20)).until(slider::isEnabled);
        script("const s = document.getElementById('slider'); s.value = s.max; s.dispatchEvent(new Event('input'));");
        await().atMost(Duration.ofSeconds(20)).until(() -> "replay".equals(script("return window.urbanflow.mode")));
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.parseInt(driver.findElement(By.id("map")).getAttribute("data-hexagons")) > 20);
        assertThat(driver.findElement(By.id("slider-note")).getText()).contains("points in the 15 min before");
        screenshot("live-map-replay");
        assertNoConsoleErrors("/ (replay)");
    }

    @Test
    void every_page_loads_without_console_errors() {
        for (String page : PAGES_LOADED.keySet()) {
            driver.get(served.base() + page);
            await().atMost(Duration.ofSeconds(20)).until(() -> "complete".equals(script("return document.readyState")));
            // module scripts run after load: wait until the header they write is there
            await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(By.cssSelector("header nav a.active")).isEmpty());
            // and until the page has shown what it fetched (or the error it got), so that late errors are seen too
            await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(script("return " + PAGES_LOADED.get(page))));
            assertThat(driver.findElements(By.cssSelector(".error"))).as(page).isEmpty();
            screenshot("page" + (page.equals("/") ? "-live" : "-" + page.substring(1).replace(".html", "")));
            assertNoConsoleErrors(page);
        }
    }

    @Test
    void traffic_page_draws_the_series_and_the_heat_map_from_the_marts() {
        driver.get(served.base() + "/traffic.html");
        WebElement heatmap = driver.findElement(By.id("heatmap"));
        // the sample covers 00:00-00:24 local time
        script("const h = document.getElementById('hour'); h.value = '0'; h.dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(20)).until(() -> heatmap.getAttribute("data-hexagons") != null
                && Integer.parseInt(heatmap.getAttribute("data-hexagons")) > 20);
        assertThat(((Number) script("return Chart.getChart('series-chart').data.labels.length")).intValue()).isEqualTo(3);
        assertThat(((Number) script("return Chart.getChart('profile-chart').data.labels.length")).intValue()).isEqualTo(3);
        // The analytics tables are fetched after the heat map is drawn: wait until the page has filled them in (it
        // appends every table, or the error it got, in one go), then read them.
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(script("return " + PAGES_LOADED.get("/traffic.html"))));
        String analytics = driver.findElement(By.id("analytics")).getText();
        assertThat(analytics).contains("mart.trips", "mart.stops", "mart.od_matrix", "mart.clusters", "mart.cell_speed_hourly")
                .contains("start_ts", "distance_m").doesNotContain("no data yet");
        screenshot("traffic");
        assertNoConsoleErrors("/traffic.html");
    }

    @Test
    void forecast_page_shows_accuracy_per_model_and_horizon_and_predicted_beside_actual() {
        driver.get(served.base() + "/forecast.html");
        WebElement table = driver.findElement(By.id("accuracy-table"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "20".equals(table.getAttribute("data-rows")));
        assertThat(table.getText()).contains("gbdt", "historical_average", "seasonal_naive_day", "seasonal_naive_week", "last_value", "h1", "h6", "day");
        assertThat(((Number) script("return Chart.getChart('accuracy-chart').data.labels.length")).intValue()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> script("return Chart.getChart('series-chart') && Chart.getChart('series-chart').data.labels.length") instanceof Number n
                && n.intValue() == 144);
        script("const s = document.getElementById('scope'); s.value = 'median'; s.dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(10)).until(() -> "20".equals(table.getAttribute("data-rows")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(script("return " + PAGES_LOADED.get("/forecast.html"))));
        assertThat(driver.findElement(By.id("models")).getText()).contains("gbdt-", "validation_wape");
        screenshot("forecast");
        assertNoConsoleErrors("/forecast.html");
    }

    @Test
    void the_forecast_layer_draws_predicted_cells_for_each_horizon_beside_the_actual_counts() {
        driver.get(served.base() + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> "live".equals(script("return window.urbanflow && window.urbanflow.mode")));
        // the page's module has run to its end once the time slider is ready (or says why not)
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(script("return " + PAGES_LOADED.get("/"))));
        driver.findElement(By.id("show-forecast")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) script("return window.urbanflow.forecastCells")).intValue() == 40);
        assertThat(driver.findElement(By.id("forecast-note")).getText()).contains("backtest from", "40 cells");
        script("const h = document.getElementById('forecast-horizon'); h.value = '2'; h.dispatchEvent(new Event('input'));");
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("forecast-horizon-label")).getText().equals("1 h"));
        script("const s = document.getElementById('forecast-show'); s.value = 'actual'; s.dispatchEvent(new Event('change'));");
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("legend")).getText().contains("actual points"));
        assertThat(driver.findElement(By.id("map")).getAttribute("data-forecast-cells")).isEqualTo("40");
        screenshot("live-map-forecast");
        assertNoConsoleErrors("/ (forecast layer)");
    }

    @Test
    void tables_page_lists_the_raw_points_and_shows_their_schema_and_snapshots() {
        driver.get(served.base() + "/tables.html");
        WebElement row = await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElements(By.cssSelector("#tables tr.clickable")).stream()
                .filter(r -> r.getText().startsWith("raw.gps_points ")).findFirst().orElse(null), found -> found != null);
        assertThat(row.getText()).startsWith("raw.gps_points " + replayed.sent() + " ");
        row.click();
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("detail")).getText().contains("Snapshots"));
        assertThat(driver.findElement(By.id("detail")).getText()).contains("vehicle_id", "timestamptz", "append");
        screenshot("tables-detail");
        assertNoConsoleErrors("/tables.html");
    }

    @Test
    void a_sql_query_shows_its_rows_and_a_chart() {
        driver.get(served.base() + "/sql.html");
        WebElement editor = driver.findElement(By.id("sql"));
        editor.clear();
        editor.sendKeys("SELECT vehicle_id, count(*) AS points FROM raw.gps_points GROUP BY vehicle_id ORDER BY points DESC, vehicle_id LIMIT 7");
        driver.findElement(By.id("run")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> "7".equals(driver.findElement(By.id("result")).getAttribute("data-rows")));
        List<WebElement> headers = driver.findElements(By.cssSelector("#result th"));
        assertThat(headers).extracting(WebElement::getText).containsExactly("vehicle_id", "points");
        assertThat(driver.findElements(By.cssSelector("#result tbody tr"))).hasSize(7);
        assertThat(driver.findElement(By.id("chart-y")).getAttribute("value")).isEqualTo("points");
        screenshot("sql");
        assertNoConsoleErrors("/sql.html");
    }

    @Test
    void the_map_falls_back_to_a_plain_background_when_tiles_cannot_load() {
        // An address nothing listens on: every tile fails, as it does offline.
        try (WebFixture.Served offline = fixture.serve(DashboardConfig.defaults().withPort(0).withToken(TOKEN), LiveStart.earliest(),
                "http://127.0.0.1:9/{z}/{x}/{y}.png")) {
            driver.get(offline.base() + "/?token=" + TOKEN);
            WebElement map = driver.findElement(By.id("map"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "plain".equals(map.getAttribute("data-basemap")));
            assertThat(map.getAttribute("class")).contains("offline");
            assertThat(driver.findElement(By.id("map-notice")).getText()).contains("plain background");
            await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) script("return window.urbanflow.cells")).intValue() > 20);
            screenshot("live-map-offline");
            // the failed tile requests are the only errors the browser may log
            assertThat(severe()).allSatisfy(entry -> assertThat(entry.getMessage()).contains("127.0.0.1:9/"));
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    private static long number(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private List<LogEntry> severe() {
        return Browser.severe(driver);
    }

    private void assertNoConsoleErrors(String page) {
        assertThat(severe()).as("console errors on %s", page).isEmpty();
    }

    private void screenshot(String name) {
        Browser.screenshot(driver, name);
    }
}
