package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayProducerTest {
    private static final long START_MICROS = 1_391_209_200_000_000L; // 2014-02-01T00:00+01:00, midnight in Rome
    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void delivers_every_point_keyed_by_vehicle_each_vehicle_in_order_in_one_partition() {
        List<GpsPoint> points = new ArrayList<>();
        for (int second = 0; second < 400; second++) {
            for (String vehicle : List.of("7", "taxi \"12\"", "\u00e9t\u00e9-3", "41")) {
                points.add(new GpsPoint(vehicle, START_MICROS + second * 1_000_000L + vehicle.length(),
                        41.9 + second * 1e-5, 12.5 - second * 1e-5, second % 3 - 1, "test"));
            }
        }
        ReplayResult result = replay("ordered", ReplaySpeed.MAX, new InMemoryPointSource(points, List.of()));

        assertThat(result.failed()).as(result.firstFailure()).isZero();
        assertThat(result.sent()).isEqualTo(points.size());
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), "ordered");
        assertThat(records).hasSize(points.size());
        Map<String, Integer> partitionOfVehicle = new HashMap<>();
        Map<String, List<GpsPoint>> received = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            GpsPoint point = PointCodec.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(point.vehicleId());
            assertThat(partitionOfVehicle.computeIfAbsent(point.vehicleId(), vehicle -> record.partition()))
                    .as("partition of %s", point.vehicleId()).isEqualTo(record.partition());
            received.computeIfAbsent(point.vehicleId(), vehicle -> new ArrayList<>()).add(point);
        }
        for (Map.Entry<String, List<GpsPoint>> vehicle : received.entrySet()) {
            List<GpsPoint> expected = points.stream().filter(point -> point.vehicleId().equals(vehicle.getKey())).toList();
            assertThat(vehicle.getValue()).as(vehicle.getKey()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void paces_points_by_the_data_clock_times_the_speed() {
        List<GpsPoint> points = new ArrayList<>();
        for (int index = 0; index < 10; index++) { // 10 points over 4 s of data: 2 s of wall time at 2x
            points.add(new GpsPoint("1", START_MICROS + index * 4_000_000L / 9, 41.9, 12.5, -1, "test"));
        }
        StopWatch watch = new StopWatch();
        ReplayResult result = ReplayProducer.create(options("paced", ReplaySpeed.times(2)), watch)
                .replay(new InMemoryPointSource(points, List.of()), reject -> { });

        assertThat(result.sent()).isEqualTo(10);
        // From the first point's send to the last acknowledgement: topic creation and client start-up excluded.
        assertThat(watch.took()).isBetween(Duration.ofMillis(1800), Duration.ofMillis(3000));
    }

    /** Times a replay from its first point to its end. */
    private static final class StopWatch implements ReplayProgress {
        private long firstPointNanos;
        private long finishNanos;

        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }

        @Override
        public void update(ReplayStatus status) {
        }

        @Override
        public void firstPoint(GpsPoint point) {
            firstPointNanos = System.nanoTime();
        }

        @Override
        public void finish(ReplayResult result) {
            finishNanos = System.nanoTime();
        }

        Duration took() {
            return Duration.ofNanos(finishNanos - firstPointNanos);
        }
    }

    @Test
    void counts_the_lines_the_source_rejected() {
        List<GpsPoint> points = List.of(point("a", 0), point("a", 1), point("b", 2));
        List<Reject> rejects = List.of(new Reject("f.txt", 2, "bad", "latitude 999.0 outside [-90, 90]"),
                new Reject("f.txt", 5, "worse", "not a point"));
        List<Reject> kept = new CopyOnWriteArrayList<>();
        ReplayResult result = ReplayProducer.create(options("rejects", ReplaySpeed.MAX), ReplayProgress.silent())
                .replay(new InMemoryPointSource(points, rejects), kept::add);

        assertThat(result.summaryLine()).isEqualTo("sent=3 rejected=2");
        assertThat(kept).containsExactlyElementsOf(rejects);
    }

    @Test
    void a_strict_replay_stops_at_the_first_bad_line_after_sending_the_points_before_it() {
        List<GpsPoint> points = List.of(point("a", 0), point("a", 1), point("b", 2));
        List<Reject> rejects = List.of(new Reject("f.txt", 2, "bad", "latitude 999.0 outside [-90, 90]"));
        ReplayProducer producer = ReplayProducer.create(options("strict", ReplaySpeed.MAX), ReplayProgress.silent());

        assertThatThrownBy(() -> producer.replay(new InMemoryPointSource(points, rejects), RejectSink.strict()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("Cannot read f.txt line 2: latitude 999.0 outside [-90, 90]");
        assertThat(TopicReader.readAll(broker.bootstrapServers(), "strict")).hasSize(2);
    }

    @Test
    void plain_progress_lines_show_the_counts_and_the_data_clock_in_the_city_zone() {
        List<GpsPoint> points = new ArrayList<>();
        for (int index = 0; index < 30; index++) {
            points.add(point("p" + index % 3, index * 100_000L)); // 3 s of data at 10x: about 0.3 s
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayProgress progress = ReplayProgress.lines(new PrintWriter(out, true, StandardCharsets.UTF_8), null, Duration.ofMillis(50));
        ReplayResult result = ReplayProducer.create(options("progress", ReplaySpeed.times(10)), progress)
                .replay(new InMemoryPointSource(points, List.of()), reject -> { });

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(result.sent()).isEqualTo(30);
        assertThat(printed).contains("replay: ").contains("points/s, data clock 2014-02-01 00:00:0").contains("Europe/Rome")
                .contains("replayed 30 points in ");
    }

    @Test
    void terminal_progress_redraws_one_line_and_ends_it() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayProgress progress = ReplayProgress.terminal(new PrintWriter(out, true, StandardCharsets.UTF_8), ZoneOffset.UTC);
        progress.update(new ReplayStatus(10, 8, 1, 1000, START_MICROS, ReplaySpeed.times(60)));
        progress.update(new ReplayStatus(20, 18, 1, 2000, START_MICROS + 1_000_000, ReplaySpeed.times(60)));
        progress.finish(new ReplayResult(20, 1, 0, null, 2000, START_MICROS, START_MICROS + 1_000_000));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r[").contains("18 sent  10 points/s  data clock 2014-01-31 23:00:01 Z  speed 60x  1 rejected")
                .contains("\nreplayed 20 points in 2.0 s (10 points/s)");
        assertThat(printed.split("\n")).hasSize(2);
    }

    private static GpsPoint point(String vehicle, long offsetMicros) {
        return new GpsPoint(vehicle, START_MICROS + offsetMicros, 41.9, 12.5, -1, "test");
    }

    private static ReplayOptions options(String topic, ReplaySpeed speed) {
        return ReplayOptions.defaults(broker.bootstrapServers()).withTopic(topic).withSpeed(speed);
    }

    private static ReplayResult replay(String topic, ReplaySpeed speed, InMemoryPointSource source) {
        return ReplayProducer.create(options(topic, speed), ReplayProgress.silent()).replay(source, reject -> { });
    }
}
