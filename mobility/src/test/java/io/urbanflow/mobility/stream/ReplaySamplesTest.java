package io.urbanflow.mobility.stream;

import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.sources.Sources;

import io.urbanflow.testing.TopicReader;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays of the real samples in ../shared/data into one embedded broker, read back and compared with the source. */
class ReplaySamplesTest {
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
    void a_replay_of_rome_crawdad_delivers_exactly_the_accepted_points_each_vehicle_in_order() throws IOException {
        List<GpsPoint> points = replayAndCompare(SampleData.romeCrawdad(), "rome-crawdad");
        assertThat(points).hasSize(5_000);
        assertThat(points.get(0).latitude()).isBetween(41.6, 42.2);
        assertThat(points.get(0).longitude()).isBetween(12.1, 12.9);
    }

    @Test
    void a_replay_of_rome_kaggle_delivers_exactly_the_accepted_points_each_vehicle_in_order() throws IOException {
        List<GpsPoint> points = replayAndCompare(SampleData.romeKaggle(), "rome-kaggle");
        assertThat(points).hasSize(10_000);
        assertThat(points.get(0).latitude()).as("swapped headers resolved").isBetween(41.6, 42.2);
    }

    @Test
    void a_replay_of_the_sf_cabspotting_folder_delivers_exactly_the_accepted_points_each_vehicle_in_order() throws IOException {
        List<GpsPoint> points = replayAndCompare(SampleData.sfCabspotting(), "sf");
        assertThat(points).hasSize(70_128);
        assertThat(points).extracting(GpsPoint::vehicleId).containsOnly("abboip", "aiwalb", "akgicjud");
        assertThat(points.get(0).longitude()).isBetween(-122.7, -121.7);
    }

    @Test
    void a_replay_of_porto_delivers_exactly_the_accepted_points_each_vehicle_in_order() throws IOException {
        List<GpsPoint> points = replayAndCompare(SampleData.porto(), "porto");
        assertThat(points).hasSize(47_304);
        assertThat(points.get(0).latitude()).isBetween(40.9, 41.4);
    }

    @Test
    void malformed_lines_are_quarantined_and_counted_as_rejected() throws IOException {
        Path file = dir.resolve("mixed.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()).subList(0, 100));
        lines.add(20, "156;2014-02-01 00:00:00.739166+01;POINT(999 12.4877)");
        lines.add(50, "this is not a point");
        lines.add(70, "157;yesterday;POINT(41.9 12.5)");
        Files.write(file, lines, StandardCharsets.UTF_8);

        List<GpsPoint> points = replayAndCompare(file, "mixed");
        assertThat(points).hasSize(100);
    }

    /**
     * Replays {@code path} to a new topic with a quarantine, reads the topic back and checks it holds exactly the
     * source's accepted points: the same count, every vehicle in one partition with its points in source order,
     * and values equal to the points; rejected equals the quarantine's lines.
     */
    private static List<GpsPoint> replayAndCompare(Path path, String topic) throws IOException {
        List<GpsPoint> expected = new ArrayList<>();
        long expectedRejects = GpsSources.open(path, SourceOptions.defaults()).read(expected::add, reject -> { }).rejected();

        ReplayResult result;
        Path quarantineFile;
        long quarantined;
        try (Quarantine quarantine = Quarantine.open(dir.resolve("data-" + topic), "replay")) {
            result = ReplayProducer.create(ReplayOptions.defaults(broker.bootstrapServers()).withTopic(topic), ReplayProgress.silent())
                    .replay(new Sources(new MobilityDomain().formats(), List.of()).open(path, SourceOptions.defaults()), quarantine);
            quarantined = quarantine.count();
            quarantineFile = quarantine.path();
        }
        assertThat(result.failed()).as(result.firstFailure()).isZero();
        assertThat(result.sent()).isEqualTo(expected.size());
        assertThat(result.rejected()).isEqualTo(expectedRejects).isEqualTo(quarantined);
        assertThat(Files.exists(quarantineFile) ? Files.readAllLines(quarantineFile).size() : 0).isEqualTo(result.rejected());

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), topic);
        assertThat(records).hasSize(expected.size());
        Map<String, List<GpsPoint>> expectedByVehicle = byVehicle(expected);
        Map<String, List<GpsPoint>> receivedByVehicle = new LinkedHashMap<>();
        Map<String, Integer> partitionOfVehicle = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) { // partition by partition, offsets ascending
            GpsPoint point = PointCodec.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(point.vehicleId());
            assertThat(partitionOfVehicle.computeIfAbsent(point.vehicleId(), vehicle -> record.partition()))
                    .as("vehicle %s stays in one partition", point.vehicleId()).isEqualTo(record.partition());
            receivedByVehicle.computeIfAbsent(point.vehicleId(), vehicle -> new ArrayList<>()).add(point);
        }
        assertThat(receivedByVehicle.keySet()).containsExactlyInAnyOrderElementsOf(expectedByVehicle.keySet());
        for (Map.Entry<String, List<GpsPoint>> vehicle : expectedByVehicle.entrySet()) {
            assertThat(receivedByVehicle.get(vehicle.getKey())).as("points of vehicle %s in offset order", vehicle.getKey())
                    .containsExactlyElementsOf(vehicle.getValue());
        }
        return expected;
    }

    private static Map<String, List<GpsPoint>> byVehicle(List<GpsPoint> points) {
        Map<String, List<GpsPoint>> byVehicle = new LinkedHashMap<>();
        for (GpsPoint point : points) {
            byVehicle.computeIfAbsent(point.vehicleId(), vehicle -> new ArrayList<>()).add(point);
        }
        return byVehicle;
    }
}
