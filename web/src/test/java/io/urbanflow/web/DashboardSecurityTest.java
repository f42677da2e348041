package io.urbanflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.query.QueryResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may talk to the dashboard: loopback by default, a token on every request and WebSocket otherwise; the Host
 * naming this server; pages of other origins kept from queries, writes and live channels; JSON bodies only; and a
 * bounded number of user queries at once.
 */
class DashboardSecurityTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void without_a_token_it_binds_loopback_and_serves_this_machine() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            assertThat(server.token()).isNull();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            assertThat(status(get(server, "/api/config", null))).isEqualTo(200);
        }
    }

    @Test
    void a_foreign_host_header_is_refused_without_a_token() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("GET /api/config HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertThat(statusLine).startsWith("HTTP/1.1 403");
            }
        }
    }

    @Test
    void only_this_machine_s_names_with_the_port_it_listens_on_pass_the_host_check() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            int port = server.port();
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "127.0.0.2:" + port,
                    "127.255.255.254:" + port, "[::1]:" + port)) {
                assertThat(statusLine(server, "GET /api/config", host)).as(host).startsWith("HTTP/1.1 200");
            }
            // names an attacker can point at 127.0.0.1 (DNS rebinding), other machines, and other ports
            for (String host : List.of("127.attacker.example:" + port, "127.0.0.1.attacker.example:" + port,
                    "127.0.0.1.nip.io:" + port, "localhost.attacker.example:" + port, "attacker.example:" + port, "127.1:" + port,
                    "127.0.0.256:" + port, "[::2]:" + port, "127.0.0.1:" + (port == 65_535 ? 1 : port + 1), "localhost", "127.0.0.1")) {
                assertThat(statusLine(server, "GET /api/config", host)).as(host).startsWith("HTTP/1.1 403");
            }
        }
    }

    @Test
    void host_names_from_web_allowed_hosts_pass_with_the_server_s_port_or_their_own() throws Exception {
        DashboardConfig config = DashboardConfig.from(Settings.of(java.util.Map.of("web.port", "0",
                "web.allowed-hosts", "urbanflow.local, Dash.Example.org:443")));
        try (DashboardServer server = start(config)) {
            int port = server.port();
            for (String host : List.of("urbanflow.local:" + port, "dash.example.org:443", "dash.example.org", "localhost:" + port)) {
                assertThat(statusLine(server, "GET /api/config", host)).as(host).startsWith("HTTP/1.1 200");
            }
            for (String host : List.of("urbanflow.local:" + (port == 65_535 ? 1 : port + 1), "dash.example.org:" + port,
                    "other.local:" + port)) {
                assertThat(statusLine(server, "GET /api/config", host)).as(host).startsWith("HTTP/1.1 403");
            }
        }
        // a server open to the network checks Host names too once they are configured, besides its token
        try (DashboardServer server = start(config.withBind("0.0.0.0").withToken(TOKEN))) {
            assertThat(statusLine(server, "GET /api/config", "urbanflow.local:" + server.port(), "Authorization: Bearer " + TOKEN))
                    .startsWith("HTTP/1.1 200");
            assertThat(statusLine(server, "GET /api/config", "attacker.example:" + server.port(), "Authorization: Bearer " + TOKEN))
                    .startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void sql_from_a_page_of_another_origin_is_refused_and_from_this_one_or_a_script_served() throws Exception {
        try (Served served = startWithLake(DashboardConfig.defaults().withPort(0))) {
            String self = "http://127.0.0.1:" + served.server().port();
            HttpResponse<String> foreign = postSql(served.server(), "SELECT 1", "application/json", "Origin", "http://attacker.example");
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).startsWith("{\"error\":\"Cannot serve request: origin http://attacker.example is not this dashboard's");
            for (String origin : List.of("http://127.0.0.1.attacker.example:" + served.server().port(), "null",
                    "http://localhost:" + served.server().port(), "http://127.0.0.1", "file://")) {
                assertThat(postSql(served.server(), "SELECT 1", "application/json", "Origin", origin).statusCode()).as(origin).isEqualTo(403);
            }
            assertThat(postSql(served.server(), "SELECT 1", "application/json", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
            assertThat(postSql(served.server(), "SELECT 1", "application/json", "Sec-Fetch-Site", "same-site").statusCode()).isEqualTo(403);

            assertThat(postSql(served.server(), "SELECT 1", "application/json", "Origin", self).statusCode()).isEqualTo(200);
            assertThat(postSql(served.server(), "SELECT 1", "application/json", "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
            assertThat(postSql(served.server(), "SELECT 1", "application/json").statusCode()).as("curl, without Origin").isEqualTo(200);
        }
    }

    @Test
    void a_post_body_must_be_declared_json_so_no_cross_site_form_can_start_a_query() throws Exception {
        try (Served served = startWithLake(DashboardConfig.defaults().withPort(0))) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/jsonp", "text/json")) {
                HttpResponse<String> refused = postSql(served.server(), "SELECT 1", type);
                assertThat(refused.statusCode()).as(type).isEqualTo(415);
                assertThat(refused.body()).startsWith("{\"error\":\"Cannot serve request: the body must be JSON sent with Content-Type: application/json");
            }
            assertThat(postSql(served.server(), "SELECT 1", null).statusCode()).isEqualTo(415);
            assertThat(postSql(served.server(), "SELECT 1", "Application/JSON; charset=utf-8").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_websocket_upgrade_from_a_page_of_another_origin_is_refused() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            URI live = URI.create("ws://127.0.0.1:" + server.port() + "/fake-live");
            assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", "http://attacker.example")
                    .buildAsync(live, new WebSocket.Listener() { }).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(error -> assertThat(((WebSocketHandshakeException) error.getCause()).getResponse().statusCode()).isEqualTo(403));
            http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + server.port())
                    .buildAsync(live, new WebSocket.Listener() { }).join().abort();
            http.newWebSocketBuilder().buildAsync(live, new WebSocket.Listener() { }).join().abort();
        }
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0).withToken(TOKEN))) {
            URI live = URI.create("ws://127.0.0.1:" + server.port() + "/fake-live");
            assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", "http://attacker.example")
                    .header("Authorization", "Bearer " + TOKEN).buildAsync(live, new WebSocket.Listener() { }).join())
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(error -> assertThat(((WebSocketHandshakeException) error.getCause()).getResponse().statusCode()).isEqualTo(403));
        }
    }

    @Test
    void domain_endpoints_are_protected_by_the_kind_they_declare() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            String self = "http://127.0.0.1:" + server.port();
            // a query (declared without a kind): refused to other origins, served to this one and to scripts
            assertThat(send(server, "GET", "/api/fake/echo?text=hi", null, null, "Origin", "http://attacker.example").statusCode()).isEqualTo(403);
            assertThat(send(server, "GET", "/api/fake/echo?text=hi", null, null, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
            assertThat(send(server, "GET", "/api/fake/echo?text=hi", null, null, "Origin", self).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/fake/echo?text=hi", null, null, "Sec-Fetch-Site", "none").statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/fake/echo?text=hi", null, null).statusCode()).isEqualTo(200);
            // a read: whoever passes the access checks
            assertThat(send(server, "GET", "/api/fake/about", null, null, "Origin", "http://attacker.example").statusCode()).isEqualTo(200);
            // a write: POST with a JSON body from this origin only
            HttpResponse<String> written = send(server, "POST", "/api/fake/retry", "{\"id\":7}", "application/json", "Origin", self);
            assertThat(written.statusCode()).isEqualTo(200);
            assertThat(written.body()).isEqualTo("{\"received\":\"{\\\"id\\\":7}\"}");
            assertThat(send(server, "POST", "/api/fake/retry", "{}", "application/json", "Origin", "http://attacker.example").statusCode())
                    .isEqualTo(403);
            assertThat(send(server, "POST", "/api/fake/retry", "id=7", "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);
            assertThat(send(server, "GET", "/api/fake/retry", null, null).statusCode()).isNotEqualTo(200);
        }
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0).withToken(TOKEN))) {
            assertThat(send(server, "POST", "/api/fake/retry", "{}", "application/json", "Authorization", "Bearer " + TOKEN,
                    "Origin", "http://attacker.example").statusCode()).as("the token does not make another origin's page welcome").isEqualTo(403);
            assertThat(send(server, "POST", "/api/fake/retry", "{}", "application/json", "Authorization", "Bearer " + TOKEN).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void at_most_n_user_queries_run_at_once_and_one_more_is_answered_429() throws Exception {
        LakeConfig lakeConfig = LakeConfig.defaults(dir.resolve("busy-lake"));
        try (IcebergLakeAccess real = IcebergLakeAccess.open(lakeConfig, Duration.ofSeconds(2), 100)) {
            CountDownLatch entered = new CountDownLatch(1);
            LakeAccess observed = new ObservedLake(real, entered);
            DashboardConfig config = DashboardConfig.from(Settings.of(java.util.Map.of("web.port", "0", "web.sql-max-concurrent", "1")));
            try (DashboardServer server = DashboardServer.start(config,
                    observed, List.of(new FakeDomain("fake")), null, LiveStart.earliest(), Settings.empty(), Clock.systemUTC())) {
                // runs until the 2s timeout cancels it
                CompletableFuture<HttpResponse<String>> slow = http.sendAsync(sqlRequest(server,
                        "SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 3", "application/json"),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(30)).until(() -> entered.getCount() == 0);

                HttpResponse<String> refused = postSql(server, "SELECT 1", "application/json");
                assertThat(slow).as("the first query still runs").isNotDone();
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(refused.body()).isEqualTo("{\"error\":\"Cannot run query: 1 queries are running already"
                        + " (web.sql-max-concurrent); try again when one has finished\"}");

                HttpResponse<String> timedOut = slow.get(60, TimeUnit.SECONDS);
                assertThat(timedOut.statusCode()).isEqualTo(400);
                assertThat(timedOut.body()).contains("it ran longer than 2s");
                assertThat(postSql(server, "SELECT 1", "application/json").statusCode()).as("a finished query frees its place").isEqualTo(200);
            }
        }
    }

    @Test
    void with_a_token_every_request_needs_it_as_bearer_cookie_or_query_parameter() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0).withToken(TOKEN))) {
            HttpResponse<String> refused = get(server, "/api/health", null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).startsWith("{\"error\":\"Cannot serve request: missing or wrong token");
            assertThat(status(get(server, "/tables.html", null))).as("static pages too").isEqualTo(401);
            assertThat(status(get(server, "/metrics", null))).isEqualTo(401);
            assertThat(status(get(server, "/api/health", "Bearer wrong-token-123"))).isEqualTo(401);
            assertThat(status(get(server, "/api/health", "Bearer " + TOKEN))).isEqualTo(200);

            HttpResponse<String> firstLoad = get(server, "/tables.html?token=" + TOKEN, null);
            assertThat(firstLoad.statusCode()).isEqualTo(200);
            String cookie = firstLoad.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("urbanflow_token=" + TOKEN + ";").contains("HttpOnly", "SameSite=Strict");
            HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create(base(server) + "/api/tables"))
                    .header("Cookie", "urbanflow_token=" + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void the_websocket_upgrade_needs_the_token_too() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0).withToken(TOKEN))) {
            URI live = URI.create("ws://127.0.0.1:" + server.port() + "/fake-live");
            assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(live, new WebSocket.Listener() { }).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(error -> assertThat(((WebSocketHandshakeException) error.getCause()).getResponse().statusCode()).isEqualTo(401));
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                    .buildAsync(live, new WebSocket.Listener() { }).join();
            socket.abort();
            WebSocket byParameter = http.newWebSocketBuilder().buildAsync(URI.create(live + "?token=" + TOKEN), new WebSocket.Listener() { }).join();
            byParameter.abort();
        }
    }

    @Test
    void binding_another_address_without_a_token_generates_one() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0).withBind("0.0.0.0"))) {
            assertThat(server.token()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(server.url()).endsWith("/?token=" + server.token());
            assertThat(status(get(server, "/api/config", null))).isEqualTo(401);
            assertThat(status(get(server, "/api/config", "Bearer " + server.token()))).isEqualTo(200);
        }
    }

    @Test
    void a_taken_port_is_one_clear_error() {
        try (DashboardServer first = start(DashboardConfig.defaults().withPort(0))) {
            assertThatThrownBy(() -> start(DashboardConfig.defaults().withPort(first.port())))
                    .hasMessage("Cannot start dashboard on 127.0.0.1:" + first.port()
                            + ": the port is in use or the address is not this machine's (choose one with --port/--bind)");
        }
    }

    @Test
    void pages_without_a_lake_say_so_instead_of_failing() throws Exception {
        try (DashboardServer server = start(DashboardConfig.defaults().withPort(0))) {
            HttpResponse<String> tables = get(server, "/api/tables", null);
            assertThat(tables.statusCode()).isEqualTo(200);
            assertThat(tables.body()).contains("\"missing\":\"lake\"");
            HttpResponse<String> sql = http.send(HttpRequest.newBuilder(URI.create(base(server) + "/api/sql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sql.statusCode()).isEqualTo(400);
            assertThat(sql.body()).isEqualTo("{\"error\":\"Cannot run query: the dashboard has no lake\"}");
        }
    }

    private static DashboardServer start(DashboardConfig config) {
        return DashboardServer.start(config, null, List.of(new FakeDomain("fake")), null, LiveStart.earliest(), Settings.empty(),
                Clock.systemUTC());
    }

    private Served startWithLake(DashboardConfig config) {
        IcebergLakeAccess lake = IcebergLakeAccess.open(LakeConfig.defaults(dir.resolve("lake-" + System.nanoTime())), Duration.ofSeconds(10), 100);
        try {
            return new Served(DashboardServer.start(config, lake, List.of(new FakeDomain("fake")), null, LiveStart.earliest(),
                    Settings.empty(), Clock.systemUTC()), lake);
        } catch (RuntimeException e) {
            lake.close();
            throw e;
        }
    }

    /** A server and the lake it serves, closed together. */
    private record Served(DashboardServer server, LakeAccess lake) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                lake.close();
            }
        }
    }

    /** The real lake, telling when a user query has reached it. */
    private record ObservedLake(LakeAccess lake, CountDownLatch entered) implements LakeAccess {
        @Override
        public List<TableSummary> tables() {
            return lake.tables();
        }

        @Override
        public Optional<TableDetail> table(String qualifiedName) {
            return lake.table(qualifiedName);
        }

        @Override
        public QueryResult query(String sql) {
            entered.countDown();
            return lake.query(sql);
        }

        @Override
        public void close() {
        }
    }

    /** The status line of a request sent by hand, so that the Host header is what the test says. */
    private static String statusLine(DashboardServer server, String requestLine, String host, String... headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private HttpRequest sqlRequest(DashboardServer server, String sql, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(server) + "/api/sql"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + sql + "\"}"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    private HttpResponse<String> postSql(DashboardServer server, String sql, String contentType, String... headers) throws Exception {
        return http.send(sqlRequest(server, sql, contentType, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(DashboardServer server, String method, String path, String body, String contentType,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(server) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(DashboardServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(DashboardServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(server) + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }
}
