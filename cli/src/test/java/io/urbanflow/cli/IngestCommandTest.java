package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.LocalPorts;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
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
    void ingests_until_idle_prints_the_counts_and_a_rerun_adds_nothing() {
        Kafka.ensureTopic(broker.bootstrapServers(), "gps.points", 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = 0; i < 100; i++) {
                GpsPoint point = new GpsPoint("taxi-" + (i % 7), 1_391_209_200_000_000L + i * 1_000_000L, 41.9, 12.5,
                        GpsPoint.FREE, "test");
                producer.send(new ProducerRecord<>("gps.points", PointCodec.key(point), PointCodec.encode(point)));
            }
            producer.send(new ProducerRecord<>("gps.points", null, "not json".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        String[] args = {"--data-dir", dir.resolve("data").toString(), "ingest", "--bootstrap-servers", broker.bootstrapServers(),
            "--domain", "mobility", "--commit-interval", "200ms", "--until-idle", "1"};

        CommandRun first = CommandRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.lastLine()).isEqualTo("ingested=100 rejected=1");

        CommandRun second = CommandRun.of(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.lastLine()).isEqualTo("ingested=0 rejected=0");
    }

    @Test
    void a_json_topic_of_the_user_s_own_goes_into_raw_gps_points_by_a_mapping() throws Exception {
        Kafka.ensureTopic(broker.bootstrapServers(), "my.points", 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("my.points", null,
                    "{\"vehicle_id\":\"156\",\"ts\":\"2014-02-01T00:00:00.739166+01:00\",\"lat\":41.88,\"lon\":12.48}"
                            .getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("my.points", null,
                    "{\"vehicle_id\":\"157\",\"ts\":\"not a time\",\"lat\":41.88,\"lon\":12.48}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        Path data = dir.resolve("json");
        CommandRun run = CommandRun.of("--data-dir", data.toString(), "ingest", "--bootstrap-servers", broker.bootstrapServers(),
                "--topic", "my.points", "--into", "raw.gps_points", "--mapping", "occupancy=const:-1,source=const:my-feed",
                "--commit-interval", "200ms", "--until-idle", "1");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo("ingested=1 rejected=1");
        CommandRun sql = CommandRun.of("--data-dir", data.toString(), "sql", "--format", "csv",
                "SELECT vehicle_id, epoch_us(ts), lat, occupancy, source FROM raw.gps_points UNION ALL"
                        + " SELECT topic, kafka_offset, NULL, NULL, reason FROM raw.gps_points_rejected ORDER BY 1");
        assertThat(sql.out().lines().toList()).containsExactly("vehicle_id,epoch_us(ts),lat,occupancy,source",
                "156,1391209200739166,41.88,-1,my-feed",
                "my.points,1,,,field ts 'not a time' is not a valid timestamp (iso)");
    }

    @Test
    void a_topic_no_domain_binds_and_a_mapping_without_a_table_are_one_line_each() {
        Path data = dir.resolve("mistakes");
        CommandRun unbound = CommandRun.of("--data-dir", data.toString(), "ingest", "--bootstrap-servers", broker.bootstrapServers(),
                "--topic", "nobody.binds", "--until-idle", "1");
        assertThat(unbound.code()).isEqualTo(1);
        assertThat(unbound.err().strip()).startsWith("urbanflow: Cannot ingest topic nobody.binds: no registered domain binds it")
                .endsWith("for a JSON topic of your own add --into TABLE");
        CommandRun mapping = CommandRun.of("--data-dir", data.toString(), "ingest", "--bootstrap-servers", broker.bootstrapServers(),
                "--mapping", "ts=time", "--until-idle", "1");
        assertThat(mapping.err().strip()).isEqualTo("urbanflow: Cannot ingest: --mapping applies to a topic ingested --into a table");
        CommandRun noTable = CommandRun.of("--data-dir", data.toString(), "ingest", "--bootstrap-servers", broker.bootstrapServers(),
                "--topic", "x", "--into", "raw.nothing", "--until-idle", "1");
        assertThat(noTable.err().strip()).startsWith("urbanflow: Cannot ingest into raw.nothing: no such table");
    }

    @Test
    void no_broker_within_the_idle_time_is_one_line_saying_how_to_start_one() throws IOException {
        int closedPort = LocalPorts.free("127.0.0.1");
        CommandRun run = CommandRun.of("--data-dir", dir.resolve("none").toString(), "ingest", "--bootstrap-servers", "127.0.0.1:" + closedPort,
                "--until-idle", "1");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("urbanflow: Cannot reach Kafka at 127.0.0.1:" + closedPort
                + ": no broker answered within 1s; check --bootstrap-servers (ingest.bootstrap-servers) or start one with: urbanflow broker");
    }

    @Test
    void a_bad_setting_is_one_line() {
        CommandRun run = CommandRun.of("--data-dir", dir.resolve("bad").toString(), "ingest", "--commit-interval", "soon");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("urbanflow: Cannot read setting ingest.commit-interval='soon': expected a "
                + "duration such as 500ms, 1s, 15m, 2h");
    }

    @Test
    void bench_ingest_ends_with_its_figures_as_key_value_pairs() {
        CommandRun run = CommandRun.of("--data-dir", dir.resolve("bench").toString(), "bench", "ingest", "--points", "20000", "--rate", "5000",
                "--freshness-seconds", "1", "--commit-interval", "200ms");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.lastLine()).matches("consume_only_rows_per_s=\\d+ write_only_rows_per_s=\\d+ ingest_rows_per_s=\\d+ "
                + "efficiency=\\d+\\.\\d\\d freshness_p50_ms=\\d+ freshness_p99_ms=\\d+");
    }


}
