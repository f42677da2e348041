package io.urbanflow.mobility.analytics;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Names and schemas of the tables {@code urbanflow analyze} and {@code urbanflow zones load} write. Days and hours
 * are local (the wall-clock time of the stage's {@code local_ts}, in the city's zone); the per-day tables are
 * partitioned by that day, which is the unit an incremental run replaces.
 */
public final class AnalyticsTables {
    public static final String STAGE_ZONES = "stage.zones";
    public static final String MART_TRIPS = "mart.trips";
    public static final String MART_STOPS = "mart.stops";
    public static final String MART_OD_MATRIX = "mart.od_matrix";
    public static final String MART_CELL_SPEED_HOURLY = "mart.cell_speed_hourly";
    public static final String MART_CLUSTERS = "mart.clusters";
    public static final String MART_ZONE_TRAFFIC_HOURLY = "mart.zone_traffic_hourly";
    public static final String MART_ZONE_OD = "mart.zone_od";

    /** {@code stage.zones}: polygons loaded by {@code urbanflow zones load}, one row per zone, WKT in lon/lat (EPSG:4326). */
    public static final Schema ZONES_SCHEMA = new Schema(
            required(1, "zone_set", Types.StringType.get(), "the set, e.g. districts"),
            required(2, "zone_id", Types.StringType.get(), "unique within the set"),
            required(3, "name", Types.StringType.get()),
            required(4, "wkt", Types.StringType.get(), "Polygon or MultiPolygon, longitude first"),
            required(5, "min_lat", Types.DoubleType.get(), "bounding box"),
            required(6, "min_lon", Types.DoubleType.get()),
            required(7, "max_lat", Types.DoubleType.get()),
            required(8, "max_lon", Types.DoubleType.get()),
            required(9, "position", Types.IntegerType.get(), "order in the file: where zones overlap, the first wins"),
            required(10, "loaded_at", Types.TimestampType.withZone()));

