package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental runs equal full rebuilds: data arrives in pieces, out of order, across days, with duplicates, late
 * events and orphans; after each piece an incremental run; at the end every table equals a full rebuild of the same
 * raw data, and the marts equal {@link ReferenceClickstream}.
 */
class IncrementalClickstreamTest {
    private static final List<String> TABLES = List.of("stage.clickstream_events", "mart.sessions", "mart.purchases", "mart.purchase_items",
            "mart.funnel_daily", "mart.traffic_sources", "mart.products", "mart.data_quality");

    @TempDir
    Path dir;

    @Test
    void the_sample_arriving_in_three_pieces_out_of_order_builds_what_a_full_run_builds() throws IOException {
        List<String> browser = Files.readAllLines(SampleData.clickstream().resolve("browser_events.jsonl"));
        List<String> location = Files.readAllLines(SampleData.clickstream().resolve("location_events.jsonl"));
        List<String> device = Files.readAllLines(SampleData.clickstream().resolve("device_events.jsonl"));
        List<String> geo = Files.readAllLines(SampleData.clickstream().resolve("geo_events.jsonl"));
        // the files are line-aligned: line i of each describes browser event i
        Piece early = new Piece();
        Piece late = new Piece();
        Piece visitors = new Piece();
        for (int i = 0; i < browser.size(); i++) {
            boolean isEarly = browser.get(i).contains("\"2022-11-28 20:") || browser.get(i).contains("\"2022-11-28 21:0");
            (isEarly ? early : late).browser.add(browser.get(i));
            (isEarly ? early : visitors).location.add(location.get(i));
            visitors.device.add(device.get(i));
            visitors.geo.add(geo.get(i));
        }
        assertThat(early.browser.size()).isBetween(300, 700);
        try (ClickstreamLake lake = ClickstreamLake.open(dir.resolve("lake"))) {
            lake.load(early.write(dir.resolve("early")));
            PipelineRun first = lake.build(BuildMode.INCREMENTAL);
            assertThat(lake.count("SELECT count(*) FROM stage.clickstream_events WHERE has_device")).isZero();
            lake.load(visitors.write(dir.resolve("visitors")));
            PipelineRun second = lake.build(BuildMode.INCREMENTAL);
            assertThat(second.results()).extracting(ModelResult::mode).contains(RunMode.INCREMENTAL);
            assertThat(lake.count("SELECT count(*) FROM stage.clickstream_events WHERE NOT has_device")).isZero();
            lake.load(late.write(dir.resolve("late")));
            lake.build(BuildMode.INCREMENTAL);
            assertThat(first.results()).extracting(ModelResult::mode).containsOnly(RunMode.FULL);

            Map<String, List<String>> incremental = contents(lake);
            lake.build(BuildMode.FULL);
            assertThat(contents(lake)).isEqualTo(incremental);
            assertThat(lake.count("SELECT count(*) FROM mart.purchases")).isEqualTo(35);
            assertThat(lake.count("SELECT count(*) FROM mart.sessions"))
                    .isEqualTo(ReferenceClickstream.ofFolder(SampleData.clickstream()).sessions(30 * 60_000_000L).size());
        }
    }

