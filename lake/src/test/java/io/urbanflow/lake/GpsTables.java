package io.urbanflow.lake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** Test-local raw tables of GPS-like points, as a domain would declare them (the lake knows no domain). */
public final class GpsTables {
    public static final String RAW_GPS_POINTS = "raw.gps_points";
    public static final String RAW_GPS_POINTS_REJECTED = "raw.gps_points_rejected";

    public static final Schema GPS_POINTS_SCHEMA = new Schema(
            Types.NestedField.required(1, "vehicle_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "lat", Types.DoubleType.get()),
            Types.NestedField.required(4, "lon", Types.DoubleType.get()),
            Types.NestedField.required(5, "occupancy", Types.IntegerType.get()),
            Types.NestedField.required(6, "source", Types.StringType.get()),
            Types.NestedField.required(7, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(8, "kafka_offset", Types.LongType.get()),
            Types.NestedField.required(9, "ingested_at", Types.TimestampType.withZone()));

    public static final Schema REJECTED_SCHEMA = new Schema(
            Types.NestedField.required(1, "topic", Types.StringType.get()),
            Types.NestedField.required(2, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(3, "kafka_offset", Types.LongType.get()),
            Types.NestedField.optional(4, "raw_value", Types.StringType.get()),
            Types.NestedField.required(5, "raw_encoding", Types.StringType.get()),
            Types.NestedField.required(6, "reason", Types.StringType.get()),
            Types.NestedField.required(7, "rejected_at", Types.TimestampType.withZone()));

    public static final RawTable GPS_POINTS = RawTable.of(RAW_GPS_POINTS, GPS_POINTS_SCHEMA,
            PartitionSpec.builderFor(GPS_POINTS_SCHEMA).day("ts").build());
    public static final RawTable GPS_POINTS_REJECTED = RawTable.of(RAW_GPS_POINTS_REJECTED, REJECTED_SCHEMA,
            PartitionSpec.unpartitioned());

    private GpsTables() {
    }

    /** Creates both tables unless they exist. */
    public static void create(Lake lake) {
        lake.create(GPS_POINTS);
        lake.create(GPS_POINTS_REJECTED);
    }

    /** A point of {@code vehicle} at {@code epochSeconds}, Kafka partition 0 and offset {@code offset}. */
    public static Record point(String vehicle, long epochSeconds, double latitude, double longitude, long offset) {
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        GenericRecord record = GenericRecord.create(GPS_POINTS_SCHEMA);
        record.setField("vehicle_id", vehicle);
        record.setField("ts", time);
        record.setField("lat", latitude);
        record.setField("lon", longitude);
        record.setField("occupancy", (int) (offset % 3) - 1);
        record.setField("source", "test");
        record.setField("kafka_partition", 0);
        record.setField("kafka_offset", offset);
        record.setField("ingested_at", time);
        return record;
    }
}