    /** {@code mart.trips}: movements between stays or gaps, see {@link TrajectorySegmenter}. */
    public static final Schema TRIPS_SCHEMA = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "trip_id", Types.StringType.get(), "vehicle_id-start epoch microseconds"),
            required(3, "day", Types.DateType.get(), "local day of the start"),
            required(4, "start_ts", Types.TimestampType.withZone()),
            required(5, "end_ts", Types.TimestampType.withZone()),
            required(6, "start_lat", Types.DoubleType.get()),
            required(7, "start_lon", Types.DoubleType.get()),
            required(8, "end_lat", Types.DoubleType.get()),
            required(9, "end_lon", Types.DoubleType.get()),
            required(10, "start_cell", Types.LongType.get(), "H3 cell of the first point"),
            required(11, "end_cell", Types.LongType.get(), "H3 cell of the last point"),
            required(12, "distance_m", Types.DoubleType.get(), "sum of haversine steps"),
            required(13, "duration_s", Types.DoubleType.get()),
            required(14, "mean_speed_kmh", Types.DoubleType.get(), "distance over duration"),
            required(15, "points", Types.IntegerType.get()),
            required(16, "start_hour", Types.IntegerType.get(), "local hour of the start, 0-23"));

    /** {@code mart.stops}: stay points (Li et al. 2008) with their clusters. */
    public static final Schema STOPS_SCHEMA = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "stop_id", Types.StringType.get(), "vehicle_id-start epoch microseconds"),
            required(3, "day", Types.DateType.get(), "local day of the arrival"),
            required(4, "start_ts", Types.TimestampType.withZone()),
            required(5, "end_ts", Types.TimestampType.withZone()),
            required(6, "duration_s", Types.DoubleType.get()),
            required(7, "lat", Types.DoubleType.get(), "centroid"),
            required(8, "lon", Types.DoubleType.get(), "centroid"),
            required(9, "h3_cell", Types.LongType.get(), "cell of the centroid"),
            required(10, "points", Types.IntegerType.get()),
            optional(11, "cluster_id", Types.IntegerType.get(), "DBSCAN place, -1 noise, NULL when DBSCAN is off"),
            optional(12, "kmeans_cluster_id", Types.IntegerType.get(), "k-means cluster, NULL when k-means is off"));

    /** {@code mart.od_matrix}: trips by origin cell, destination cell, local day and hour of the start. */
    public static final Schema OD_MATRIX_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "hour", Types.IntegerType.get(), "local hour of the trips' start, 0-23"),
            required(3, "origin_cell", Types.LongType.get()),
            required(4, "destination_cell", Types.LongType.get()),
            required(5, "trips", Types.LongType.get()),
            required(6, "mean_distance_m", Types.DoubleType.get()),
            required(7, "mean_duration_s", Types.DoubleType.get()));

    /** {@code mart.cell_speed_hourly}: per local day, hour of day and cell, from the non-outlier stage points. */
    public static final Schema CELL_SPEED_HOURLY_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "hour", Types.IntegerType.get(), "local hour of day, 0-23"),
            required(3, "h3_cell", Types.LongType.get()),
            optional(4, "median_speed_kmh", Types.DoubleType.get(), "median of the points' speeds; NULL when none has one"),
            optional(5, "mean_speed_kmh", Types.DoubleType.get(), "mean of the points' speeds; NULL when none has one"),
            required(6, "speed_samples", Types.LongType.get(), "points with a speed"),
            required(7, "points", Types.LongType.get()),
            required(8, "vehicles", Types.LongType.get()));

    /** {@code mart.clusters}: the clusters of the last run of each algorithm. */
    public static final Schema CLUSTERS_SCHEMA = new Schema(
            required(1, "run_id", Types.StringType.get(), "the run's start instant, ISO-8601"),
            required(2, "algorithm", Types.StringType.get(), "kmeans or dbscan"),
            required(3, "input", Types.StringType.get(), "stops or points"),
            required(4, "parameters", Types.StringType.get(), "e.g. k=4 silhouette=0.712 or eps_m=200 min_points=5"),
            required(5, "cluster_id", Types.IntegerType.get()),
            required(6, "centroid_lat", Types.DoubleType.get()),
            required(7, "centroid_lon", Types.DoubleType.get()),
            required(8, "size", Types.IntegerType.get(), "members in the clustered sample"),
            required(9, "radius_m", Types.DoubleType.get(), "90th percentile distance of the members to the centroid"),
            required(10, "created_at", Types.TimestampType.withZone()));

    /** {@code mart.zone_traffic_hourly}: points and vehicles per zone, local day and hour. */
    public static final Schema ZONE_TRAFFIC_HOURLY_SCHEMA = new Schema(
            required(1, "zone_set", Types.StringType.get()),
            required(2, "zone_id", Types.StringType.get()),
            required(3, "day", Types.DateType.get()),
            required(4, "hour", Types.IntegerType.get()),
            required(5, "points", Types.LongType.get()),
            required(6, "vehicles", Types.LongType.get()));

    /** {@code mart.zone_od}: trips by origin and destination zone (NULL: outside every zone of the set). */
    public static final Schema ZONE_OD_SCHEMA = new Schema(
            required(1, "zone_set", Types.StringType.get()),
            required(2, "day", Types.DateType.get()),
            required(3, "hour", Types.IntegerType.get(), "local hour of the trips' start"),
            optional(4, "origin_zone", Types.StringType.get()),
            optional(5, "destination_zone", Types.StringType.get()),
            required(6, "trips", Types.LongType.get()));

    public static final PartitionSpec ZONES_SPEC = PartitionSpec.unpartitioned();
    public static final PartitionSpec TRIPS_SPEC = byDay(TRIPS_SCHEMA);
    public static final PartitionSpec STOPS_SPEC = byDay(STOPS_SCHEMA);
    public static final PartitionSpec OD_MATRIX_SPEC = byDay(OD_MATRIX_SCHEMA);
    public static final PartitionSpec CELL_SPEED_HOURLY_SPEC = byDay(CELL_SPEED_HOURLY_SCHEMA);
    public static final PartitionSpec CLUSTERS_SPEC = PartitionSpec.unpartitioned();
    public static final PartitionSpec ZONE_TRAFFIC_HOURLY_SPEC = byDay(ZONE_TRAFFIC_HOURLY_SCHEMA);
    public static final PartitionSpec ZONE_OD_SPEC = byDay(ZONE_OD_SCHEMA);

    private AnalyticsTables() {
    }

    private static PartitionSpec byDay(Schema schema) {
        return PartitionSpec.builderFor(schema).identity("day").build();
    }
}
