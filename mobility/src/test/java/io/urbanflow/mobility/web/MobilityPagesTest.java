package io.urbanflow.mobility.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.stream.ReplayResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mobility pages in the real dashboard shell on a random port, over a real lake and broker: the JSON endpoints,
 * metrics, health and the live WebSocket.
 */
class MobilityPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOPIC = "gps.points";

    @TempDir
    static Path dir;
    static WebFixture fixture;
    static WebFixture.Served served;
    static ReplayResult replayed;
    static IngestResult ingested;

    @BeforeAll
    static void startEverything() {
        fixture = WebFixture.start(dir);
        replayed = fixture.replayRome(TOPIC);
        ingested = fixture.ingest(TOPIC, replayed.sent());
        fixture.aggregate();
        served = fixture.serve(DashboardConfig.defaults().withPort(0).withSqlLimits(Duration.ofSeconds(5), 100));
    }

    @AfterAll
    static void stopEverything() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void serves_the_pages_and_the_front_end_libraries_from_webjars() throws Exception {
        for (String path : List.of("/", "/traffic.html", "/forecast.html", "/tables.html", "/sql.html", "/health.html", "/js/live.js", "/js/forecast.js",
                "/webjars/leaflet/1.9.4/dist/leaflet.js", "/webjars/chart.js/4.4.1/dist/chart.umd.js")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/").body()).contains("/webjars/leaflet/1.9.4/dist/leaflet.js").doesNotContain("unpkg", "cdn");
        JsonNode pages = json(get("/api/pages")).get("pages");
        assertThat(pages.findValuesAsText("path")).containsExactly("/", "/traffic.html", "/forecast.html", "/tables.html", "/sql.html", "/health.html", "/runs.html");
        assertThat(pages.get(0).get("domain").asText()).isEqualTo("mobility");
    }

    @Test
    void forecast_endpoints_say_what_to_run_before_any_backtest() throws Exception {
        for (String path : List.of("/api/forecast/accuracy", "/api/forecast/map", "/api/forecast/series", "/api/forecast/models")) {
            JsonNode answer = json(get(path));
            assertThat(answer.get("missing").asText()).as(path).startsWith("mart.forecast_");
            assertThat(answer.get("message").asText()).as(path).startsWith("no forecasts yet: run urbanflow forecast");
        }
    }

    @Test
    void tables_lists_the_raw_points_with_rows_files_and_last_commit() throws Exception {
        JsonNode tables = json(get("/api/tables")).get("tables");
        JsonNode points = find(tables, "raw.gps_points");
        assertThat(points.get("rows").asLong()).isEqualTo(ingested.ingested()).isEqualTo(replayed.sent());
        assertThat(points.get("files").asLong()).isPositive();
        assertThat(points.get("snapshots").asInt()).isPositive();
        assertThat(points.get("lastCommit").asText()).endsWith("Z");

        JsonNode detail = json(get("/api/tables/raw.gps_points"));
        assertThat(detail.get("columns").findValuesAsText("name")).contains("vehicle_id", "ts", "lat", "lon");
        assertThat(detail.get("snapshotList").get(0).get("totalRows").asLong()).isEqualTo(ingested.ingested());
    }

    @Test
    void sql_returns_columns_and_rows() throws Exception {
        HttpResponse<String> response = post("/api/sql", "{\"sql\": \"SELECT count(*) AS n, count(DISTINCT vehicle_id) AS taxis FROM raw.gps_points\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("columns").toString()).isEqualTo("[\"n\",\"taxis\"]");
        assertThat(body.get("rows").get(0).get(0).asLong()).isEqualTo(replayed.sent());
        assertThat(body.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void sql_refuses_writes_and_file_access_with_status_400() throws Exception {
        for (String sql : List.of("DELETE FROM raw.gps_points", "COPY raw.gps_points TO '/tmp/x.csv'",
                "SELECT * FROM read_csv('/etc/passwd')", "ATTACH '/tmp/other.db'", "INSTALL httpfs", "LOAD spatial",
                "CREATE TABLE t AS SELECT 1")) {
            HttpResponse<String> response = post("/api/sql", JSON.writeValueAsString(java.util.Map.of("sql", sql)));
            assertThat(response.statusCode()).as(sql).isEqualTo(400);
            assertThat(json(response).get("error").asText()).as(sql).startsWith("Cannot ");
        }
    }

    @Test
    void sql_results_are_cut_at_the_row_limit_with_a_warning() throws Exception {
        JsonNode body = json(post("/api/sql", "{\"sql\": \"SELECT * FROM raw.gps_points\"}"));
        assertThat(body.get("rows")).hasSize(100);
        assertThat(body.get("truncated").asBoolean()).isTrue();
        assertThat(body.get("warning").asText()).contains("100 rows");
    }

    @Test
    void sql_without_a_query_is_a_clear_400() throws Exception {
        assertThat(post("/api/sql", "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> empty = post("/api/sql", "{}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).get("error").asText()).isEqualTo("Cannot run query: the body has no \"sql\"");
    }

    @Test
    void health_reports_the_live_view_kafka_and_the_lake() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(MobilityPagesTest::liveViewConsumedEverything);
        JsonNode health = json(get("/api/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        JsonNode live = health.get("domains").get("mobility").get("live");
        assertThat(live.get("points").asLong()).isEqualTo(served.aggregator().totals().points()).isGreaterThan(4_900);
        assertThat(live.get("connected").asBoolean()).isTrue();
        assertThat(live.get("lag").size()).isEqualTo(3);
        assertThat(health.get("lake").get("rows").asLong()).isEqualTo(ingested.ingested());
        assertThat(find(health.get("lake").get("rawTables"), "raw.gps_points_rejected").get("rows").asLong()).isZero();
        assertThat(health.get("lake").get("lastCommit").asText()).endsWith("Z");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(json(get("/api/health")).get("kafka").get("ingestLag")
                .get("gps.points").toString()).isEqualTo("{\"0\":0,\"1\":0,\"2\":0}"));
    }

    @Test
    void metrics_are_in_prometheus_text_format() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(MobilityPagesTest::liveViewConsumedEverything);
        HttpResponse<String> response = get("/metrics");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(response.body())
                .contains("# TYPE urbanflow_live_points_total counter\nurbanflow_live_points_total " + served.aggregator().totals().points() + "\n")
                .contains("urbanflow_live_consumer_lag{partition=\"0\"} 0")
                .contains("urbanflow_lake_raw_rows " + ingested.ingested());
    }

    @Test
    void live_socket_sends_a_snapshot_with_hexagon_outlines_then_updates() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(MobilityPagesTest::liveViewConsumedEverything);
        List<String> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + served.server().port() + "/live"),
                new Collector(messages)).get();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= 2);
            JsonNode snapshot = JSON.readTree(messages.get(0));
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
            assertThat(snapshot.get("totals").get("points").asLong()).isEqualTo(served.aggregator().totals().points());
            assertThat(snapshot.get("cells").size()).isPositive();
            String firstCell = snapshot.get("cells").get(0).get(0).asText();
            assertThat(snapshot.get("boundaries").get(firstCell).size()).isBetween(5, 10);
            assertThat(snapshot.get("vehicles").size()).isEqualTo(snapshot.get("totals").get("vehicles").asInt());
            assertThat(JSON.readTree(messages.get(1)).get("type").asText()).isEqualTo("update");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void live_intervals_equal_the_points_of_the_sample() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(MobilityPagesTest::liveViewConsumedEverything);
        JsonNode rows = json(get("/api/live/intervals?all=true")).get("rows");
        long points = 0;
        for (JsonNode row : rows) {
            points += row.get(2).asLong();
        }
        assertThat(points).isEqualTo(served.aggregator().totals().points());
    }

    @Test
    void replay_draws_a_past_window_from_the_lake() throws Exception {
        JsonNode range = json(get("/api/replay/range"));
        assertThat(range.get("points").asLong()).isEqualTo(ingested.ingested());
        JsonNode replay = json(get("/api/replay?at=" + java.time.Instant.parse(range.get("to").asText()).plusMillis(1) + "&minutes=15"));
        assertThat(replay.get("type").asText()).isEqualTo("replay");
        assertThat(replay.get("cells").size()).isPositive();
        assertThat(replay.get("boundaries").size()).isEqualTo(replay.get("cells").size());
        assertThat(get("/api/replay?at=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void traffic_pages_say_which_command_builds_a_missing_table() throws Exception {
        JsonNode tables = json(get("/api/traffic/tables")).get("tables");
        JsonNode trips = find(tables, "mart.trips");
        if (trips.has("missing")) {
            assertThat(trips.get("message").asText()).isEqualTo("no data yet: run urbanflow analyze to build mart.trips");
        }
        assertThat(json(get("/api/traffic/heatmap?hour=25")).has("error")).isTrue();
    }

    @Test
    void traffic_series_and_heat_map_come_from_the_marts() throws Exception {
        JsonNode series = json(get("/api/traffic/series")).get("series");
        assertThat(series.get("intervals").toString()).isEqualTo("[\"2014-01-31T23:00:00Z\",\"2014-01-31T23:10:00Z\",\"2014-01-31T23:20:00Z\"]");
        long points = 0;
        for (JsonNode value : series.get("points")) {
            points += value.asLong();
        }
        assertThat(points).isEqualTo(count("SELECT count(*) FROM stage.gps_points"));
        assertThat(series.get("meanSpeedKmh").get(0).asDouble()).isBetween(5.0, 80.0);
        JsonNode heat = json(get("/api/traffic/heatmap?hour=0"));
        assertThat(heat.get("cells").size()).isPositive();
        assertThat(heat.get("boundaries").size()).isEqualTo(heat.get("cells").size());
        long heatPoints = 0;
        for (JsonNode cell : heat.get("cells")) {
            heatPoints += cell.get(1).asLong();
        }
        assertThat(heatPoints).isEqualTo(count("SELECT count(*) FROM stage.gps_points WHERE NOT is_outlier"));
        assertThat(json(get("/api/traffic/heatmap?hour=12")).get("cells").size()).isZero();
    }

    @Test
    void hexagons_are_outlined_by_h3_and_bad_ids_are_400() throws Exception {
        JsonNode outlines = json(get("/api/hexagons?cells=881e805003fffff"));
        assertThat(outlines.get("881e805003fffff").size()).isEqualTo(6);
        assertThat(outlines.get("881e805003fffff").get(0).get(0).asDouble()).isBetween(41.0, 43.0);
        HttpResponse<String> bad = get("/api/hexagons?cells=nothex");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).startsWith("Cannot read H3 cell 'nothex'");
    }

    @Test
    void the_map_s_queries_and_live_socket_refuse_pages_of_other_origins_while_its_reads_do_not() throws Exception {
        String foreign = "http://attacker.example";
        for (String path : List.of("/api/replay/range", "/api/replay?at=2014-02-01T08:00:00Z&minutes=10", "/api/traffic/series",
                "/api/traffic/heatmap?hour=8", "/api/traffic/tables", "/api/hexagons?cells=881e805003fffff")) {
            assertThat(get(path, "Origin", foreign).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, "Sec-Fetch-Site", "cross-site").statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, "Origin", served.base()).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of("/api/mobility/config", "/api/live", "/api/live/intervals")) {
            assertThat(get(path, "Origin", foreign).statusCode()).as(path).isEqualTo(200);
        }
        URI live = URI.create("ws://127.0.0.1:" + served.server().port() + "/live");
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().header("Origin", foreign).buildAsync(live, new WebSocket.Listener() { }).join())
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(error -> assertThat(((java.net.http.WebSocketHandshakeException) error.getCause()).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void config_names_the_city_tiles_and_recent_minutes() throws Exception {
        JsonNode config = json(get("/api/mobility/config"));
        assertThat(config.get("city").asText()).isEqualTo("rome");
        assertThat(config.get("zone").asText()).isEqualTo("Europe/Rome");
        assertThat(config.get("tiles").asText()).isEmpty();
        assertThat(config.get("recentMinutes").asInt()).isEqualTo(15);
    }

    static boolean liveViewConsumedEverything() {
        var totals = served.aggregator().totals();
        return totals.points() + totals.duplicates() + totals.outliers() == replayed.sent();
    }

    static long count(String sql) {
        return ((Number) served.lake().query(sql).rows().get(0).get(0)).longValue();
    }

    static JsonNode find(JsonNode array, String name) {
        for (JsonNode item : array) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not in " + array);
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(served.base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(served.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Collects whole text messages. */
    static final class Collector implements WebSocket.Listener {
        private final List<String> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(List<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
