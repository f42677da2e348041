package io.urbanflow.mobility;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/**
 * Names and schemas of the tables the ingest writes, and the namespaces every lake has. Immutable constants.
 *
 * <p>Both raw tables carry the consumed Kafka offsets in their snapshot summaries (see {@link IngestOffsets}); the
 * ingest commits them with its own optimistic retry, so their {@code commit.retry.num-retries} is 0: an Iceberg
 * retry would re-apply a summary computed against an older snapshot.
 */
public final class MobilityTables {
    public static final String RAW = "raw";
    public static final String STAGE = "stage";
    public static final String MART = "mart";
    /** The namespaces {@link Lake#open} creates. */
    public static final java.util.List<String> NAMESPACES = java.util.List.of(RAW, STAGE, MART);

    public static final String RAW_GPS_POINTS = "raw.gps_points";
    public static final String RAW_GPS_POINTS_REJECTED = "raw.gps_points_rejected";

    /**
     * One accepted GPS point per row. {@code ts} is the fix's instant (microseconds, UTC); {@code occupancy} is
     * 1 occupied, 0 free, -1 unknown, as in {@code GpsPoint}; {@code source} is "" when unknown;
     * ({@code kafka_partition}, {@code kafka_offset}) is unique within the table.
     */
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

    /** Partitioned by the UTC day of {@code ts}: queries by time prune whole days. */
    public static final PartitionSpec GPS_POINTS_SPEC = PartitionSpec.builderFor(GPS_POINTS_SCHEMA).day("ts").build();

    /**
     * One message that could not be decoded or failed validation. {@code raw_value} is the message's value as
     * UTF-8 text when it is valid UTF-8 ({@code raw_encoding = 'utf-8'}), else base64 ({@code 'base64'});
     * null for a null value. {@code reason} is the decoder's short reason.
     */
    public static final Schema GPS_POINTS_REJECTED_SCHEMA = new Schema(
            Types.NestedField.required(1, "topic", Types.StringType.get()),
            Types.NestedField.required(2, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(3, "kafka_offset", Types.LongType.get()),
            Types.NestedField.optional(4, "raw_value", Types.StringType.get()),
            Types.NestedField.required(5, "raw_encoding", Types.StringType.get()),
            Types.NestedField.required(6, "reason", Types.StringType.get()),
            Types.NestedField.required(7, "rejected_at", Types.TimestampType.withZone()));

    public static final PartitionSpec GPS_POINTS_REJECTED_SPEC = PartitionSpec.unpartitioned();

    /** Properties of tables that the ingest commits to. */
    static final Map<String, String> RAW_TABLE_PROPERTIES = Map.of(
            TableProperties.DEFAULT_FILE_FORMAT, "parquet",
            TableProperties.PARQUET_COMPRESSION, "snappy",
            TableProperties.COMMIT_NUM_RETRIES, "0",
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
            TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

    private MobilityTables() {
    }

    /** Creates the raw tables when missing. Idempotent and safe when several processes race. */
    public static void createRawTables(Lake lake) {
        lake.createIfMissing(RAW_GPS_POINTS, GPS_POINTS_SCHEMA, GPS_POINTS_SPEC, RAW_TABLE_PROPERTIES);
        lake.createIfMissing(RAW_GPS_POINTS_REJECTED, GPS_POINTS_REJECTED_SCHEMA, GPS_POINTS_REJECTED_SPEC,
                RAW_TABLE_PROPERTIES);
    }

    public static Table gpsPoints(Lake lake) {
        return lake.table(RAW_GPS_POINTS);
    }

    public static Table gpsPointsRejected(Lake lake) {
        return lake.table(RAW_GPS_POINTS_REJECTED);
    }
}
