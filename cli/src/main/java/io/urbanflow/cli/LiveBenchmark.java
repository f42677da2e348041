package io.urbanflow.cli;

import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.Settings;
import java.util.List;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.web.DashboardServer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code urbanflow bench live}: send-to-browser latency of the live map. In one process: an embedded broker, a
 * producer sending points at a fixed rate, the live consumer and aggregator, the dashboard's WebSocket server, and
 * a Java WebSocket client standing in for the browser. Each point's time is its send time, so when an update
 * carries a vehicle's position at time t, every point of that vehicle sent at or before t is reflected: its
 * latency is the update's arrival time minus its send time. Points sent during the warm-up are not counted.
 *
 * <p>Not thread-safe; run one at a time.
 */
public final class LiveBenchmark {
    /** What to measure. Immutable. */
    public record Options(int pointsPerSecond, int vehicles, Duration warmup, Duration duration, Duration updateInterval) {
        public Options {
            if (pointsPerSecond < 1 || vehicles < 1 || warmup.isNegative() || duration.isZero() || duration.isNegative()) {
                throw new UrbanFlowException("Cannot run live benchmark: rate, vehicles and duration must be positive");
            }
        }

        public static Options defaults() {
            return new Options(50_000, 1_000, Duration.ofSeconds(5), Duration.ofSeconds(20), DashboardConfig.DEFAULT_UPDATE_INTERVAL);
        }
    }

    /** What was measured. Immutable. */
    public record Result(long sent, long measured, long unreflected, double sentPerSecond, double p50Millis, double p99Millis,
                         double maxMillis, long updates) {
        /** The last line the command prints. */
        public String summaryLine() {
            return String.format(java.util.Locale.ROOT, "live_p50_ms=%.0f live_p99_ms=%.0f", p50Millis, p99Millis);
        }
    }

    private final Clock clock;

    public LiveBenchmark(Clock clock) {
        this.clock = clock;
    }

