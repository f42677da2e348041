package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code urbanflow ingest} in its own JVM: SIGTERM commits what it consumed, then prints the counts. */
class IngestCommandIT {
    private static final int MESSAGES = 500;
    private static final int COMMIT_ROWS = 300;

    @TempDir
    Path dir;

    @Test
    void sigterm_commits_what_was_consumed_and_prints_the_counts_without_a_stack_trace() throws Exception {
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        // small polls: the first commit (by rows) leaves the rest of the messages consumed but not committed
        Files.writeString(dataDir.resolve("urbanflow.properties"), "ingest.max-poll-records=100\n");
        Path output = dir.resolve("stdout.txt");
        Path errors = dir.resolve("stderr.txt");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Kafka.ensureTopic(broker.bootstrapServers(), "gps.points", 1);
            send(broker.bootstrapServers(), "gps.points");
            Process process = start(dataDir, broker.bootstrapServers(), output, errors);
            try {
                // running and consuming: the commit by rows landed; only SIGTERM can commit the rest (10 min interval)
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> rows(lake) >= COMMIT_ROWS);

                process.destroy(); // SIGTERM
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(errors)).isTrue();
            } finally {
                process.destroyForcibly();
            }

            String stderr = Files.readString(errors);
            assertThat(stderr).doesNotContain("Exception").doesNotContainPattern("\\n\\s+at ");
            assertThat(process.exitValue()).as(stderr).isZero();
            List<String> lines = Files.readAllLines(output);
            assertThat(lines).as(stderr).isNotEmpty();
            long committed = rows(lake);
            assertThat(committed).isGreaterThan(COMMIT_ROWS);
            assertThat(lines.get(lines.size() - 1)).isEqualTo("ingested=" + committed + " rejected=0");
        }
    }

    private static void send(String bootstrapServers, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = 0; i < MESSAGES; i++) {
                GpsPoint point = new GpsPoint("taxi-" + (i % 7), 1_391_209_200_000_000L + i * 1_000_000L, 41.9, 12.5,
                        GpsPoint.FREE, "test");
                producer.send(new ProducerRecord<>(topic, PointCodec.key(point), PointCodec.encode(point)));
            }
            producer.flush();
        }
    }

    private static Process start(Path dataDir, String bootstrapServers, Path output, Path errors) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.add("ingest");
        command.add("--bootstrap-servers");
        command.add(bootstrapServers);
        command.add("--topic");
        command.add("gps.points");
        command.add("--commit-interval");
        command.add("10m");
        command.add("--commit-rows");
        command.add(Integer.toString(COMMIT_ROWS));
        return new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
    }

    /** Rows in raw.gps_points as of its current snapshot; 0 before the first commit. */
    private static long rows(Lake lake) {
        return lake.findTable(MobilityTables.RAW_GPS_POINTS).map(table -> {
            table.refresh();
            Snapshot snapshot = table.currentSnapshot();
            return snapshot == null ? 0L : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
        }).orElse(0L);
    }
}
