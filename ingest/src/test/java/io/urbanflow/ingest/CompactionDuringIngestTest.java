package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.lake.maintenance.StepReport;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance beside a running exactly-once ingest: a generic JSON binding on an embedded broker, compaction and
 * expiry committing on other threads and another lake connection, and the table ending with exactly the sent rows.
 */
class CompactionDuringIngestTest {
    static final Schema READINGS = new Schema(
            Types.NestedField.required(1, "sensor_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "value", Types.DoubleType.get()),
            Types.NestedField.required(4, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(5, "kafka_offset", Types.LongType.get()));
    /** 20:00 UTC: the readings run over midnight into a second day partition. */
    static final Instant START = Instant.parse("2014-02-01T20:00:00Z");

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir) {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(properties);
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    @Test
    void compaction_and_expiry_during_an_ingest_lose_double_and_delay_no_row() throws Exception {
        String topic = "readings";
        Kafka.ensureTopic(broker.bootstrapServers(), topic, 3);
        int messages = 200_000;
        int rejectEvery = 10_000;
        TopicBinding binding = binding(topic, "raw.readings", "raw.rejected");
        AtomicBoolean ingestDone = new AtomicBoolean();
        AtomicInteger compactionCommits = new AtomicInteger();
        StringWriter progress = new StringWriter();
        MaintenanceConfig config = MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 5);
        MaintenanceOptions compactAndExpire = MaintenanceOptions.of(config)
                .withSteps(MaintenanceStep.COMPACT, MaintenanceStep.EXPIRE_SNAPSHOTS);
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor();
        try (Lake ingestLake = Lake.open(LakeConfig.defaults(dataDir)); Lake maintenanceLake = Lake.open(LakeConfig.defaults(dataDir));
             IngestJob job = IngestJob.create(ingestLake, List.of(binding), config(topic), Clock.systemUTC())) {
            maintenance.scheduleWithFixedDelay(() -> {
                MaintenanceReport report = Maintenance.run(maintenanceLake, compactAndExpire, Clock.systemUTC(), new PrintWriter(progress));
                for (StepReport step : report.of(MaintenanceStep.COMPACT)) {
                    compactionCommits.addAndGet(ingestDone.get() ? 0 : step.outcome().commits());
                }
            }, 300, 300, TimeUnit.MILLISECONDS);
            CompletableFuture<IngestResult> ingest = CompletableFuture.supplyAsync(job::run);
            send(topic, messages, rejectEvery); // paced over about 10 s: the ingest commits all along
            IngestResult result = ingest.get(60, TimeUnit.SECONDS);
            ingestDone.set(true);
            maintenance.shutdown();
            assertThat(maintenance.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            int rejects = messages / rejectEvery;
            assertThat(result.ingested()).as(result.summaryLine() + " " + result.commits() + " commits; maintenance: " + progress).isEqualTo(messages - rejects);
            assertThat(result.rejected()).isEqualTo(rejects);
            // many small commits for compaction to work on; on a loaded two-core machine commits take longer and
            // batches grow (14 commits were seen at load average 10-20), so the bound leaves room for that
            assertThat(result.commits()).isGreaterThan(5);
            assertThat(compactionCommits.get()).as("compactions committed while the ingest ran").isPositive();

            Table table = maintenanceLake.table("raw.readings");
            Table rejected = maintenanceLake.table("raw.rejected");
            Set<String> keys = new HashSet<>();
            long rows = 0;
            for (Record row : read(table)) {
                rows++;
                keys.add(row.getField("kafka_partition") + "/" + row.getField("kafka_offset"));
            }
            for (Record row : read(rejected)) {
                rows++;
                keys.add(row.getField("kafka_partition") + "/" + row.getField("kafka_offset"));
            }
            assertThat(rows).isEqualTo(messages);
            assertThat(keys).hasSize(messages); // no (partition, offset) twice, none missing
            Map<Integer, Long> stored = IngestOffsets.committed(table, topic);
            assertThat(stored.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(messages);
            // the rejected table's offsets move with the batches that had rejects: never past the rows' offsets
            IngestOffsets.committed(rejected, topic).forEach((partition, offset) ->
                    assertThat(offset).isPositive().isLessThanOrEqualTo(stored.get(partition)));

            long filesBefore = dataFiles(table);
            MaintenanceReport last = Maintenance.run(maintenanceLake, compactAndExpire.withTable("raw.readings"), Clock.systemUTC(),
                    new PrintWriter(progress));
            assertThat(dataFiles(table)).as("files after the last compaction (were %s)", filesBefore).isLessThanOrEqualTo(2);
            assertThat(last.of("raw.readings", MaintenanceStep.COMPACT).before().dataFiles()).isEqualTo(filesBefore);
            assertThat(IngestOffsets.committed(table, topic)).isEqualTo(stored);
            assertThat(read(table)).hasSize(messages - rejects);
        } finally {
            maintenance.shutdownNow();
        }
    }

    @Test
    void a_topic_that_idles_keeps_its_offsets_through_expiry_while_another_commits() throws Exception {
        Kafka.ensureTopic(broker.bootstrapServers(), "busy", 1);
        Kafka.ensureTopic(broker.bootstrapServers(), "idle", 1);
        List<TopicBinding> bindings = List.of(binding("busy", "raw.busy", "raw.shared_rejected"),
                binding("idle", "raw.idle", "raw.shared_rejected"));
        // both topics have a reject first: both write their offsets into the shared rejected table once
        producer.send(new ProducerRecord<>("idle", 0, null, "not json".getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>("idle", 0, null, json(1).getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>("busy", 0, null, "not json".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            runUntilIdle(lake, bindings, "idle-group");
            // then only the busy topic has rejects, in many commits, while maintenance expires everything it may
            MaintenanceOptions expireAll = MaintenanceOptions.of(MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 1))
                    .withSteps(MaintenanceStep.EXPIRE_SNAPSHOTS);
            for (int round = 0; round < 3; round++) {
                producer.send(new ProducerRecord<>("busy", 0, null, ("bad " + round).getBytes(StandardCharsets.UTF_8)));
                producer.flush();
                runUntilIdle(lake, bindings, "idle-group");
                Maintenance.run(lake, expireAll, Clock.systemUTC(), new PrintWriter(new StringWriter()));
            }
            Table shared = lake.table("raw.shared_rejected");
            assertThat(shared.snapshots()).hasSize(1);
            assertThat(IngestOffsets.committed(shared, "idle")).containsExactly(Map.entry(0, 2L));
            assertThat(IngestOffsets.committed(shared, "busy")).containsExactly(Map.entry(0, 4L));

            // a restart re-reads nothing of the idle topic: its reject is not stored twice
            runUntilIdle(lake, bindings, "another-group");
            assertThat(read(shared)).hasSize(5);
        }
    }

    private void runUntilIdle(Lake lake, List<TopicBinding> bindings, String group) {
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(broker.bootstrapServers()).withGroup(group)
                .withCommitInterval(Duration.ofMillis(200)).withUntilIdle(Duration.ofSeconds(2));
        try (IngestJob job = IngestJob.create(lake, bindings, config, Clock.systemUTC())) {
            job.run();
        }
    }

    private IngestConfig config(String topic) {
        return IngestConfig.defaults().withBootstrapServers(broker.bootstrapServers()).withGroup(topic + "-group")
                .withCommitInterval(Duration.ofMillis(200)).withUntilIdle(Duration.ofSeconds(3));
    }

    private static TopicBinding binding(String topic, String table, String rejected) {
        RawTable readings = RawTable.of(table, READINGS, PartitionSpec.builderFor(READINGS).day("ts").build());
        return new TopicBinding(topic, readings, IngestTables.rejected(rejected), new JsonRecordDecoder(FieldMapping.identity()), 3);
    }

    /** {@code count} messages in chunks over about 10 s; every {@code rejectEvery}-th is not JSON. */
    private static void send(String topic, int count, int rejectEvery) throws InterruptedException {
        int chunk = count / 50;
        for (int sent = 0; sent < count; ) {
            long chunkStart = System.nanoTime();
            for (int end = Math.min(count, sent + chunk); sent < end; sent++) {
                String value = sent % rejectEvery == rejectEvery - 1 ? "{broken " + sent : json(sent);
                producer.send(new ProducerRecord<>(topic, ("s" + sent % 97).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            long waitMillis = 200 - (System.nanoTime() - chunkStart) / 1_000_000;
            if (waitMillis > 0) {
                Thread.sleep(waitMillis); // pacing a producer, not waiting for a condition
            }
        }
    }

    private static String json(int index) {
        return "{\"sensor_id\":\"s" + index % 97 + "\",\"ts\":\"" + START.plusMillis(index * 100L) + "\",\"value\":" + (index % 1000) / 10.0 + "}";
    }

    private static List<Record> read(Table table) {
        table.refresh();
        List<Record> rows = new java.util.ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static long dataFiles(Table table) {
        table.refresh();
        long files = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask ignored : tasks) {
                files++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
