package io.urbanflow.mobility.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.stream.PointCodec;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.EmbeddedKafkaCluster;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest on a real three-node Kafka cluster in this JVM (replication factor 3, min.insync.replicas 2, the
 * replay's producer with acks=all and idempotence): a node stopped in the middle of a replay and an ingest loses
 * nothing and doubles nothing; three ingest processes of one group share six partitions and end exact.
 */
class KafkaClusterIT {
    @TempDir
    Path dir;

    @Test
    void stopping_one_node_of_three_during_replay_and_ingest_loses_and_doubles_nothing() throws Exception {
        int count = 120_000;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir.resolve("kafka"), 3, 0);
                Lake lake = Lake.open(LakeConfig.defaults(dir.resolve("data")))) {
            String topic = "failover";
            Kafka.ensureTopic(cluster.bootstrapServers(), topic, 6);
            IngestConfig config = IngestConfig.defaults().withBootstrapServers(cluster.bootstrapServers()).withGroup("failover-group")
                    .withCommitInterval(Duration.ofMillis(200)).withUntilIdle(Duration.ofSeconds(8));
            AtomicLong sent = new AtomicLong();
            try (IngestJob ingest = IngestJob.create(lake, List.of(GpsPointDecoder.binding(topic)), config, Clock.systemUTC())) {
                CompletableFuture<IngestResult> ingesting = CompletableFuture.supplyAsync(ingest::run);
                ReplayProducer replay = ReplayProducer.create(ReplayOptions.defaults(cluster.bootstrapServers()).withTopic(topic),
                        ReplayProgress.silent());
                CompletableFuture<ReplayResult> replaying = CompletableFuture.supplyAsync(
                        () -> replay.replay(new PointsSource(topic, count, sent), RejectSink.strict()));

                // mid-way through the replay, with rows already in the lake: one node goes away
                await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() > count / 3 && ingest.statistics().ingested() > 0);
                cluster.stopNode(2);

                ReplayResult replayed = replaying.get(120, TimeUnit.SECONDS);
                assertThat(replayed.failed()).isZero();
                assertThat(replayed.sent()).isEqualTo(count);
                IngestResult ingested = ingesting.get(180, TimeUnit.SECONDS);
                assertThat(ingested.ingested()).isEqualTo(count);
            }
            List<String> points = pointKeys(lake.table(MobilityTables.RAW_GPS_POINTS));
            assertThat(points).hasSize(count);
            assertThat(new HashSet<>(points)).hasSize(count); // every point once: none lost, none sent or ingested twice
            assertThat(IngestProcesses.committedMessages(lake, topic)).isEqualTo(count);
        }
    }

    @Test
    void three_ingest_processes_in_one_group_on_six_partitions_end_exact() throws Exception {
        int count = 90_000;
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("ingest.log");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir.resolve("kafka"), 3, 0);
                KafkaFixture kafka = new KafkaFixture(cluster.bootstrapServers());
                Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            kafka.topic("six", 6);
            List<Process> processes = new ArrayList<>();
            for (int process = 0; process < 3; process++) {
                processes.add(IngestProcesses.start(dataDir, cluster.bootstrapServers(), "six", "six-group", "-", "10",
                        200, 20_000, log));
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> IngestCrashIT.groupMembers(cluster.bootstrapServers(), "six-group") == 3);
            // sent while all three consume: each commits its own partitions' offsets on top of the others' snapshots
            List<GpsPoint> points = GpsIngestTest.points(0, count);
            for (int from = 0; from < count; from += 5_000) {
                kafka.send("six", points.subList(from, Math.min(count, from + 5_000)));
            }
            for (Process process : processes) {
                assertThat(process.waitFor(150, TimeUnit.SECONDS)).as(read(log)).isTrue();
                assertThat(process.exitValue()).as(read(log)).isZero();
            }

            List<String> keys = IngestProcesses.rowKeys(lake);
            assertThat(keys).hasSize(count);
            assertThat(IngestProcesses.distinct(keys)).hasSize(count);
            assertThat(IngestProcesses.committedMessages(lake, "six")).isEqualTo(count);
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("ingested="))
                    .hasSize(3).noneMatch(line -> line.startsWith("ingested=0 "));
        }
    }

    /** vehicle@micros of every row: a point's identity, whatever partition and offset it got. */
    private static List<String> pointKeys(Table table) {
        List<String> keys = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).select("vehicle_id", "ts").build()) {
            for (Record record : records) {
                keys.add(record.getField("vehicle_id") + "@" + record.getField("ts"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Test points as the replay's records, slowed a little so that a node can stop in the middle. */
    private record PointsSource(String topic, int count, AtomicLong sent) implements RecordSource {
        @Override
        public String name() {
            return "test-points";
        }

        @Override
        public List<String> topics() {
            return List.of(topic);
        }

        @Override
        public ReadSummary read(RecordSink records, RejectSink rejects) {
            for (GpsPoint point : GpsIngestTest.points(0, count)) {
                records.accept(new SourceRecord(topic, PointCodec.key(point), PointCodec.encode(point), point.epochMicros()));
                if (sent.incrementAndGet() % 2_000 == 0) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            return new ReadSummary(count, 0);
        }
    }
}