    @Test
    void three_synthetic_days_loaded_day_by_day_with_late_duplicate_and_orphan_events_build_what_a_full_run_builds() throws IOException {
        List<Path> files = dailyFiles("synthetic:clickstream,visitors=250,days=3,seed=5");
        // a duplicate of a first-day page view and an event of the first day that comes late, both with the third day;
        // a location event of no page view and a geo event of no visitor; a visitor whose session goes past midnight
        String firstDayBrowser = Files.readAllLines(files.stream().filter(file -> file.getFileName().toString()
                .startsWith("browser_events_2022-11-28")).findFirst().orElseThrow()).get(300);
        String lateEvent = firstDayBrowser.replaceFirst("\"event_id\": \"[^\"]+\"", "\"event_id\": \"late-1\"")
                .replaceFirst("2022-11-28 20:", "2022-11-28 23:");
        Path extras = Files.createDirectories(dir.resolve("extras"));
        Files.writeString(extras.resolve("browser_events_extra.jsonl"), firstDayBrowser + "\n" + lateEvent + "\n"
                + night("night-2", "2022-12-01 00:10:00.5") + night("night-3", "2022-12-01 00:30:00"));
        // the visitor's first page view comes with the last day, the rest of its session (past midnight) later
        Path owl = Files.writeString(Files.createDirectories(dir.resolve("owl")).resolve("browser_events_owl.jsonl"),
                night("night-1", "2022-11-30 23:50:00.000001"));
        String firstDayLocation = Files.readAllLines(files.stream().filter(file -> file.getFileName().toString()
                .startsWith("location_events_2022-11-28")).findFirst().orElseThrow()).get(100);
        Files.writeString(extras.resolve("location_events_extra.jsonl"), firstDayLocation + "\n" + "{\"event_id\": \"late-1\", \"page_url\": \"http://www.dummywebsite.com/product_z\", "
                + "\"page_url_path\": \"/product_z\", \"referer_url\": \"www.bing.com\", \"referer_medium\": \"search\", \"utm_medium\": \"cpc\", "
                + "\"utm_source\": \"bing\", \"utm_content\": \"ad_1\", \"utm_campaign\": \"campaign_1\"}\n"
                + "{\"event_id\": \"nobody\", \"page_url_path\": \"/home\", \"utm_source\": \"bing\"}\n"
                + "{\"event_id\": \"night-2\", \"page_url_path\": \"/product_c\", \"utm_source\": \"newsletter\"}\n"
                + "{\"event_id\": \"night-3\", \"page_url_path\": \"/confirmation\", \"utm_source\": \"newsletter\"}\n");
        Files.writeString(extras.resolve("geo_events_extra.jsonl"), "{\"click_id\": \"stranger\", \"geo_latitude\": \"1.5\", \"geo_country\": \"DE\"}\n");

        try (ClickstreamLake lake = ClickstreamLake.open(dir.resolve("lake"))) {
            for (String day : List.of("2022-11-28", "2022-11-29", "2022-11-30")) {
                // each day's events are loaded late that day, as a stream would have them
                Instant evening = LocalDate.parse(day).atTime(23, 30).toInstant(ZoneOffset.UTC);
                loadDay(lake, files, day, evening);
                if (day.equals("2022-11-30")) {
                    lake.load(owl, evening);
                }
                PipelineRun run = lake.build(BuildMode.INCREMENTAL);
                if (!day.equals("2022-11-28")) {
                    ModelResult stage = run.results().get(0);
                    // every model but data quality only the days it must (data quality recounts everything while the
                    // days it would recount hold more than an eighth of the rows)
                    assertThat(run.results().subList(0, 7)).extracting(ModelResult::mode).containsOnly(RunMode.INCREMENTAL);
                    // visitors of the first day come back on the third: the stage rewrites the days of their new
                    // sessions (and of sessions running past midnight), not every day they were seen on
                    assertThat(stage.recomputed()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
                    if (day.equals("2022-11-30")) {
                        assertThat(lake.count("SELECT count(DISTINCT click_id) FROM stage.clickstream_events WHERE event_timestamp < TIMESTAMPTZ '2022-11-29 00:00:00+00' "
                                + "AND click_id IN (SELECT click_id FROM raw.browser_events WHERE event_timestamp >= TIMESTAMPTZ '2022-11-30 00:00:00+00')")).isPositive();
                        assertThat(stage.recomputed()).extracting(TimeWindow::start)
                                .doesNotContain(LocalDate.of(2022, 11, 28).atStartOfDay(ZoneOffset.UTC).toInstant());
                    }
                }
            }
            // whether an input has copies is recorded with the stage and, for new files, asked of them alone
            assertThat(stageSummary(lake)).containsEntry("urbanflow.copies.raw.browser_events", "false")
                    .containsEntry("urbanflow.copies.raw.location_events", "false");
            lake.load(extras, Instant.parse("2022-12-02T12:00:00Z"));
            PipelineRun extraRun = lake.build(BuildMode.INCREMENTAL);
            assertThat(stageSummary(lake)).containsEntry("urbanflow.copies.raw.browser_events", "true")
                    .containsEntry("urbanflow.copies.raw.location_events", "true").containsEntry("urbanflow.copies.raw.geo_events", "false");
            assertThat(extraRun.results().subList(0, 7)).extracting(ModelResult::mode).containsOnly(RunMode.INCREMENTAL);
            assertThat(extraRun.results().get(0).recomputed().get(0).start()).isEqualTo(LocalDate.of(2022, 11, 28).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());

            Map<String, List<String>> incremental = contents(lake);
            lake.build(BuildMode.FULL);
            assertThat(contents(lake)).isEqualTo(incremental);

            assertThat(lake.count("SELECT sum(duplicate_browser_events) FROM mart.data_quality")).isEqualTo(1);
            assertThat(lake.count("SELECT sum(orphan_location_events) FROM mart.data_quality")).isEqualTo(1);
            assertThat(lake.count("SELECT sum(duplicate_location_events) FROM mart.data_quality")).isEqualTo(1);
            assertThat(lake.count("SELECT sum(clicks_without_device) FROM mart.data_quality")).as("the owl").isEqualTo(1);
            assertThat(lake.count("SELECT sum(orphan_geo_events) FROM mart.data_quality")).isEqualTo(1);
            assertThat(lake.count("SELECT count(*) FROM stage.clickstream_events WHERE event_id = 'late-1' AND product_id = 'z'")).isEqualTo(1);
            assertThat(lake.count("SELECT count(*) FROM raw.browser_events") - 1).isEqualTo(lake.count("SELECT count(*) FROM stage.clickstream_events"));

            List<Path> everything = new ArrayList<>(files);
            everything.add(owl);
            try (Stream<Path> listing = Files.list(extras)) {
                everything.addAll(listing.sorted().toList());
            }
            ReferenceClickstream reference = ReferenceClickstream.of(everything);
            assertThat(lake.count("SELECT count(*) FROM mart.sessions")).isEqualTo(reference.sessions(30 * 60_000_000L).size());
            assertThat(lake.count("SELECT count(*) FROM mart.purchases")).isEqualTo(reference.purchases(30 * 60_000_000L).size());
            assertThat(lake.rows("SELECT page_views, furthest_step, purchases, source FROM mart.sessions WHERE click_id = 'owl'"))
                    .containsExactly(List.of(3, "confirmation", 1, "(unknown)"));
            assertThat(lake.rows("SELECT items, empty_cart FROM mart.purchases WHERE click_id = 'owl'")).containsExactly(List.of(1, false));
            // orphans count on the day they were loaded (the extras came last); everything else on its page view's day
            LocalDate loaded = (LocalDate) lake.rows("SELECT CAST(timezone('UTC', max(ingested_at)) AS DATE) FROM raw.geo_events").get(0).get(0);
            assertThat(ClickstreamModelsTest.qualityRows(lake))
                    .isEqualTo(ClickstreamModelsTest.qualityOf(reference.dataQuality(30 * 60_000_000L, loaded)))
                    .containsOnlyKeys(LocalDate.of(2022, 11, 28), LocalDate.of(2022, 11, 29), LocalDate.of(2022, 11, 30),
                            LocalDate.of(2022, 12, 1), loaded);
        }
    }

    @Test
    void twenty_days_streamed_day_by_day_rewrite_and_recount_only_the_last_days_and_build_what_a_full_run_builds() throws IOException {
        List<Path> files = dailyFiles("synthetic:clickstream,visitors=40,days=20,seed=11,start=2022-11-01");
        // orphans that find their page view a day later: a location event loaded on day 18 (its page view on day 19),
        // a new visitor's geo event loaded on day 19 (its page view on day 20)
        Map<Integer, List<Path>> extras = Map.of(
                18, List.of(extra("location_events_early.jsonl", "{\"event_id\": \"late-2\", \"page_url_path\": \"/cart\", \"utm_source\": \"newsletter\"}")),
                19, List.of(extra("browser_events_late.jsonl", "{\"event_id\": \"late-2\", \"event_timestamp\": \"2022-11-19 12:00:00\", "
                                + "\"event_type\": \"pageview\", \"click_id\": \"latecomer-1\", \"browser_name\": \"Firefox\"}"),
                        extra("geo_events_early.jsonl", "{\"click_id\": \"latecomer-2\", \"geo_latitude\": \"1.5\", \"geo_country\": \"DE\"}")),
                20, List.of(extra("browser_events_later.jsonl", "{\"event_id\": \"late-3\", \"event_timestamp\": \"2022-11-20 12:00:00\", "
                        + "\"event_type\": \"pageview\", \"click_id\": \"latecomer-2\", \"browser_name\": \"Firefox\"}")));
        String orphanLocations = "SELECT orphan_location_events FROM mart.data_quality WHERE day = DATE '2022-11-18'";
        String orphanGeo = "SELECT orphan_geo_events FROM mart.data_quality WHERE day = DATE '2022-11-19'";
        try (ClickstreamLake lake = ClickstreamLake.open(dir.resolve("lake"))) {
            PipelineRun run = null;
            for (int d = 1; d <= 20; d++) {
                String day = "2022-11-%02d".formatted(d);
                Instant evening = LocalDate.parse(day).atTime(23, 30).toInstant(ZoneOffset.UTC);
                loadDay(lake, files, day, evening);
                for (Path extra : extras.getOrDefault(d, List.of())) {
                    lake.load(extra, evening);
                }
                run = lake.build(BuildMode.INCREMENTAL);
                ModelResult quality = run.results().get(7);
                assertThat(quality.model()).isEqualTo("mart.data_quality");
                if (d == 18) {
                    assertThat(lake.count(orphanLocations)).isEqualTo(1);
                } else if (d == 19) {
                    // data quality recounts the days of the new rows and the day the orphan was loaded on, not all
                    assertThat(quality.mode()).isEqualTo(RunMode.INCREMENTAL);
                    assertThat(quality.recomputed()).extracting(TimeWindow::start).allSatisfy(start ->
                            assertThat(start).isAfterOrEqualTo(Instant.parse("2022-11-18T00:00:00Z")));
                    assertThat(lake.count(orphanLocations)).isZero();
                    assertThat(lake.count(orphanGeo)).isEqualTo(1);
                } else if (d == 20) {
                    assertThat(quality.mode()).isEqualTo(RunMode.INCREMENTAL);
                    assertThat(quality.recomputed()).extracting(TimeWindow::start).allSatisfy(start ->
                            assertThat(start).isAfterOrEqualTo(Instant.parse("2022-11-19T00:00:00Z")));
                    assertThat(lake.count(orphanGeo)).isZero();
                }
            }
            // the last run rewrites the stage from day 20 on, though visitors of earlier days came back;
            // the sessions mart adds the start days of sessions that reach it
            ModelResult stage = run.results().get(0);
            assertThat(lake.count("SELECT count(DISTINCT click_id) FROM stage.clickstream_events WHERE event_timestamp < TIMESTAMPTZ '2022-11-19 00:00:00+00' "
                    + "AND click_id IN (SELECT click_id FROM raw.browser_events WHERE event_timestamp >= TIMESTAMPTZ '2022-11-20 00:00:00+00')")).isPositive();
            assertThat(stage.recomputed()).extracting(TimeWindow::start).allSatisfy(start ->
                    assertThat(start).isAfterOrEqualTo(Instant.parse("2022-11-20T00:00:00Z")));
            assertThat(run.results().get(1).recomputed()).extracting(TimeWindow::start).allSatisfy(start ->
                    assertThat(start).isAfterOrEqualTo(Instant.parse("2022-11-19T00:00:00Z")));

            Map<String, List<String>> incremental = contents(lake);
            lake.build(BuildMode.FULL);
            assertThat(contents(lake)).isEqualTo(incremental);
        }
    }

    /** The generator's events written to daily files, sorted by name. */
    private List<Path> dailyFiles(String generator) throws IOException {
        Path daily = dir.resolve("daily");
        new ClickstreamFileWriter(daily, ClickstreamFileWriter.Layout.DAILY, ClickstreamFileWriter.Compression.NONE)
                .write(SyntheticClickstream.open(SyntheticClickstream.Options.parse(generator)), RejectSink.strict());
        try (Stream<Path> listing = Files.list(daily)) {
            return listing.sorted().toList();
        }
    }

    /** Loads the files of events on {@code day}, as if at {@code at}. */
    private static void loadDay(ClickstreamLake lake, List<Path> files, String day, Instant at) {
        for (Path file : files) {
            if (file.getFileName().toString().contains("_" + day + ".")) {
                lake.load(file, at);
            }
        }
    }

    /** A folder of one file of one line, to load. */
    private Path extra(String file, String line) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(file.replace(".jsonl", "")));
        Files.writeString(folder.resolve(file), line + "\n");
        return folder;
    }

    private static String night(String eventId, String timestamp) {
        return "{\"event_id\": \"" + eventId + "\", \"event_timestamp\": \"" + timestamp + "\", \"event_type\": \"pageview\", "
                + "\"click_id\": \"owl\", \"browser_name\": \"Firefox\"}\n";
    }

    /** Every row of every clickstream table, as text, sorted. */
    private static Map<String, List<String>> contents(ClickstreamLake lake) {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (String table : TABLES) {
            List<String> rows = new ArrayList<>();
            lake.rows("SELECT * FROM " + table + " ORDER BY ALL").forEach(row -> rows.add(row.toString()));
            contents.put(table, rows);
        }
        assertThat(contents.get("mart.sessions")).isNotEmpty();
        return contents;
    }

    /** Lines of the four files for one load. */
    private static final class Piece {
        final List<String> browser = new ArrayList<>();
        final List<String> location = new ArrayList<>();
        final List<String> device = new ArrayList<>();
        final List<String> geo = new ArrayList<>();

        Path write(Path folder) throws IOException {
            Files.createDirectories(folder);
            for (Map.Entry<String, List<String>> file : Map.of("browser_events.jsonl", browser, "location_events.jsonl", location,
                    "device_events.jsonl", device, "geo_events.jsonl", geo).entrySet()) {
                if (!file.getValue().isEmpty()) {
                    Files.write(folder.resolve(file.getKey()), file.getValue());
                }
            }
            return folder;
        }
    }

    private static Map<String, String> stageSummary(ClickstreamLake lake) {
        org.apache.iceberg.Table stage = lake.lake.table("stage.clickstream_events");
        stage.refresh();
        return stage.currentSnapshot().summary();
    }
}
