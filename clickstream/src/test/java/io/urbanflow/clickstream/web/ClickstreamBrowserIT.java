package io.urbanflow.clickstream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.clickstream.ClickstreamDomain;
import io.urbanflow.clickstream.SyntheticClickstream;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.ingest.FileLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.testing.Browser;
import io.urbanflow.testing.SampleData;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.web.DashboardServer;
import io.urbanflow.web.IcebergLakeAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The Clickstream page in headless Chromium over a lake built from the real sample (2022-11-28) and a small synthetic
 * shop day (2022-11-26): the KPI tiles show what the marts hold, the charts and tables are drawn, the day selector
 * changes the figures, the navigation has the page, and the browser logs no errors. Screenshots go to
 * {@code target/screenshots/}. Without Chromium the tests are skipped, except under CI=true, where they fail
 * ({@link Browser}).
 */
class ClickstreamBrowserIT {
    private static final String TOKEN = "clickstream-browser-test";
    private static final ClickstreamDomain DOMAIN = new ClickstreamDomain();
    private static final LocalDate SAMPLE_DAY = LocalDate.of(2022, 11, 28);
    private static final LocalDate SYNTHETIC_DAY = LocalDate.of(2022, 11, 26);

    @TempDir
    static Path dir;
    @TempDir
    Path profile;
    static LakeAccess lake;
    static DashboardServer server;
    WebDriver driver;

