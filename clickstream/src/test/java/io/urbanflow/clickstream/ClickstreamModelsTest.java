package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.ingest.FileLoader;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models on the real sample (four files of 1,000 events, 99 visitors), each mart compared with
 * {@link ReferenceClickstream}'s plain-Java computation of the rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickstreamModelsTest {
    private static final long THIRTY_MINUTES = 30 * 60_000_000L;

    private ClickstreamLake lake;
    private ReferenceClickstream reference;
    private PipelineRun firstRun;

    @BeforeAll
    void loadTheSampleAndBuild(@TempDir Path dir) {
        lake = ClickstreamLake.open(dir);
        for (EventKind kind : EventKind.values()) {
            List<FileLoader.Result> loaded = lake.load(SampleData.clickstream().resolve(kind.fileStem() + ".jsonl"));
            assertThat(loaded.get(0).rows()).isEqualTo(1000);
        }
        reference = ReferenceClickstream.ofFolder(SampleData.clickstream());
        firstRun = lake.build(BuildMode.INCREMENTAL);
    }

    @AfterAll
    void close() {
        lake.close();
    }

    @Test
    void the_first_run_builds_every_model_in_full_and_the_next_finds_them_up_to_date() {
        assertThat(firstRun.results()).extracting(ModelResult::model).containsExactly(
                "stage.clickstream_events", "mart.sessions", "mart.purchases", "mart.purchase_items", "mart.funnel_daily",
                "mart.traffic_sources", "mart.products", "mart.data_quality");
        assertThat(firstRun.results()).extracting(ModelResult::mode).containsOnly(RunMode.FULL);
        assertThat(lake.build(BuildMode.INCREMENTAL).results()).extracting(ModelResult::mode).containsOnly(RunMode.UP_TO_DATE);
    }

    @Test
    void loading_a_file_again_adds_nothing() {
        FileLoader.Result again = lake.load(SampleData.clickstream().resolve("browser_events.jsonl")).get(0);
        assertThat(again.skipped()).isTrue();
        assertThat(lake.count("SELECT count(*) FROM raw.browser_events")).isEqualTo(1000);
    }

    @Test
    void the_stage_has_one_typed_row_per_event_with_its_page_category_product_and_place() {
        assertThat(lake.count("SELECT count(*) FROM stage.clickstream_events")).isEqualTo(reference.events.size()).isEqualTo(1000);
        Set<String> expected = new HashSet<>();
        for (ReferenceClickstream.Event event : reference.events) {
            expected.add(String.join("|", event.eventId(), event.clickId(), Long.toString(event.micros()), event.category(),
                    String.valueOf(event.productId()), event.source(), String.valueOf(event.deviceType()), String.valueOf(event.country()),
                    String.valueOf(event.latitude()), Boolean.toString(event.hasLocation() && event.hasDevice() && event.hasGeo())));
        }
        Set<String> actual = new HashSet<>();
        for (List<Object> row : lake.rows("""
                SELECT event_id, click_id, epoch_us(event_timestamp), page_category, product_id,
                       coalesce(utm_source, referer_domain, '(direct)'), device_type, geo_country, geo_latitude,
                       has_location AND has_device AND has_geo
                FROM stage.clickstream_events""")) {
            actual.add(String.join("|", String.valueOf(row.get(0)), String.valueOf(row.get(1)), String.valueOf(row.get(2)),
                    String.valueOf(row.get(3)), String.valueOf(row.get(4)), String.valueOf(row.get(5)), String.valueOf(row.get(6)),
                    String.valueOf(row.get(7)), String.valueOf(row.get(8)), String.valueOf(row.get(9))));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(lake.rows("SELECT DISTINCT page_category FROM stage.clickstream_events ORDER BY 1")).extracting(row -> row.get(0))
                .containsExactly("cart", "confirmation", "home", "payment", "product");
    }

    @Test
    void sessions_split_each_click_id_at_gaps_over_thirty_minutes() {
        List<ReferenceClickstream.Session> expected = reference.sessions(THIRTY_MINUTES);
        assertThat(sessionRows()).isEqualTo(sessionKeys(expected));
        assertThat(expected.size()).as("the sample has visitors coming back after a pause").isGreaterThan(99);
    }

    @Test
    void an_unlimited_session_timeout_gives_one_session_per_click_id() {
        lake.build(BuildMode.INCREMENTAL, Settings.of(Map.of(ClickstreamConfig.SESSION_TIMEOUT, "unlimited")));
        try {
            assertThat(sessionRows()).isEqualTo(sessionKeys(reference.sessions(Long.MAX_VALUE)));
            assertThat(lake.count("SELECT count(*) FROM mart.sessions")).isEqualTo(99);
        } finally {
            lake.build(BuildMode.INCREMENTAL);
        }
        assertThat(sessionRows()).isEqualTo(sessionKeys(reference.sessions(THIRTY_MINUTES)));
    }

    private Set<String> sessionRows() {
        Set<String> rows = new HashSet<>();
        for (List<Object> row : lake.rows("""
                SELECT session_id, click_id, epoch_us(session_start), epoch_us(session_end), round(duration_seconds * 1e6),
                       page_views, landing_page, exit_page, source, medium, campaign, device_type, os_name, browser_name, country,
                       products_added, furthest_step, converted, purchases
                FROM mart.sessions""")) {
            List<String> text = new ArrayList<>();
            row.forEach(value -> text.add(value instanceof Number number && !(value instanceof Integer) && !(value instanceof Long)
                    ? Long.toString(number.longValue()) : String.valueOf(value)));
            rows.add(String.join("|", text));
        }
        return rows;
    }

    private static Set<String> sessionKeys(List<ReferenceClickstream.Session> sessions) {
        Set<String> keys = new HashSet<>();
        for (ReferenceClickstream.Session s : sessions) {
            keys.add(String.join("|", s.sessionId(), s.clickId(), Long.toString(s.startMicros()), Long.toString(s.endMicros()),
                    Long.toString(s.endMicros() - s.startMicros()), Integer.toString(s.pageViews()), String.valueOf(s.landingPage()),
                    String.valueOf(s.exitPage()), s.source(), s.medium(), s.campaign(), String.valueOf(s.deviceType()),
                    String.valueOf(s.osName()), String.valueOf(s.browserName()), String.valueOf(s.country()),
                    Integer.toString(s.productsAdded()), s.furthestStep(), Boolean.toString(s.converted()), Integer.toString(s.purchases())));
        }
        return keys;
    }

    @Test
    void purchases_pay_the_products_added_since_the_click_ids_previous_confirmation() {
        List<ReferenceClickstream.Purchase> expected = reference.purchases(THIRTY_MINUTES);
        Set<String> expectedRows = new HashSet<>();
        for (ReferenceClickstream.Purchase p : expected) {
            expectedRows.add(String.join("|", p.eventId(), p.clickId(), p.sessionId(), Long.toString(p.micros()), Integer.toString(p.items()),
                    Integer.toString(p.distinctProducts()), Boolean.toString(p.emptyCart())));
        }
        Set<String> actual = new HashSet<>();
        for (List<Object> row : lake.rows("SELECT event_id, click_id, session_id, epoch_us(ts), items, distinct_products, empty_cart FROM mart.purchases")) {
            actual.add(String.join("|", row.stream().map(String::valueOf).toList()));
        }
        assertThat(actual).isEqualTo(expectedRows);
        assertThat(expected).hasSize(35);
        assertThat(expected).as("the sample has a confirmation with nothing in the cart").anyMatch(ReferenceClickstream.Purchase::emptyCart);
    }

    @Test
    void purchase_items_list_each_product_of_a_purchase_with_its_quantity() {
        Set<String> expected = new HashSet<>();
        for (ReferenceClickstream.Purchase p : reference.purchases(THIRTY_MINUTES)) {
            p.quantities().forEach((product, quantity) -> expected.add(String.join("|", p.eventId(), p.sessionId(), product, quantity.toString())));
        }
        Set<String> actual = new HashSet<>();
        for (List<Object> row : lake.rows("SELECT event_id, session_id, product_id, quantity FROM mart.purchase_items")) {
            actual.add(String.join("|", row.stream().map(String::valueOf).toList()));
        }
        assertThat(actual).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void the_funnel_counts_the_sessions_reaching_each_step_per_day() {
        Map<LocalDate, long[]> expected = new TreeMap<>();
        for (ReferenceClickstream.Session session : reference.sessions(THIRTY_MINUTES)) {
            long[] counts = expected.computeIfAbsent(session.day(), day -> new long[6]);
            counts[0]++;
            int step = List.of("none", "home", "product", "cart", "payment", "confirmation").indexOf(session.furthestStep());
            for (int reached = 1; reached <= step; reached++) {
                counts[reached]++;
            }
        }
        List<List<Object>> rows = lake.rows("""
                SELECT day, sessions, reached_home, reached_product, reached_cart, reached_payment, reached_confirmation,
                       home_to_product_rate, product_to_cart_rate, cart_to_payment_rate, payment_to_confirmation_rate, conversion_rate
                FROM mart.funnel_daily ORDER BY day""");
        assertThat(rows).hasSize(expected.size());
        int index = 0;
        for (Map.Entry<LocalDate, long[]> day : expected.entrySet()) {
            List<Object> row = rows.get(index++);
            long[] c = day.getValue();
            assertThat(row.subList(0, 7)).containsExactly(day.getKey(), c[0], c[1], c[2], c[3], c[4], c[5]);
            assertThat((Double) row.get(7)).isCloseTo((double) c[2] / c[1], org.assertj.core.data.Offset.offset(1e-12));
            assertThat((Double) row.get(8)).isCloseTo((double) c[3] / c[2], org.assertj.core.data.Offset.offset(1e-12));
            assertThat((Double) row.get(9)).isCloseTo((double) c[4] / c[3], org.assertj.core.data.Offset.offset(1e-12));
            assertThat((Double) row.get(10)).isCloseTo((double) c[5] / c[4], org.assertj.core.data.Offset.offset(1e-12));
            assertThat((Double) row.get(11)).isCloseTo((double) c[5] / c[0], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void traffic_sources_count_sessions_conversions_and_purchases_per_source_medium_and_campaign() {
        Map<String, long[]> expected = new TreeMap<>();
        for (ReferenceClickstream.Session s : reference.sessions(THIRTY_MINUTES)) {
            long[] counts = expected.computeIfAbsent(String.join("|", s.day().toString(), s.source(), s.medium(), s.campaign()), key -> new long[3]);
            counts[0]++;
            counts[1] += s.converted() ? 1 : 0;
            counts[2] += s.purchases();
        }
        Map<String, long[]> actual = new TreeMap<>();
        for (List<Object> row : lake.rows("SELECT day, source, medium, campaign, sessions, converted_sessions, purchases, conversion_rate FROM mart.traffic_sources")) {
            actual.put(String.join("|", row.get(0).toString(), (String) row.get(1), (String) row.get(2), (String) row.get(3)),
                    new long[] {(Long) row.get(4), (Long) row.get(5), (Long) row.get(6)});
            assertThat((Double) row.get(7)).isCloseTo((double) (Long) row.get(5) / (Long) row.get(4), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, counts) -> assertThat(actual.get(key)).as(key).containsExactly(counts));
    }

    @Test
    void products_count_adds_by_day_of_the_view_and_purchases_by_day_of_the_confirmation() {
        Map<String, long[]> expected = new TreeMap<>();
        for (ReferenceClickstream.Event event : reference.events) {
            if (event.category().equals("product")) {
                expected.computeIfAbsent(ReferenceClickstream.dayOf(event.micros()) + "|" + event.productId(), key -> new long[3])[0]++;
            }
        }
        for (ReferenceClickstream.Purchase p : reference.purchases(THIRTY_MINUTES)) {
            p.quantities().forEach((product, quantity) -> {
                long[] counts = expected.computeIfAbsent(ReferenceClickstream.dayOf(p.micros()) + "|" + product, key -> new long[3]);
                counts[1]++;
                counts[2] += quantity;
            });
        }
        Map<String, long[]> actual = new TreeMap<>();
        for (List<Object> row : lake.rows("SELECT day, product_id, adds, purchases, purchased_quantity FROM mart.products")) {
            actual.put(row.get(0) + "|" + row.get(1), new long[] {(Long) row.get(2), (Long) row.get(3), (Long) row.get(4)});
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet()).contains("2022-11-28|a", "2022-11-28|b");
        expected.forEach((key, counts) -> assertThat(actual.get(key)).as(key).containsExactly(counts));
    }

    @Test
    void data_quality_counts_every_event_on_its_page_views_day_and_finds_no_duplicates_or_orphans_in_the_sample() {
        long emptyCarts = reference.purchases(THIRTY_MINUTES).stream().filter(ReferenceClickstream.Purchase::emptyCart).count();
        // location, device and geo events count on their page view's day, not on the day they were loaded: one row
        assertThat(qualityRows(lake)).containsExactly(Map.entry(LocalDate.of(2022, 11, 28),
                List.of(1000L, 0L, 0L, 1000L, 0L, 0L, 1000L, 0L, 1000L, 0L, 0L, 0L, 0L, emptyCarts)));
        assertThat(qualityRows(lake)).isEqualTo(qualityOf(reference.dataQuality(THIRTY_MINUTES, LocalDate.of(2000, 1, 1))));
    }

    /** {@code mart.data_quality} as day -> figures in {@link ReferenceClickstream#QUALITY_FIGURES} order. */
    static Map<LocalDate, List<Long>> qualityRows(ClickstreamLake lake) {
        Map<LocalDate, List<Long>> rows = new TreeMap<>();
        for (List<Object> row : lake.rows("SELECT day, " + String.join(", ", ReferenceClickstream.QUALITY_FIGURES) + " FROM mart.data_quality")) {
            List<Long> figures = new ArrayList<>();
            row.subList(1, row.size()).forEach(value -> figures.add(((Number) value).longValue()));
            rows.put((LocalDate) row.get(0), figures);
        }
        return rows;
    }

    static Map<LocalDate, List<Long>> qualityOf(Map<LocalDate, long[]> reference) {
        Map<LocalDate, List<Long>> rows = new TreeMap<>();
        reference.forEach((day, figures) -> rows.put(day, java.util.Arrays.stream(figures).boxed().toList()));
        return rows;
    }
}
