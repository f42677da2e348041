package io.urbanflow.clickstream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.clickstream.ClickstreamDomain;
import io.urbanflow.clickstream.EventKind;
import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.PageContext;
import io.urbanflow.ingest.FileLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryResult;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints over a lake built from the real sample, their answers checked against SQL over the raw data. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickstreamPagesTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ClickstreamDomain DOMAIN = new ClickstreamDomain();

    private Lake lake;
    private DuckDbQueryEngine engine;
    private DashboardPages pages;

    @BeforeAll
    void buildTheSampleLake(@TempDir Path dir) throws Exception {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
        Sources sources = new Sources(DOMAIN.formats(), DOMAIN.generators());
        FileLoader loader = new FileLoader(lake, DOMAIN.topics(), Clock.systemUTC());
        for (EventKind kind : EventKind.values()) {
            Path file = SampleData.clickstream().resolve(kind.fileStem() + ".jsonl");
            loader.load(sources.open(file, SourceOptions.defaults()), FileLoader.fingerprint(file), RejectSink.strict());
        }
        try (Connection duckdb = engine.trustedConnection()) {
            new PipelineRunner(ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC()), DOMAIN.models()).run(BuildMode.FULL);
        }
        pages = DOMAIN.pages(context(Optional.of(new EngineLakeAccess(lake, engine)))).orElseThrow();
    }

    @AfterAll
    void close() {
        engine.close();
        lake.close();
    }

    private static PageContext context(Optional<LakeAccess> access) {
        return new PageContext(access, Optional.empty(), LiveStart.earliest(), Settings.empty(), Clock.systemUTC(), Duration.ofSeconds(1));
    }

    @Test
    void links_the_clickstream_page_whose_files_and_element_ids_are_in_the_jar() throws IOException {
        assertThat(pages.links()).containsExactly(new DashboardPages.PageLink("Clickstream", "/clickstream.html"));
        String html = resource("/public-clickstream/clickstream.html");
        for (String id : List.of("day", "kpi-sessions", "kpi-conversion", "kpi-purchases", "kpi-items", "kpi-visitors", "kpi-page-views",
                "hourly-chart", "funnel-chart", "funnel-table", "sources-table", "products-table", "purchases-table", "quality-table", "message")) {
            assertThat(html).as(id).contains("id=\"" + id + "\"");
        }
        assertThat(html).contains("/js/clickstream.js", "/webjars/chart.js/4.4.1/dist/chart.umd.js", "/css/app.css");
        String script = resource("/public-clickstream/js/clickstream.js");
        for (Endpoint endpoint : pages.endpoints()) {
            assertThat(script).as(endpoint.path()).contains("/api/" + endpoint.path());
        }
    }

    @Test
    void the_summary_answers_the_kpis_of_the_latest_day() {
        Map<String, Object> summary = call("clickstream/summary", Map.of());
        assertThat(summary.get("day")).isEqualTo("2022-11-28");
        assertThat(summary.get("days")).isEqualTo(List.of("2022-11-28"));
        List<Object> expected = sql("""
                WITH b AS (SELECT * FROM raw.browser_events), l AS (SELECT * FROM raw.location_events)
                SELECT count(DISTINCT b.click_id), count(*), count(*) FILTER (WHERE l.page_url_path = '/confirmation')
                FROM b JOIN l USING (event_id)""").get(0);
        assertThat(summary.get("visitors")).isEqualTo(expected.get(0));
        assertThat(summary.get("pageViews")).isEqualTo(expected.get(1));
        assertThat(summary.get("purchases")).isEqualTo(expected.get(2));
        long sessions = (Long) summary.get("sessions");
        assertThat(sessions).isEqualTo(sql("SELECT count(*) FROM mart.sessions").get(0).get(0));
        assertThat((Double) summary.get("conversionRate")).isEqualTo((double) (Long) summary.get("convertedSessions") / sessions);
        assertThat(summary.get("items")).isEqualTo(((Number) sql("SELECT sum(quantity) FROM mart.purchase_items").get(0).get(0)).longValue());
    }

    @Test
    void hourly_figures_add_up_to_the_days_sessions_and_purchases() {
        Map<String, Object> hourly = call("clickstream/hourly", Map.of("day", "2022-11-28"));
        assertThat(list(hourly.get("hours"))).hasSize(24).startsWith("00:00").endsWith("23:00");
        List<?> sessions = (List<?>) hourly.get("sessions");
        assertThat(sessions.stream().mapToLong(value -> (Long) value).sum()).isEqualTo(sql("SELECT count(*) FROM mart.sessions").get(0).get(0));
        assertThat(((List<?>) hourly.get("purchases")).stream().mapToLong(value -> (Long) value).sum()).isEqualTo(35);
        assertThat(sessions.get(20)).as("the sample starts at 20:51").isNotEqualTo(0L);
        assertThat(sessions.get(3)).isEqualTo(0L);
    }

    @Test
    void the_funnel_lists_the_five_steps_with_their_rates() {
        Map<String, Object> funnel = call("clickstream/funnel", Map.of());
        List<Object> steps = list(funnel.get("steps"));
        assertThat(steps).extracting(step -> (Object) ((Map<?, ?>) step).get("step")).containsExactly("home", "product", "cart", "payment", "confirmation");
        List<Object> row = sql("SELECT reached_product, reached_cart, reached_confirmation, conversion_rate FROM mart.funnel_daily").get(0);
        assertThat(((Map<?, ?>) steps.get(1)).get("sessions")).isEqualTo(row.get(0));
        assertThat((Double) ((Map<?, ?>) steps.get(2)).get("rate")).isEqualTo((double) (Long) row.get(1) / (Long) row.get(0));
        assertThat(((Map<?, ?>) steps.get(0)).get("rate")).isNull();
        assertThat(funnel.get("conversionRate")).isEqualTo(row.get(3));
    }

    @Test
    void sources_and_products_are_ranked_and_limited() {
        List<?> sources = (List<?>) call("clickstream/sources", Map.of("limit", "3")).get("rows");
        assertThat(sources).hasSize(3);
        List<Long> sessions = sources.stream().map(source -> (Long) ((Map<?, ?>) source).get("sessions")).toList();
        assertThat(sessions).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(sessions.get(0)).isEqualTo(sql("SELECT max(sessions) FROM mart.traffic_sources").get(0).get(0));
        List<Object> products = list(call("clickstream/products", Map.of()).get("rows"));
        assertThat(products).extracting(product -> (Object) ((Map<?, ?>) product).get("product")).containsExactly("a", "b");
        assertThat(((Map<?, ?>) products.get(0)).get("adds")).isEqualTo(236L);
    }

    @Test
    void recent_purchases_come_newest_first_with_their_products() {
        List<?> rows = (List<?>) call("clickstream/purchases", Map.of("limit", "5")).get("rows");
        assertThat(rows).hasSize(5);
        Map<?, ?> newest = (Map<?, ?>) rows.get(0);
        List<Object> expected = sql("""
                SELECT p.click_id, p.items, string_agg(i.product_id || CASE WHEN i.quantity > 1 THEN '×' || i.quantity ELSE '' END, ', ' ORDER BY i.product_id)
                FROM mart.purchases p LEFT JOIN mart.purchase_items i USING (event_id)
                GROUP BY p.event_id, p.click_id, p.items, p.ts ORDER BY p.ts DESC LIMIT 1""").get(0);
        assertThat(newest.get("clickId")).isEqualTo(expected.get(0));
        assertThat(newest.get("items")).isEqualTo(((Number) expected.get(1)).longValue());
        assertThat(newest.get("products")).isEqualTo(expected.get(2));
        assertThat((String) newest.get("ts")).startsWith("2022-11-28T21:");
        assertThat(rows).extracting(row -> (String) ((Map<?, ?>) row).get("ts")).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void data_quality_answers_the_days_figures() {
        Map<?, ?> figures = (Map<?, ?>) call("clickstream/quality", Map.of("day", "2022-11-28")).get("figures");
        assertThat(figures.get("browser_events")).isEqualTo(1000L);
        assertThat(figures.get("duplicate_browser_events")).isEqualTo(0L);
        assertThat(((Map<?, ?>) call("clickstream/quality", Map.of("day", "2000-01-01")).get("figures"))).isEmpty();
    }

    @Test
    void a_bad_parameter_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> call("clickstream/summary", Map.of("day", "yesterday")))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot read day 'yesterday': expected a date such as 2022-11-28");
        assertThatThrownBy(() -> call("clickstream/purchases", Map.of("limit", "0")))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot read limit '0': expected a whole number from 1 to 1000");
    }

    @Test
    void a_lake_without_clickstream_tables_answers_what_is_missing(@TempDir Path empty) {
        try (Lake emptyLake = Lake.open(LakeConfig.defaults(empty)); DuckDbQueryEngine emptyEngine = DuckDbQueryEngine.open(emptyLake)) {
            DashboardPages emptyPages = DOMAIN.pages(context(Optional.of(new EngineLakeAccess(emptyLake, emptyEngine)))).orElseThrow();
            for (Endpoint endpoint : emptyPages.endpoints()) {
                Map<String, Object> answer = parse(endpoint.handler().handle(request(Map.of())).json());
                assertThat((String) answer.get("missing")).as(endpoint.path()).startsWith("mart.");
                assertThat((String) answer.get("message")).startsWith("no data yet");
            }
            assertThat(emptyPages.health()).containsKey("status");
        }
        DashboardPages noLake = DOMAIN.pages(context(Optional.empty())).orElseThrow();
        assertThat(parse(noLake.endpoints().get(0).handler().handle(request(Map.of())).json())).containsEntry("missing", "lake");
    }

    @Test
    void health_shows_the_latest_days_sessions_and_purchases() {
        assertThat(pages.health()).containsEntry("latestDay", "2022-11-28").containsEntry("purchases", 35L);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private Map<String, Object> call(String path, Map<String, String> parameters) {
        Endpoint endpoint = pages.endpoints().stream().filter(candidate -> candidate.path().equals(path)).findFirst().orElseThrow();
        Endpoint.Response response = endpoint.handler().handle(request(parameters));
        assertThat(response.status()).isEqualTo(200);
        return parse(response.json());
    }

    private List<List<Object>> sql(String query) {
        return engine.query(query).rows();
    }

    private static Endpoint.Request request(Map<String, String> parameters) {
        return name -> Optional.ofNullable(parameters.get(name));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ClickstreamPages.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return (Map<String, Object>) value(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return parser.getText();
            }
        }
    }

    /** The dashboard's lake access, reduced to what the pages use: the guarded engine and the catalog's tables. */
    private record EngineLakeAccess(Lake lake, DuckDbQueryEngine engine) implements LakeAccess {
        @Override
        public List<TableSummary> tables() {
            return List.of();
        }

        @Override
        public Optional<TableDetail> table(String qualifiedName) {
            return lake.findTable(qualifiedName).map(table -> new TableDetail(
                    new TableSummary(qualifiedName, 0, 0, 0, null, 0), List.of(), "", List.of()));
        }

        @Override
        public QueryResult query(String sql) {
            return engine.query(sql);
        }

        @Override
        public void close() {
        }
    }
}