    @BeforeAll
    static void buildTheLakeAndServeIt() throws Exception {
        Browser.requireOrSkip();
        LakeConfig config = LakeConfig.defaults(dir.resolve("data"));
        try (Lake built = Lake.open(config); DuckDbQueryEngine engine = DuckDbQueryEngine.open(built);
             Connection duckdb = engine.trustedConnection()) {
            Sources sources = new Sources(DOMAIN.formats(), DOMAIN.generators());
            FileLoader loader = new FileLoader(built, DOMAIN.topics(), Clock.systemUTC());
            for (Path file : files(SampleData.clickstream())) {
                loader.load(sources.open(file, SourceOptions.defaults()), FileLoader.fingerprint(file), RejectSink.strict());
            }
            String shop = "synthetic:clickstream,visitors=40,days=1,seed=3,start=" + SYNTHETIC_DAY;
            loader.load(SyntheticClickstream.open(SyntheticClickstream.Options.parse(shop)), FileLoader.fingerprint(shop), RejectSink.strict());
            PipelineRun run = new PipelineRunner(ModelContext.of(built, duckdb, Settings.empty(), Clock.systemUTC()), DOMAIN.models())
                    .run(BuildMode.FULL);
            assertThat(run.failed()).as(run.toString()).isFalse();
        }
        DashboardConfig dashboard = DashboardConfig.defaults().withPort(0).withToken(TOKEN);
        lake = IcebergLakeAccess.open(config, dashboard.sqlTimeout(), dashboard.sqlMaxRows());
        server = DashboardServer.start(dashboard, lake, List.of(DOMAIN), null, LiveStart.earliest(), Settings.empty(), Clock.systemUTC());
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.close();
        }
        if (lake != null) {
            lake.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.open(profile);
        // the first load carries the token; it sets the cookie the page's requests then carry
        driver.get(base() + "/tables.html?token=" + TOKEN);
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void the_page_shows_the_latest_days_figures_from_the_marts_and_draws_its_charts_and_tables() {
        driver.get(base() + ClickstreamPages.PAGE);
        awaitDay(SAMPLE_DAY);
        assertThat(options()).containsSubsequence(SAMPLE_DAY.toString(), SYNTHETIC_DAY.toString());
        assertTilesShow(SAMPLE_DAY);

        // sessions and purchases per hour: 24 hours holding the day's sessions and purchases
        assertThat(((Number) script("return Chart.getChart('hourly-chart').data.labels.length")).intValue()).isEqualTo(24);
        assertThat(((Number) script("return Chart.getChart('hourly-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)")).longValue())
                .isEqualTo(count("SELECT count(*) FROM mart.sessions WHERE " + dayOf("session_start", SAMPLE_DAY)));
        assertThat(((Number) script("return Chart.getChart('hourly-chart').data.datasets[1].data.reduce((a, b) => a + b, 0)")).longValue())
                .isEqualTo(count("SELECT count(*) FROM mart.purchases WHERE " + dayOf("ts", SAMPLE_DAY)));
        // the funnel: five steps, as mart.funnel_daily has them
        assertThat(script("return Chart.getChart('funnel-chart').data.labels.join(',')")).isEqualTo("home,product,cart,payment,confirmation");
        assertThat(((Number) script("return Chart.getChart('funnel-chart').data.datasets[0].data[4]")).longValue())
                .isEqualTo(count("SELECT reached_confirmation FROM mart.funnel_daily WHERE day = DATE '" + SAMPLE_DAY + "'"));
        assertThat(driver.findElement(By.cssSelector("#hourly-chart")).isDisplayed()).isTrue();

        // top sources and products, recent purchases, data quality
        String topSource = (String) lake.internalQuery("SELECT source FROM mart.traffic_sources WHERE day = DATE '" + SAMPLE_DAY
                + "' ORDER BY sessions DESC, source, medium, campaign LIMIT 1").rows().get(0).get(0);
        assertThat(driver.findElements(By.cssSelector("#sources-table tbody tr"))).isNotEmpty();
        assertThat(driver.findElement(By.cssSelector("#sources-table tbody tr td")).getText()).isEqualTo(topSource);
        assertThat(driver.findElements(By.cssSelector("#products-table tbody tr"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#purchases-table tbody tr"))).hasSize(20);
        // the sample's location, device and geo events count on its day, not on the day this test loaded them
        assertThat(driver.findElement(By.id("quality-table")).getText())
                .contains("browser events 1000", "location events 1000", "device events 1000", "geo events 1000");

        // the navigation has the page, marked as the current one
        WebElement active = driver.findElement(By.cssSelector("header nav a.active"));
        assertThat(active.getText()).isEqualTo("Clickstream");
        assertThat(driver.findElements(By.cssSelector("header nav a"))).extracting(WebElement::getText).contains("Clickstream", "Tables", "SQL");
        assertThat(driver.findElements(By.cssSelector(".error"))).isEmpty();
        Browser.screenshot(driver, "clickstream");
        assertThat(Browser.severe(driver)).as("console errors").isEmpty();
    }

    @Test
    void choosing_another_day_shows_that_days_figures() {
        driver.get(base() + ClickstreamPages.PAGE);
        awaitDay(SAMPLE_DAY);
        long sampleSessions = count("SELECT count(*) FROM mart.sessions WHERE " + dayOf("session_start", SAMPLE_DAY));
        long syntheticSessions = count("SELECT count(*) FROM mart.sessions WHERE " + dayOf("session_start", SYNTHETIC_DAY));
        assertThat(syntheticSessions).isPositive().isNotEqualTo(sampleSessions);

        script("const s = document.getElementById('day'); s.value = '" + SYNTHETIC_DAY + "'; s.dispatchEvent(new Event('change'));");
        awaitDay(SYNTHETIC_DAY);
        assertTilesShow(SYNTHETIC_DAY);
        assertThat(((Number) script("return Chart.getChart('hourly-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)")).longValue())
                .isEqualTo(syntheticSessions);
        assertThat(((Number) script("return Chart.getChart('funnel-chart').data.datasets[0].data[0]")).longValue())
                .isEqualTo(count("SELECT reached_home FROM mart.funnel_daily WHERE day = DATE '" + SYNTHETIC_DAY + "'"));
        Browser.screenshot(driver, "clickstream-other-day");
        assertThat(Browser.severe(driver)).as("console errors").isEmpty();
    }

    /** Waits until the page has shown {@code day}'s figures (it marks itself loaded with the day it shows). */
    private void awaitDay(LocalDate day) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(script(
                "const m = document.getElementById('clickstream'); return m.dataset.loaded === 'true' && m.dataset.day === '" + day + "'")));
    }

    /** The tiles against the marts' own figures for {@code day}. */
    private void assertTilesShow(LocalDate day) {
        List<Object> sessions = lake.internalQuery("SELECT count(*), count(DISTINCT click_id), sum(page_views), count(*) FILTER (WHERE converted)"
                + " FROM mart.sessions WHERE " + dayOf("session_start", day)).rows().get(0);
        List<Object> purchases = lake.internalQuery("SELECT count(*), coalesce(sum(items), 0) FROM mart.purchases WHERE " + dayOf("ts", day))
                .rows().get(0);
        long sessionCount = ((Number) sessions.get(0)).longValue();
        long converted = ((Number) sessions.get(3)).longValue();
        assertThat(sessionCount).isPositive();
        assertTile("kpi-sessions", sessionCount);
        assertTile("kpi-visitors", ((Number) sessions.get(1)).longValue());
        assertTile("kpi-page-views", ((Number) sessions.get(2)).longValue());
        assertTile("kpi-purchases", ((Number) purchases.get(0)).longValue());
        assertTile("kpi-items", ((Number) purchases.get(1)).longValue());
        assertThat(driver.findElement(By.id("kpi-conversion")).getText())
                .isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100.0 * converted / sessionCount));
    }

    private void assertTile(String id, long expected) {
        WebElement tile = driver.findElement(By.id(id));
        assertThat(tile.getAttribute("data-value")).as(id).isEqualTo(Long.toString(expected));
        assertThat(tile.getText()).as(id).isEqualTo(String.format(Locale.US, "%,d", expected));
    }

    private List<String> options() {
        return driver.findElements(By.cssSelector("#day option")).stream().map(option -> option.getAttribute("value")).toList();
    }

    private static long count(String sql) {
        return ((Number) lake.internalQuery(sql).rows().get(0).get(0)).longValue();
    }

    private static String dayOf(String column, LocalDate day) {
        return "CAST(timezone('UTC', " + column + ") AS DATE) = DATE '" + day + "'";
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
