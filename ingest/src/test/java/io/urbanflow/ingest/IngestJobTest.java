package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.CommitOutcomeUnknownException;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.testing.UnreliableTableOperations;
import io.urbanflow.testing.UnreliableTableOperations.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest knows no domain: topics bound to tables through the generic JSON decoder, several topics in one job, one
 * rejected table shared, and offsets stored in the lake that lie outside the log. (The GPS fast path, crashes and
 * groups of processes: the mobility domain's ingest tests.)
 */
class IngestJobTest {
    static final Schema EVENTS = new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.optional(2, "amount", Types.LongType.get()),
            Types.NestedField.required(3, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(4, "kafka_offset", Types.LongType.get()),
            Types.NestedField.required(5, "ingested_at", Types.TimestampType.withZone()));
    static final RawTable REJECTED = IngestTables.rejected("raw.shop_rejected");

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir) {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static TopicBinding binding(String topic, String table) {
        return new TopicBinding(topic, RawTable.of(table, EVENTS, PartitionSpec.unpartitioned()), REJECTED,
                new JsonRecordDecoder(FieldMapping.identity()));
    }

    @Test
    void two_topics_land_in_their_tables_and_share_one_rejected_table_each_message_once() {
        Kafka.ensureTopic(broker.bootstrapServers(), "shop.orders", 2);
        Kafka.ensureTopic(broker.bootstrapServers(), "shop.visits", 1);
        send("shop.orders", 0, "{\"id\":\"o1\",\"amount\":5}", "{\"id\":\"o2\"}", "{\"amount\":1}");
        send("shop.orders", 1, "{\"id\":\"o3\",\"amount\":\"7\"}", "not json");
        send("shop.visits", 0, "{\"id\":\"v1\"}", "{\"id\":\"v2\",\"amount\":\"lots\"}", "{\"id\":\"v3\"}");
        List<TopicBinding> bindings = List.of(binding("shop.orders", "raw.orders"), binding("shop.visits", "raw.visits"));

        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            IngestResult result = ingest(lake, bindings, config("two-topics"));
            assertThat(result.summaryLine()).isEqualTo("ingested=5 rejected=3");
            assertThat(read(lake.table("raw.orders"))).extracting(row -> row.getField("id") + "=" + row.getField("amount"))
                    .containsExactlyInAnyOrder("o1=5", "o2=null", "o3=7");
            assertThat(read(lake.table("raw.visits"))).extracting(row -> row.getField("id")).containsExactlyInAnyOrder("v1", "v3");
            assertThat(read(lake.table("raw.shop_rejected"))).extracting(row -> row.getField("topic") + "/"
                    + row.getField("kafka_partition") + "/" + row.getField("kafka_offset") + ": " + row.getField("reason"))
                    .containsExactlyInAnyOrder(
                            "shop.orders/0/2: missing field id",
                            "shop.orders/1/1: not valid JSON at byte 4: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                            "shop.visits/0/1: field amount 'lots' is not a valid long");
            Table rejected = lake.table("raw.shop_rejected");
            // the rejected table stores the end of each batch that had rejects: past the last reject, at most the end
            assertThat(IngestOffsets.committed(rejected, "shop.orders").get(0)).isEqualTo(3L);
            assertThat(IngestOffsets.committed(rejected, "shop.orders").get(1)).isEqualTo(2L);
            assertThat(IngestOffsets.committed(rejected, "shop.visits").get(0)).isBetween(2L, 3L);
            assertThat(IngestOffsets.committed(lake.table("raw.visits"), "shop.visits")).isEqualTo(Map.of(0, 3L));

            // again, with one more message: only it is new
            send("shop.visits", 0, "{\"id\":\"v4\"}");
            assertThat(ingest(lake, bindings, config("two-topics")).summaryLine()).isEqualTo("ingested=1 rejected=0");
            assertThat(read(lake.table("raw.visits"))).hasSize(3);
        }
    }

    @Test
    void an_offset_past_the_end_of_the_log_stops_the_ingest_until_a_reset_is_chosen() {
        String topic = "recreated";
        Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
        send(topic, 0, "{\"id\":\"a\"}", "{\"id\":\"b\"}");
        List<TopicBinding> bindings = List.of(binding(topic, "raw.recreated"));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.create(bindings.get(0).table());
            // the lake says 5,000 messages were ingested: the topic was re-created since (or the broker lost its data)
            table.newFastAppend().set(IngestOffsets.summaryKey(topic), "0:5000").commit();

            assertThatThrownBy(() -> ingest(lake, bindings, config("recreated")))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot resume ingest: topic recreated partition 0: the lake's stored offset 5000 lies"
                            + " after the end of its log (offsets 0 to 2)")
                    .hasMessageContaining("--reset-offsets earliest");
            assertThat(read(table)).isEmpty();

            IngestResult reset = ingest(lake, bindings, config("recreated").withResetOffsets(OffsetReset.EARLIEST));
            assertThat(reset.ingested()).isEqualTo(2);
            table.refresh();
            assertThat(IngestOffsets.committed(table, topic)).isEqualTo(Map.of(0, 2L));
            assertThat(ingest(lake, bindings, config("recreated")).ingested()).as("resumes as usual afterwards").isZero();
        }
    }

    @Test
    void an_offset_before_the_start_of_the_log_is_a_gap_the_user_must_accept() throws Exception {
        String topic = "retained";
        Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
        send(topic, 0, "{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}", "{\"id\":\"d\"}");
        List<TopicBinding> bindings = List.of(binding(topic, "raw.retained"));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.create(bindings.get(0).table());
            table.newFastAppend().set(IngestOffsets.summaryKey(topic), "0:1").commit();
            // retention deletes the first three messages; the lake only has the first one
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3))).all().get();
            }

            assertThatThrownBy(() -> ingest(lake, bindings, config("retained")))
                    .hasMessageStartingWith("Cannot resume ingest: topic retained partition 0: the lake's stored offset 1 lies"
                            + " before the start of its log (offsets 3 to 4)");

            IngestResult accepted = ingest(lake, bindings, config("retained").withResetOffsets(OffsetReset.EARLIEST));
            assertThat(accepted.ingested()).isEqualTo(1);
            assertThat(read(table)).extracting(row -> row.getField("id")).containsExactly("d");
        }
    }

    @Test
    void latest_skips_what_is_in_the_log_and_takes_only_what_comes_next() {
        String topic = "latest";
        Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
        send(topic, 0, "{\"id\":\"old\"}");
        List<TopicBinding> bindings = List.of(binding(topic, "raw.latest"));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.create(bindings.get(0).table());
            table.newFastAppend().set(IngestOffsets.summaryKey(topic), "0:77").commit();
            assertThat(ingest(lake, bindings, config("latest").withResetOffsets(OffsetReset.LATEST)).ingested()).isZero();
            table.refresh();
            assertThat(IngestOffsets.committed(table, topic)).as("the choice is committed at once").isEqualTo(Map.of(0, 1L));
            send(topic, 0, "{\"id\":\"new\"}");
            assertThat(ingest(lake, bindings, config("latest")).ingested()).isEqualTo(1);
            assertThat(read(table)).extracting(row -> row.getField("id")).containsExactly("new");
        }
    }

    @Test
    void a_commit_that_landed_before_the_catalog_lost_the_answer_is_found_by_its_id_and_keeps_its_files() {
        for (Supplier<RuntimeException> error : List.<Supplier<RuntimeException>>of(
                () -> new CommitStateUnknownException(new java.sql.SQLTransientConnectionException("reset (test)")),
                // any error but a CleanableFailure leaves the outcome open, e.g. JDBC's connection failure
                () -> new UncheckedSQLException(new java.sql.SQLException("connection reset (test)"), "Database Connection failed"))) {
            String topic = "landed-" + error.get().getClass().getSimpleName();
            Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
            send(topic, 0, "{\"id\":\"a\"}", "not json", "{\"id\":\"b\"}", "{\"id\":\"c\"}");
            List<TopicBinding> bindings = List.of(binding(topic, "raw." + topic.replace('-', '_')));
            try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
                UnreliableTableOperations[] catalog = new UnreliableTableOperations[1];
                IngestResult result = ingest(lake, bindings, config(topic), table -> {
                    if (!table.name().endsWith(bindings.get(0).table().name())) {
                        return table;
                    }
                    catalog[0] = UnreliableTableOperations.of(table, 1, Outcome.LANDED, error);
                    return catalog[0].table(table.name());
                });

                assertThat(catalog[0].failed()).isTrue();
                assertThat(result.summaryLine()).isEqualTo("ingested=3 rejected=1");
                Table table = lake.table(bindings.get(0).table().name());
                assertThat(missingFiles(table)).isEmpty();
                assertThat(read(table)).extracting(row -> row.getField("id")).containsExactlyInAnyOrder("a", "b", "c");
                assertThat(IngestOffsets.committed(table, topic)).isEqualTo(Map.of(0, 4L));
            }
        }
    }

    @Test
    void a_commit_that_did_not_land_is_committed_again_and_every_message_lands_once() {
        String topic = "not-landed";
        Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
        send(topic, 0, "{\"id\":\"a\"}", "{\"id\":\"b\"}");
        List<TopicBinding> bindings = List.of(binding(topic, "raw.not_landed"));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            IngestResult result = ingest(lake, bindings, config(topic), table -> table.name().endsWith("raw.not_landed")
                    ? UnreliableTableOperations.of(table, 1, Outcome.NOT_LANDED).table(table.name()) : table);

            assertThat(result.ingested()).isEqualTo(2);
            Table table = lake.table("raw.not_landed");
            assertThat(read(table)).extracting(row -> row.getField("id")).containsExactlyInAnyOrder("a", "b");
            assertThat(missingFiles(table)).isEmpty();
        }
    }

    @Test
    void when_the_catalog_cannot_be_read_after_an_unknown_outcome_the_ingest_stops_deleting_nothing_and_a_restart_ends_exact()
            throws IOException {
        for (Outcome outcome : Outcome.values()) {
            String topic = "unreachable-" + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            String tableName = "raw." + topic.replace('-', '_');
            Kafka.ensureTopic(broker.bootstrapServers(), topic, 1);
            send(topic, 0, "{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}");
            List<TopicBinding> bindings = List.of(binding(topic, tableName));
            try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
                assertThatThrownBy(() -> ingest(lake, bindings, config(topic), table -> table.name().endsWith(tableName)
                        ? UnreliableTableOperations.of(table, 1, outcome).unreachableAfterFailure().table(table.name()) : table))
                        .isInstanceOf(CommitOutcomeUnknownException.class)
                        .hasMessageStartingWith("Cannot establish whether a commit to ")
                        .hasMessageContaining("No file was deleted");

                Table table = lake.table(tableName);
                assertThat(missingFiles(table)).isEmpty();
                List<Path> written = parquetFiles(table);
                assertThat(written).as("the batch's files, committed or orphans").isNotEmpty();

                IngestResult restart = ingest(lake, bindings, config(topic));
                assertThat(restart.ingested()).isEqualTo(outcome == Outcome.LANDED ? 0 : 3);
                assertThat(read(table)).extracting(row -> row.getField("id")).containsExactlyInAnyOrder("a", "b", "c");
                assertThat(parquetFiles(table)).containsAll(written);
            }
        }
    }

    static List<String> missingFiles(Table table) {
        table.refresh();
        List<String> missing = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> {
                if (!java.nio.file.Files.exists(Path.of(task.file().location()))) {
                    missing.add(task.file().location());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }

    static List<Path> parquetFiles(Table table) throws IOException {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(Path.of(table.location()))) {
            return paths.filter(path -> path.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    static IngestResult ingest(Lake lake, List<TopicBinding> bindings, IngestConfig config, UnaryOperator<Table> catalogView) {
        try (IngestJob job = IngestJob.create(lake, bindings, config, Clock.systemUTC(), catalogView)) {
            return job.run();
        }
    }

    static IngestConfig config(String group) {
        return IngestConfig.defaults().withBootstrapServers(broker.bootstrapServers()).withGroup(group)
                .withCommitInterval(Duration.ofMillis(300)).withUntilIdle(Duration.ofSeconds(2));
    }

    static IngestResult ingest(Lake lake, List<TopicBinding> bindings, IngestConfig config) {
        try (IngestJob job = IngestJob.create(lake, bindings, config, Clock.systemUTC())) {
            return job.run();
        }
    }

    static void send(String topic, int partition, String... values) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    static List<Record> read(Table table) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(row -> rows.add(row.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