    public Result run(Options options, PrintWriter out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("urbanflow-bench-live");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot run live benchmark: no temp dir: " + e.getMessage(), e);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String topic = MobilityTables.TOPIC;
            Kafka.ensureTopic(broker.bootstrapServers(), topic, 3);
            // the mobility domain's pages, as the dashboard serves them: its live view reads the points' topic
            try (DashboardServer server = DashboardServer.start(DashboardConfig.defaults().withPort(0)
                         .withUpdateInterval(options.updateInterval()), null, List.of(new MobilityDomain()), broker.bootstrapServers(),
                         LiveStart.earliest(), Settings.empty().with("web.tiles", "none"), clock)) {
                return measure(options, broker.bootstrapServers(), topic, server.port(), out);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private Result measure(Options options, String bootstrapServers, String topic, int port, PrintWriter out) {
        SendLog log = new SendLog(options.vehicles());
        Receiver receiver = new Receiver(log, clock);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"), receiver).join();
        out.printf("Sending %,d points/s from %,d vehicles for %ds after %ds of warm-up; updates every %d ms%n",
                options.pointsPerSecond(), options.vehicles(), options.duration().toSeconds(), options.warmup().toSeconds(),
                options.updateInterval().toMillis());
        out.flush();
        long sent;
        long startNanos;
        long measuredNanos;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
            long warmupNanos = options.warmup().toNanos();
            long totalNanos = warmupNanos + options.duration().toNanos();
            startNanos = System.nanoTime();
            sent = 0;
            long[] lastMicros = new long[options.vehicles()];
            String[] ids = new String[options.vehicles()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "bench-" + i;
            }
            long measuredFrom = -1;
            while (true) {
                long elapsed = System.nanoTime() - startNanos;
                if (elapsed >= totalNanos) {
                    break;
                }
                if (measuredFrom < 0 && elapsed >= warmupNanos) {
                    measuredFrom = sent;
                    log.startMeasuring();
                }
                long due = (long) (elapsed / 1e9 * options.pointsPerSecond());
                while (sent < due) {
                    int vehicle = (int) (sent % options.vehicles());
                    long micros = Math.max(lastMicros[vehicle] + 1, clock.millis() * 1_000L);
                    lastMicros[vehicle] = micros;
                    // a slow walk inside Rome: plausible speeds, so no point is an outlier
                    double latitude = 41.85 + (vehicle % 40) * 0.003 + (sent / options.vehicles() % 1_000) * 1e-7;
                    double longitude = 12.45 + (vehicle / 40) * 0.003;
                    GpsPoint point = new GpsPoint(ids[vehicle], micros, latitude, longitude, GpsPoint.OCCUPANCY_UNKNOWN, "bench");
                    log.sent(vehicle, micros);
                    producer.send(new ProducerRecord<>(topic, PointCodec.key(point), PointCodec.encode(point)));
                    sent++;
                }
                LockSupport.parkNanos(500_000);
            }
            measuredNanos = System.nanoTime() - startNanos - warmupNanos;
            producer.flush();
        }
        // Let the last updates arrive.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.pending() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000);
        }
        socket.abort();
        double[] latencies = log.latenciesMillis();
        Arrays.sort(latencies);
        long measuredSent = log.measuredSent();
        Result result = new Result(sent, latencies.length, log.pending(), measuredSent / (measuredNanos / 1e9),
                percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1],
                receiver.updates());
        out.printf("sent=%d measured=%d unreflected=%d sent_per_s=%.0f updates=%d max_ms=%.0f%n", result.sent(), result.measured(),
                result.unreflected(), result.sentPerSecond(), result.updates(), result.maxMillis());
        out.println(result.summaryLine());
        out.flush();
        return result;
    }

    private static double percentile(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }

    /**
     * Send times per vehicle, in order, until an update reflects them. Guarded by its own lock: the producer
     * thread appends, the WebSocket thread removes.
     */
    private static final class SendLog {
        private final long[][] times;
        private final int[] heads;
        private final int[] tails;
        private final boolean[][] counted;
        private double[] latencies = new double[1 << 16];
        private int latencyCount;
        private boolean measuring;
        private long measuredSent;
        private long pending;

        SendLog(int vehicles) {
            times = new long[vehicles][64];
            counted = new boolean[vehicles][64];
            heads = new int[vehicles];
            tails = new int[vehicles];
        }

        synchronized void startMeasuring() {
            measuring = true;
        }

        synchronized void sent(int vehicle, long micros) {
            if (tails[vehicle] - heads[vehicle] == times[vehicle].length) {
                long[] grown = new long[times[vehicle].length * 2];
                boolean[] grownCounted = new boolean[grown.length];
                for (int i = heads[vehicle]; i < tails[vehicle]; i++) {
                    grown[i - heads[vehicle]] = times[vehicle][i % times[vehicle].length];
                    grownCounted[i - heads[vehicle]] = counted[vehicle][i % times[vehicle].length];
                }
                tails[vehicle] -= heads[vehicle];
                heads[vehicle] = 0;
                times[vehicle] = grown;
                counted[vehicle] = grownCounted;
            }
            int slot = tails[vehicle] % times[vehicle].length;
            times[vehicle][slot] = micros;
            counted[vehicle][slot] = measuring;
            tails[vehicle]++;
            pending++;
            if (measuring) {
                measuredSent++;
            }
        }

        /** An update shows {@code vehicle} at {@code micros}: every point of it sent until then is reflected now. */
        synchronized void reflected(int vehicle, long micros, long nowMicros) {
            long[] ring = times[vehicle];
            while (heads[vehicle] < tails[vehicle] && ring[heads[vehicle] % ring.length] <= micros) {
                int slot = heads[vehicle] % ring.length;
                if (counted[vehicle][slot]) {
                    if (latencyCount == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencyCount * 2);
                    }
                    latencies[latencyCount++] = (nowMicros - ring[slot]) / 1_000.0;
                }
                heads[vehicle]++;
                pending--;
            }
        }

        synchronized long pending() {
            return pending;
        }

        synchronized long measuredSent() {
            return measuredSent;
        }

        synchronized double[] latenciesMillis() {
            return Arrays.copyOf(latencies, latencyCount);
        }
    }

    /** The stand-in browser: reads each message's vehicles ({@code [id, lat, lon, timeMicros, ...]}). */
    private static final class Receiver implements WebSocket.Listener {
        private static final JsonFactory JSON = new JsonFactory();
        private final SendLog log;
        private final Clock clock;
        private final StringBuilder partial = new StringBuilder();
        private volatile long updates;

        Receiver(SendLog log, Clock clock) {
            this.log = log;
            this.clock = clock;
        }

        long updates() {
            return updates;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long nowMicros = clock.millis() * 1_000L;
                read(partial.toString(), nowMicros);
                partial.setLength(0);
                updates++;
            }
            webSocket.request(1);
            return null;
        }

        private void read(String message, long nowMicros) {
            try (JsonParser parser = JSON.createParser(message)) {
                while (parser.nextToken() != null) {
                    if (parser.currentToken() == JsonToken.FIELD_NAME && "vehicles".equals(parser.currentName())
                            && parser.getParsingContext().getParent().inRoot()) {
                        parser.nextToken(); // [
                        while (parser.nextToken() == JsonToken.START_ARRAY) {
                            parser.nextToken();
                            String id = parser.getText();
                            parser.nextToken();
                            parser.nextToken();
                            parser.nextToken();
                            long micros = parser.getLongValue();
                            parser.skipChildren();
                            while (parser.currentToken() != JsonToken.END_ARRAY) {
                                parser.nextToken();
                            }
                            if (id.startsWith("bench-")) {
                                log.reflected(Integer.parseInt(id, 6, id.length(), 10), micros, nowMicros);
                            }
                        }
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
