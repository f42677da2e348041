package io.urbanflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.model.Settings;
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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Who may talk to the dashboard: loopback by default, a token on every request and WebSocket otherwise. */
class DashboardSecurityTest {
    private static final String TOKEN = "s3cret-token-for-tests";
    private final HttpClient http = HttpClient.newHttpClient();

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
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sql.statusCode()).isEqualTo(400);
            assertThat(sql.body()).isEqualTo("{\"error\":\"Cannot run query: the dashboard has no lake\"}");
        }
    }

    private static DashboardServer start(DashboardConfig config) {
        return DashboardServer.start(config, null, List.of(new FakeDomain("fake")), null, LiveStart.earliest(), Settings.empty(),
                Clock.systemUTC());
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
