package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSON topic into a table without code: the table's schema and a field mapping drive the decoder. */
class JsonRecordDecoderTest {
    /** The shape of raw.gps_points, as a user's JSON topic would be ingested into it. */
    static final Schema POINTS = new Schema(
            Types.NestedField.required(1, "vehicle_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "lat", Types.DoubleType.get()),
            Types.NestedField.required(4, "lon", Types.DoubleType.get()),
            Types.NestedField.required(5, "occupancy", Types.IntegerType.get()),
            Types.NestedField.required(6, "source", Types.StringType.get()),
            Types.NestedField.required(7, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(8, "kafka_offset", Types.LongType.get()),
            Types.NestedField.required(9, "ingested_at", Types.TimestampType.withZone()));

    @TempDir
    Path dir;

    @Test
    void a_json_topic_of_the_user_s_own_fills_every_column_by_the_mapping() {
        List<String> messages = List.of(
                "{\"vehicle_id\":\"156\",\"ts\":\"2014-02-01T00:00:00.739166+01:00\",\"lat\":41.88,\"lon\":12.48}",
                "{\"lon\": \"12.5\", \"lat\": \"41.9\", \"vehicle_id\": 157, \"ts\": \"2014-02-01 00:00:05\", \"extra\": [1, {\"a\": 2}]}");
        Decoded decoded = decode(POINTS, "occupancy=const:-1,source=const:my-feed,zone=Europe/Rome", messages);

        assertThat(decoded.reasons).containsExactly(null, null);
        assertThat(decoded.rows).hasSize(2);
        Record first = decoded.rows.get(0);
        assertThat(first.getField("vehicle_id")).isEqualTo("156");
        assertThat(first.getField("ts")).isEqualTo(OffsetDateTime.parse("2014-01-31T23:00:00.739166Z"));
        assertThat(first.getField("lat")).isEqualTo(41.88);
        assertThat(first.getField("occupancy")).isEqualTo(-1);
        assertThat(first.getField("source")).isEqualTo("my-feed");
        assertThat(first.getField("kafka_partition")).isEqualTo(0);
        assertThat(first.getField("kafka_offset")).isEqualTo(0L);
        Record second = decoded.rows.get(1);
        assertThat(second.getField("vehicle_id")).as("a number into a text column").isEqualTo("157");
        assertThat(second.getField("lat")).as("a number as text into a double column").isEqualTo(41.9);
        assertThat(second.getField("ts")).as("no offset: the mapping's zone").isEqualTo(OffsetDateTime.parse("2014-01-31T23:00:05Z"));
        assertThat(second.getField("kafka_offset")).isEqualTo(1L);
    }

    @Test
    void renamed_fields_and_epoch_timestamps_follow_the_mapping() {
        Decoded decoded = decode(POINTS, "vehicle_id=id,ts=time@epoch-ms,lat=y,lon=x,occupancy=busy,source=const:s",
                List.of("{\"id\":\"a\",\"time\":1391209200739,\"y\":41.9,\"x\":12.5,\"busy\":1}"));

        assertThat(decoded.reasons).containsOnlyNulls();
        assertThat(decoded.rows.get(0).getField("ts")).isEqualTo(OffsetDateTime.parse("2014-01-31T23:00:00.739Z"));
        assertThat(decoded.rows.get(0).getField("occupancy")).isEqualTo(1);
    }

    @Test
    void bad_messages_are_rejected_with_a_reason_and_nothing_of_them_is_written() {
        Decoded decoded = decode(POINTS, "occupancy=const:-1,source=const:s", List.of(
                "{\"vehicle_id\":\"1\",\"ts\":\"2014-02-01T00:00:00Z\",\"lat\":41.9,\"lon\":12.5",
                "[1, 2]",
                "{\"vehicle_id\":\"1\",\"ts\":\"yesterday\",\"lat\":41.9,\"lon\":12.5}",
                "{\"vehicle_id\":\"1\",\"ts\":\"2014-02-01T00:00:00Z\",\"lat\":\"north\",\"lon\":12.5}",
                "{\"vehicle_id\":\"1\",\"ts\":\"2014-02-01T00:00:00Z\",\"lon\":12.5}",
                "{\"vehicle_id\":\"1\",\"ts\":\"2014-02-01T00:00:00Z\",\"lat\":41.9,\"lon\":12.5} trailing",
                "{\"vehicle_id\":\"ok\",\"ts\":\"2014-02-01T00:00:00Z\",\"lat\":41.9,\"lon\":12.5}"));

        assertThat(decoded.reasons).hasSize(7);
        assertThat(decoded.reasons.get(0)).startsWith("not valid JSON");
        assertThat(decoded.reasons.get(1)).isEqualTo("not a JSON object");
        assertThat(decoded.reasons.get(2)).isEqualTo("field ts 'yesterday' is not a valid timestamp (iso)");
        assertThat(decoded.reasons.get(3)).isEqualTo("field lat 'north' is not a valid double");
        assertThat(decoded.reasons.get(4)).isEqualTo("missing field lat");
        assertThat(decoded.reasons.get(5)).startsWith("not valid JSON");
        assertThat(decoded.reasons.get(6)).isNull();
        assertThat(decoded.rows).extracting(row -> row.getField("vehicle_id")).containsExactly("ok");
    }

    @Test
    void a_mapping_that_cannot_fill_the_table_is_refused_before_anything_runs() {
        assertThatThrownBy(() -> JsonRecordDecoder.check(POINTS, FieldMapping.parse("occupancy=const:many")))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot use constant 'many' for column occupancy of type int");
        assertThatThrownBy(() -> FieldMapping.parse("ts"))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot read field mapping entry 'ts'");
        assertThatThrownBy(() -> FieldMapping.parse("zone=Mars/Olympus"))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("unknown zone");
        assertThatThrownBy(() -> FieldMapping.parse("ts=time@yyyy-qq-ZZZZZZZZ"))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot use timestamp format");
    }

    /** What a batch of messages became: per message null or its reject reason, and the rows committed. */
    record Decoded(List<String> reasons, List<Record> rows) {
    }

    private Decoded decode(Schema schema, String mapping, List<String> messages) {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir))) {
            Table table = lake.create(RawTable.of("raw.json_test", schema, PartitionSpec.unpartitioned()));
            BatchWriter writer = new JsonRecordDecoder(FieldMapping.parse(mapping)).open(table, "test");
            ConsumedRecord record = new ConsumedRecord();
            List<String> reasons = new ArrayList<>();
            for (int offset = 0; offset < messages.size(); offset++) {
                reasons.add(writer.write(record.set("t", 0, offset, null, messages.get(offset).getBytes(StandardCharsets.UTF_8), null),
                        1_391_209_200_000_000L));
            }
            AppendFiles append = table.newAppend();
            writer.finish().forEach(append::appendFile);
            append.commit();
            List<Record> rows = new ArrayList<>();
            try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
                read.forEach(row -> rows.add(row.copy()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows.sort((a, b) -> Long.compare((Long) a.getField("kafka_offset"), (Long) b.getField("kafka_offset")));
            return new Decoded(reasons, rows);
        }
    }
}
