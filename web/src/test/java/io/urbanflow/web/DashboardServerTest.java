package io.urbanflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell knows no domain: served with a domain it has never heard of, it links that domain's page, routes its
 * endpoint and live channel, and shows its health and metrics beside the lake's tables and SQL.
 */
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static DashboardServer server;
    static IcebergLakeAccess lake;

    @BeforeAll
    static void start() {
        LakeConfig config = LakeConfig.defaults(dir);
        try (Lake open = Lake.open(config)) {
            FakeDomain domain = new FakeDomain("fake");
            var table = open.create(domain.topics().get(0).table());
            List<Record> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                GenericRecord row = GenericRecord.create(FakeDomain.SCHEMA);
                row.setField("id", "e" + i);
                row.setField("kafka_partition", 0);
                row.setField("kafka_offset", (long) i);
                rows.add(row);
            }
            TableWrites.append(table, rows);
        }
        lake = IcebergLakeAccess.open(config, Duration.ofSeconds(5), 10);
        server = DashboardServer.start(DashboardConfig.defaults().withPort(0), lake, List.of(new FakeDomain("fake")), null,
                LiveStart.earliest(), Settings.empty(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (lake != null) {
            lake.close();
        }
    }

    @Test
    void the_navigation_lists_the_domain_s_page_then_the_shell_s_and_home_is_the_first_page() throws Exception {
        JsonNode pages = json(get("/api/pages")).get("pages");
        assertThat(pages.findValuesAsText("path")).containsExactly("/fake.html", "/tables.html", "/sql.html", "/health.html", "/runs.html");
        assertThat(pages.findValuesAsText("title")).containsExactly("Fake", "Tables", "SQL", "Health", "Runs");
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).contains("/fake.html");
        for (String path : List.of("/fake.html", "/tables.html", "/sql.html", "/health.html", "/js/common.js",
                "/webjars/chart.js/4.4.1/dist/chart.umd.js")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(json(get("/api/config")).get("domains").toString()).isEqualTo("[\"fake\"]");
    }

    @Test
    void the_domain_s_endpoint_answers_with_its_query() throws Exception {
        assertThat(json(get("/api/fake/echo?text=hi")).get("echo").asText()).isEqualTo("hi");
        assertThat(get("/api/nothing/here").statusCode()).isEqualTo(404);
    }

    @Test
    void the_domain_s_live_channel_greets_a_client() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/fake-live"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
            assertThat(messages.get(0)).isEqualTo("{\"hello\":\"fake\"}");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void health_and_metrics_carry_the_lake_s_raw_tables_and_the_domain_s_own_figures() throws Exception {
        JsonNode health = json(get("/api/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("domains").get("fake").get("greetings").asInt()).isEqualTo(1);
        assertThat(health.get("lake").get("rows").asLong()).isEqualTo(30);
        assertThat(health.get("kafka").get("lastError").asText()).isEqualTo("no broker configured");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("urbanflow_fake_greetings 1\n").contains("urbanflow_lake_raw_rows 30\n")
                .contains("urbanflow_lake_table_rows{table=\"raw.fake_events\"} 30\n");
    }

    @Test
    void tables_and_sql_read_the_lake() throws Exception {
        JsonNode tables = json(get("/api/tables")).get("tables");
        assertThat(tables.findValuesAsText("name")).contains("raw.fake_events");
        JsonNode result = json(HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT count(*) AS n FROM raw.fake_events\"}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(result.get("rows").get(0).get(0).asLong()).isEqualTo(30);
        JsonNode cut = json(HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT * FROM raw.fake_events\"}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(cut.get("rows")).hasSize(10);
        assertThat(cut.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void two_domains_claiming_one_endpoint_are_refused_at_start() {
        assertThatThrownBy(() -> DashboardServer.start(DashboardConfig.defaults().withPort(0), null,
                List.of(new FakeDomain("one", "shared"), new FakeDomain("two", "shared")), null, LiveStart.earliest(), Settings.empty(),
                Clock.systemUTC()))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot start dashboard: endpoint /api/shared/echo of domain two is already served");
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
