package io.urbanflow.mobility.web;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.model.Settings;
import io.urbanflow.web.DashboardConfig;
import java.util.List;

import io.urbanflow.web.DashboardServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.live.LiveAggregator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A browser that stops reading neither stalls the others nor makes the server queue updates for it without bound. */
class SlowClientTest {
    private static long skippedUpdates(DashboardServer server) throws Exception {
        String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(health).get("domains").get("mobility").get("live").get("skippedUpdates").asLong();
    }

    @Test
    void a_client_that_stops_reading_is_skipped_while_the_others_keep_getting_updates() throws Exception {
        try (DashboardServer server = DashboardServer.start(DashboardConfig.defaults().withPort(0).withUpdateInterval(Duration.ofMillis(50)),
                null, List.of(new MobilityDomain()), null, LiveStart.earliest(), Settings.empty(), Clock.systemUTC());
             Socket stalled = new Socket()) {
            LiveAggregator aggregator = ((MobilityPages) server.pages().get("mobility")).liveView();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /live HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new BufferedReader(new InputStreamReader(stalled.getInputStream(), StandardCharsets.US_ASCII)).readLine())
                    .startsWith("HTTP/1.1 101");
            // from here on the stalled client reads nothing

            AtomicInteger received = new AtomicInteger();
            WebSocket healthy = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/live"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            if (last) {
                                received.incrementAndGet();
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).join();

            // 4,000 vehicles move every round: each update carries all of them, some 300 KB, until the socket
            // buffers towards the stalled client are full and the server starts skipping it
            long start = System.nanoTime();
            long micros = GpsPoint.MIN_EPOCH_MICROS + 24L * 365 * 86_400_000_000L;
            int rounds = 0;
            long skipped = 0;
            while (skipped == 0 && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
                micros += 1_000_000;
                for (int vehicle = 0; vehicle < 4_000; vehicle++) {
                    aggregator.accept("v" + vehicle, micros, 41.80 + vehicle % 50 * 0.004 + rounds * 1e-6, 12.40 + vehicle / 50 * 0.002);
                }
                rounds++;
                if (rounds % 10 == 0) {
                    skipped = skippedUpdates(server);
                }
            }
            assertThat(skipped).as("updates skipped for the stalled client").isPositive();
            int before = received.get();
            long phase = System.nanoTime();
            while (System.nanoTime() - phase < Duration.ofSeconds(2).toNanos()) {
                micros += 1_000_000;
                for (int vehicle = 0; vehicle < 4_000; vehicle++) {
                    aggregator.accept("v" + vehicle, micros, 41.80 + vehicle % 50 * 0.004 + rounds * 1e-6, 12.40 + vehicle / 50 * 0.002);
                }
                rounds++;
            }
            int healthyMessages = received.get() - before;
            healthy.abort();
            assertThat(healthyMessages).as("updates to the reading client in 2 s while another one is stalled").isGreaterThanOrEqualTo(2);
            assertThat(skippedUpdates(server)).isGreaterThan(skipped);
        }
    }
}
