package io.urbanflow.mobility;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import io.urbanflow.ingest.IngestTables;
import io.urbanflow.lake.RawTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The mobility domain's topic and the names and schemas of its tables: the raw points the ingest writes and the stage
 * and mart tables its models build. Immutable constants.
 */
public final class MobilityTables {
    /** The domain's name. */
    public static final String DOMAIN = "mobility";
    /** The topic GPS points travel on. */
    public static final String TOPIC = "gps.points";

    public static final String RAW_GPS_POINTS = "raw.gps_points";
    public static final String RAW_GPS_POINTS_REJECTED = "raw.gps_points_rejected";
    public static final String STAGE_GPS_POINTS = "stage.gps_points";
    public static final String MART_TRAFFIC_10MIN = "mart.traffic_10min";
    public static final String MART_CELL_TRAFFIC_10MIN = "mart.cell_traffic_10min";

    /**
     * One accepted GPS point per row. {@code ts} is the fix's instant (microseconds, UTC); {@code occupancy} is
     * 1 occupied, 0 free, -1 unknown, as in {@code GpsPoint}; {@code source} is "" when unknown;
     * ({@code kafka_partition}, {@code kafka_offset}) is unique within the table.
     */
    public static final Schema GPS_POINTS_SCHEMA = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "ts", Types.TimestampType.withZone()),
            required(3, "lat", Types.DoubleType.get()),
            required(4, "lon", Types.DoubleType.get()),
            required(5, "occupancy", Types.IntegerType.get()),
            required(6, "source", Types.StringType.get()),
            required(7, "kafka_partition", Types.IntegerType.get()),
            required(8, "kafka_offset", Types.LongType.get()),
            required(9, "ingested_at", Types.TimestampType.withZone()));

    /** Partitioned by the UTC day of {@code ts}: queries by time prune whole days. */
    public static final PartitionSpec GPS_POINTS_SPEC = PartitionSpec.builderFor(GPS_POINTS_SCHEMA).day("ts").build();


    /** {@code raw.gps_points} as the ingest and loads write it. */
    public static final RawTable GPS_POINTS = RawTable.of(RAW_GPS_POINTS, GPS_POINTS_SCHEMA, GPS_POINTS_SPEC);

    /** {@code raw.gps_points_rejected}: messages of {@value #TOPIC} that are not valid points, with the reason. */
    public static final RawTable GPS_POINTS_REJECTED = IngestTables.rejected(RAW_GPS_POINTS_REJECTED);

    /**
     * {@code stage.gps_points}: one row per (vehicle, instant), partitioned by {@code day(ts)} (UTC days).
     * {@code h3_cell} is the H3 index as a BIGINT (compact, fast to join and group); H3's usual hex string is
     * {@code lower(hex(h3_cell))} in DuckDB (writing it per point cost a third of the build, so only the marts
     * store it). {@code speed_kmh}, {@code heading_deg} and
     * {@code distance_m} are measured from the vehicle's previous non-outlier point and are NULL for outliers, for
     * the first point of a track, and (heading) when the vehicle did not move.
     */
    public static final Schema STAGE_GPS_POINTS_SCHEMA = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "ts", Types.TimestampType.withZone(), "instant of the fix (UTC)"),
            required(3, "lat", Types.DoubleType.get()),
            required(4, "lon", Types.DoubleType.get()),
            optional(5, "occupancy", Types.IntegerType.get(), "1 occupied, 0 free, -1 unknown"),
            optional(6, "source", Types.StringType.get()),
            required(7, "local_ts", Types.TimestampType.withoutZone(), "wall-clock time in the city's zone"),
            optional(8, "speed_kmh", Types.DoubleType.get(), "from the previous non-outlier point"),
            optional(9, "heading_deg", Types.DoubleType.get(), "initial bearing from the previous non-outlier point, 0 = north"),
            optional(10, "distance_m", Types.DoubleType.get(), "haversine distance from the previous non-outlier point"),
            required(11, "h3_cell", Types.LongType.get(), "H3 cell index at the configured resolution"),
            required(12, "is_outlier", Types.BooleanType.get(), "outside the city's bounds or implying an impossible speed"));

    public static final PartitionSpec STAGE_GPS_POINTS_SPEC = PartitionSpec.builderFor(STAGE_GPS_POINTS_SCHEMA).day("ts").build();

    /** {@code mart.traffic_10min}: the seed's aggregate, one row per 10-minute interval aligned in the configured zone. */
    public static final Schema TRAFFIC_10MIN_SCHEMA = new Schema(
            required(1, "interval_10min", Types.TimestampType.withZone(), "start of the interval, aligned in aggregate.zone"),
            required(2, "total_points", Types.LongType.get()),
            required(3, "unique_taxis", Types.LongType.get()),
            required(4, "earliest", Types.TimestampType.withZone()),
            required(5, "latest", Types.TimestampType.withZone()),
            required(6, "avg_lat", Types.DoubleType.get()),
            required(7, "avg_lon", Types.DoubleType.get()));

    public static final PartitionSpec TRAFFIC_10MIN_SPEC = PartitionSpec.builderFor(TRAFFIC_10MIN_SCHEMA).day("interval_10min").build();

    /** {@code mart.cell_traffic_10min}: per H3 cell and 10-minute interval, from the non-outlier stage points. */
    public static final Schema CELL_TRAFFIC_10MIN_SCHEMA = new Schema(
            required(1, "interval_10min", Types.TimestampType.withZone(), "start of the interval, aligned in aggregate.zone"),
            required(2, "h3_cell", Types.LongType.get()),
            required(3, "h3_cell_hex", Types.StringType.get()),
            required(4, "points", Types.LongType.get()),
            required(5, "vehicles", Types.LongType.get()),
            optional(6, "mean_speed_kmh", Types.DoubleType.get(), "mean of the points' speeds; NULL when none has one"),
            required(7, "speed_samples", Types.LongType.get(), "points with a speed"));

    public static final PartitionSpec CELL_TRAFFIC_10MIN_SPEC = PartitionSpec.builderFor(CELL_TRAFFIC_10MIN_SCHEMA).day("interval_10min").build();

    private MobilityTables() {
    }
}
