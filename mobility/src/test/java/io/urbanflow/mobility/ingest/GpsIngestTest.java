package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestOffsets;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpsIngestTest {
    private static EmbeddedKafkaBroker broker;
    private static KafkaFixture kafka;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir) {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        kafka = new KafkaFixture(broker);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
        broker.close();
    }

    @Test
    void poison_messages_land_in_the_rejected_table_and_the_good_ones_around_them_are_ingested() {
        String topic = "poison";
        kafka.topic(topic, 1);
        kafka.sendToPartition(topic, 0, point("1", 0));
        kafka.sendRaw(topic, 0, new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
        kafka.sendToPartition(topic, 0, point("2", 1));
        kafka.sendRaw(topic, 0, "{\"v\":1,\"id\":\"3\",");
        kafka.sendRaw(topic, 0, "{\"v\":1,\"id\":\"4\",\"t\":1391209200739166,\"lat\":999,\"lon\":12.4877}");
        kafka.sendRaw(topic, 0, "{\"v\":1,\"id\":\"5\",\"t\":1391209200739166,\"lon\":12.4877}");
        kafka.sendToPartition(topic, 0, point("6", 2));
        kafka.flush();

        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            IngestResult result = ingest(lake, config(topic, "poison"));

            assertThat(result.summaryLine()).isEqualTo("ingested=3 rejected=4");
            assertThat(readPoints(lake)).extracting(row -> row.getField("vehicle_id"))
                    .containsExactlyInAnyOrder("1", "2", "6");
            List<Record> rejects = read(lake.table(MobilityTables.RAW_GPS_POINTS_REJECTED));
            assertThat(rejects).extracting(row -> row.getField("kafka_offset") + " " + row.getField("raw_encoding")
                    + " " + row.getField("reason"))
                    .containsExactlyInAnyOrder(
                            "1 base64 " + reasonOf(new byte[] {(byte) 0xff, 0x00, 0x13, 0x37}),
                            "3 utf-8 " + reasonOf("{\"v\":1,\"id\":\"3\","),
                            "4 utf-8 latitude 999.0 outside [-90, 90]",
                            "5 utf-8 missing field lat");
            assertThat(rejects).allSatisfy(row -> {
                assertThat(row.getField("topic")).isEqualTo(topic);
                assertThat(row.getField("kafka_partition")).isEqualTo(0);
                assertThat(row.getField("rejected_at")).isNotNull();
            });
            assertThat(rejects).filteredOn(row -> row.getField("kafka_offset").equals(1L)).singleElement()
                    .satisfies(row -> assertThat(row.getField("raw_value")).isEqualTo("/wATNw=="));
            assertThat(rejects).filteredOn(row -> row.getField("kafka_offset").equals(4L)).singleElement()
                    .satisfies(row -> assertThat((String) row.getField("raw_value")).contains("\"lat\":999"));
        }
    }

    @Test
    void offsets_are_stored_in_the_snapshot_and_a_restart_resumes_from_them_without_duplicates() throws Exception {
        String topic = "restart";
        kafka.topic(topic, 3);
        List<GpsPoint> first = points(0, 300);
        kafka.send(topic, first);
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            assertThat(ingest(lake, config(topic, "restart")).ingested()).isEqualTo(300);
            Table table = lake.table(MobilityTables.RAW_GPS_POINTS);
            Map<Integer, Long> stored = IngestOffsets.committed(table, topic);
            assertThat(stored.keySet()).containsExactly(0, 1, 2);
            assertThat(stored.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
            assertThat(table.currentSnapshot().summary()).containsKey("urbanflow.offsets.restart");

            // the group's own offsets point back to the start: the lake's offsets win
            rewindGroup("restart", topic, 3);
            kafka.send(topic, points(300, 200));
            assertThat(ingest(lake, config(topic, "restart")).ingested()).isEqualTo(200);

            // another group reading the same lake resumes from the lake too
            assertThat(ingest(lake, config(topic, "another-group")).ingested()).isZero();

            List<Record> rows = readPoints(lake);
            assertThat(rows).hasSize(500);
            Set<String> keys = new HashSet<>();
            rows.forEach(row -> keys.add(row.getField("kafka_partition") + "/" + row.getField("kafka_offset")));
            assertThat(keys).hasSize(500);
        }
    }

    @Test
    void every_field_survives_the_round_trip() {
        String topic = "round-trip";
        kafka.topic(topic, 1);
        List<GpsPoint> sent = List.of(
                new GpsPoint("taxi 1", 1_391_209_200_739_166L, 41.8836718276551, 12.4877775603346, GpsPoint.OCCUPIED, "rome-crawdad"),
                new GpsPoint("ü-2", 1_211_033_530_000_000L, 37.75153, -122.39447, GpsPoint.FREE, "sf-cabspotting"),
                new GpsPoint("3", 1_391_295_599_999_999L, -33.5, 151.25, GpsPoint.OCCUPANCY_UNKNOWN, ""));
        sent.forEach(point -> kafka.sendToPartition(topic, 0, point));
        kafka.flush();
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Clock clock = Clock.systemUTC();
            long before = clock.millis();
            ingest(lake, config(topic, "round-trip"));
            List<Record> rows = readPoints(lake);
            rows.sort((a, b) -> Long.compare((Long) a.getField("kafka_offset"), (Long) b.getField("kafka_offset")));
            assertThat(rows).hasSize(3);
            for (int i = 0; i < sent.size(); i++) {
                GpsPoint point = sent.get(i);
                Record row = rows.get(i);
                assertThat(row.getField("vehicle_id")).isEqualTo(point.vehicleId());
                assertThat(((OffsetDateTime) row.getField("ts")).toInstant()).isEqualTo(point.instant());
                assertThat(row.getField("lat")).isEqualTo(point.latitude());
                assertThat(row.getField("lon")).isEqualTo(point.longitude());
                assertThat(row.getField("occupancy")).isEqualTo(point.occupancy());
                assertThat(row.getField("source")).isEqualTo(point.source());
                assertThat(row.getField("kafka_partition")).isEqualTo(0);
                assertThat(row.getField("kafka_offset")).isEqualTo((long) i);
                assertThat(((OffsetDateTime) row.getField("ingested_at")).toInstant().toEpochMilli())
                        .isBetween(before - 1, clock.millis());
            }
            // the day partitions hold what they say
            Table table = lake.table(MobilityTables.RAW_GPS_POINTS);
            assertThat(table.currentSnapshot().summary().get("changed-partition-count")).isEqualTo("3");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rome/crawdad_taxi_february_head.txt", "sf-cabspotting"})
    void a_real_sample_is_ingested_whole_with_every_value(String sample) {
        String topic = "sample-" + sample.replaceAll("[^a-z]", "-");
        kafka.topic(topic, 3);
        List<GpsPoint> points = new ArrayList<>();
        io.urbanflow.sources.ReadSummary summary = io.urbanflow.mobility.sources.GpsSources
                .open(SampleData.file(sample), io.urbanflow.sources.SourceOptions.defaults())
                .read(points::add, reject -> { });
        assertThat(points).hasSize((int) summary.accepted()).isNotEmpty();
        kafka.send(topic, points);
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            IngestResult result = ingest(lake, config(topic, topic));
            assertThat(result.ingested()).isEqualTo(summary.accepted());
            assertThat(result.rejected()).isZero();
            List<String> sent = new ArrayList<>();
            points.forEach(point -> sent.add(point.vehicleId() + "|" + point.epochMicros() + "|" + point.latitude() + "|"
                    + point.longitude() + "|" + point.occupancy() + "|" + point.source()));
            List<String> stored = new ArrayList<>();
            readPoints(lake).forEach(row -> stored.add(row.getField("vehicle_id") + "|"
                    + GpsPoint.toEpochMicros(((OffsetDateTime) row.getField("ts")).toInstant()) + "|" + row.getField("lat")
                    + "|" + row.getField("lon") + "|" + row.getField("occupancy") + "|" + row.getField("source")));
            java.util.Collections.sort(sent);
            java.util.Collections.sort(stored);
            assertThat(stored).isEqualTo(sent); // sorted: AssertJ's any-order comparison is quadratic
        }
    }

    @Test
    void a_batch_of_rejects_only_still_advances_the_points_offsets() {
        String topic = "only-rejects";
        kafka.topic(topic, 1);
        kafka.sendRaw(topic, 0, "not a point");
        kafka.sendRaw(topic, 0, "{}");
        kafka.flush();
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            assertThat(ingest(lake, config(topic, "only-rejects")).summaryLine()).isEqualTo("ingested=0 rejected=2");
            assertThat(IngestOffsets.committed(lake.table(MobilityTables.RAW_GPS_POINTS), topic)).containsExactly(Map.entry(0, 2L));
            assertThat(IngestOffsets.committed(lake.table(MobilityTables.RAW_GPS_POINTS_REJECTED), topic)).containsExactly(Map.entry(0, 2L));
            assertThat(ingest(lake, config(topic, "only-rejects")).summaryLine()).isEqualTo("ingested=0 rejected=0");
            assertThat(read(lake.table(MobilityTables.RAW_GPS_POINTS_REJECTED))).hasSize(2);
        }
    }

    @Test
    void two_jobs_that_both_consume_every_partition_store_each_message_once() throws Exception {
        // different groups: each job is assigned every partition, like a zombie and its successor in one group
        String topic = "contended";
        kafka.topic(topic, 2);
        kafka.send(topic, points(0, 20_000));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<IngestResult>> runs = new ArrayList<>();
                for (String group : List.of("contender-a", "contender-b")) {
                    runs.add(pool.submit(() -> ingest(lake, config(topic, group).withCommitRows(1_000)
                            .withCommitInterval(Duration.ofMillis(50)))));
                }
                long ingestedByBoth = 0;
                for (var run : runs) {
                    ingestedByBoth += run.get().ingested();
                }
                assertThat(ingestedByBoth).isEqualTo(20_000);
            } finally {
                pool.shutdownNow();
            }
            List<Record> rows = readPoints(lake);
            Set<String> keys = new HashSet<>();
            rows.forEach(row -> keys.add(row.getField("kafka_partition") + "/" + row.getField("kafka_offset")));
            assertThat(rows).hasSize(20_000);
            assertThat(keys).hasSize(20_000);
            assertThat(IngestOffsets.committed(lake.table(MobilityTables.RAW_GPS_POINTS), topic).values()
                    .stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
        }
    }

    @Test
    void the_interval_commits_while_messages_keep_coming() {
        String topic = "interval";
        kafka.topic(topic, 1);
        kafka.send(topic, points(0, 50));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            IngestResult result = ingest(lake, config(topic, "interval").withCommitRows(10));
            assertThat(result.ingested()).isEqualTo(50);
            assertThat(result.commits()).isGreaterThanOrEqualTo(5);
        }
    }

    static IngestConfig config(String topic, String group) {
        return IngestConfig.defaults().withBootstrapServers(kafka.bootstrapServers).withTopics(List.of(topic)).withGroup(group)
                .withCommitInterval(Duration.ofMillis(300)).withUntilIdle(Duration.ofSeconds(1));
    }

    static IngestResult ingest(Lake lake, IngestConfig config) {
        try (IngestJob job = IngestJob.create(lake, List.of(GpsPointDecoder.binding(config.topics().get(0))), config, Clock.systemUTC())) {
            return job.run();
        }
    }

    static String reasonOf(byte[] value) {
        try {
            io.urbanflow.mobility.stream.PointCodec.decode(value);
            throw new AssertionError("decodes");
        } catch (io.urbanflow.model.InvalidRecordException e) {
            return e.reason();
        }
    }

    static String reasonOf(String value) {
        return reasonOf(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static GpsPoint point(String vehicle, int second) {
        return new GpsPoint(vehicle, 1_391_209_200_000_000L + second * 1_000_000L, 41.9 + second * 1e-5, 12.5, GpsPoint.FREE, "test");
    }

    static List<GpsPoint> points(int from, int count) {
        List<GpsPoint> points = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            points.add(point("v" + (i % 17), i));
        }
        return points;
    }

    static void rewindGroup(String group, String topic, int partitions) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(0));
            }
            consumer.commitSync(offsets);
        }
    }

    static List<Record> readPoints(Lake lake) {
        return read(lake.table(MobilityTables.RAW_GPS_POINTS));
    }

    static List<Record> read(Table table) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                rows.add(record.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
