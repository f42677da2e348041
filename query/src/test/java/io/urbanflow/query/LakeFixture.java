package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.lake.TableWrites;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * A temp-dir lake with GPS points written through Iceberg, for the query tests: test-local raw tables of a GPS-like
 * schema (the platform names no domain).
 */
final class LakeFixture {
    static final String RAW_GPS_POINTS = "raw.gps_points";
    static final String RAW_GPS_POINTS_REJECTED = "raw.gps_points_rejected";
    static final Schema GPS_POINTS_SCHEMA = new Schema(
            Types.NestedField.required(1, "vehicle_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "lat", Types.DoubleType.get()),
            Types.NestedField.required(4, "lon", Types.DoubleType.get()),
            Types.NestedField.required(5, "occupancy", Types.IntegerType.get()),
            Types.NestedField.required(6, "source", Types.StringType.get()),
            Types.NestedField.required(7, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(8, "kafka_offset", Types.LongType.get()),
            Types.NestedField.required(9, "ingested_at", Types.TimestampType.withZone()));
    static final Schema REJECTED_SCHEMA = new Schema(
            Types.NestedField.required(1, "topic", Types.StringType.get()),
            Types.NestedField.required(2, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(3, "kafka_offset", Types.LongType.get()),
            Types.NestedField.optional(4, "raw_value", Types.StringType.get()),
            Types.NestedField.required(5, "raw_encoding", Types.StringType.get()),
            Types.NestedField.required(6, "reason", Types.StringType.get()),
            Types.NestedField.required(7, "rejected_at", Types.TimestampType.withZone()));

    static final Instant DAY_ONE = Instant.parse("2014-02-01T07:00:00Z");
    static final Instant DAY_TWO = Instant.parse("2014-02-02T07:00:00Z");

    private LakeFixture() {
    }

    /** The lake with both raw tables created (empty). */
    static Lake open(Path dataDir) {
        Lake lake = Lake.open(LakeConfig.defaults(dataDir));
        lake.create(RawTable.of(RAW_GPS_POINTS, GPS_POINTS_SCHEMA, PartitionSpec.builderFor(GPS_POINTS_SCHEMA).day("ts").build()));
        lake.create(RawTable.of(RAW_GPS_POINTS_REJECTED, REJECTED_SCHEMA, PartitionSpec.unpartitioned()));
        return lake;
    }

    /** {@code count} points of vehicles "v0".."v4", one second apart from {@code start}, offsets from {@code firstOffset}. */
    static List<Record> points(Instant start, int count, long firstOffset) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            GenericRecord record = GenericRecord.create(GPS_POINTS_SCHEMA);
            record.setField("vehicle_id", "v" + (i % 5));
            record.setField("ts", OffsetDateTime.ofInstant(start.plusSeconds(i), ZoneOffset.UTC));
            record.setField("lat", 41.9 + i * 0.0001);
            record.setField("lon", 12.5 - i * 0.0001);
            record.setField("occupancy", i % 3 - 1);
            record.setField("source", "test");
            record.setField("kafka_partition", 0);
            record.setField("kafka_offset", firstOffset + i);
            record.setField("ingested_at", OffsetDateTime.ofInstant(start.plusSeconds(3600), ZoneOffset.UTC));
            records.add(record);
        }
        return records;
    }

    static void appendPoints(Lake lake, Instant start, int count, long firstOffset) {
        TableWrites.append(lake.table(RAW_GPS_POINTS), points(start, count, firstOffset));
    }

    static Table points(Lake lake) {
        Table table = lake.table(RAW_GPS_POINTS);
        table.refresh();
        return table;
    }
}
