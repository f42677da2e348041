package io.urbanflow.mobility.analytics.charts.internal;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.analytics.charts.CellMap;
import io.urbanflow.mobility.analytics.charts.ClusterMap;
import io.urbanflow.mobility.analytics.charts.HexbinMap;
import io.urbanflow.mobility.analytics.charts.MapExtent;
import io.urbanflow.mobility.analytics.charts.PlotScope;
import io.urbanflow.mobility.analytics.charts.SpeedMap;
import io.urbanflow.mobility.analytics.charts.TrafficSeries;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the numbers behind each chart from the lake, preferring the pipeline's tables and falling back to
 * {@code raw.gps_points} where they are missing or behind:
 * <ul>
 *   <li>points: {@code stage.gps_points} without outliers when it has caught up with raw, else raw;</li>
 *   <li>10-minute counts: {@code mart.traffic_10min} when it is current and the lake holds one city, else a
 *       GROUP BY over raw (the same definition);</li>
 *   <li>H3 cells: {@code stage.gps_points.h3_cell} (rolled up to coarser resolutions with {@code cellToParent}),
 *       else H3 in Java per point;</li>
 *   <li>speeds: {@code stage.gps_points.speed_kmh}, else haversine speeds between consecutive fixes of a vehicle
 *       (at most 10 minutes apart, at most 200 km/h) computed in DuckDB.</li>
 * </ul>
 * Not thread-safe.
 */
public final class ChartReader {
    /** Speeds above this are GPS jumps, not driving (the pipeline's default outlier speed). */
    static final double MAXIMUM_SPEED_KMH = 200;
    /** Consecutive fixes further apart than this are not one movement: no speed between them. */
    static final long MAXIMUM_SPEED_GAP_SECONDS = 600;
    private static final long TEN_MINUTES_MICROS = 600_000_000L;

    private final LakeData lake;

    public ChartReader(LakeData lake) {
        this.lake = lake;
    }

    /** A table of points and the WHERE clause selecting a scope's points in it. */
    public record Points(String table, String where, String windowWhere) {
        boolean staged() {
            return table.equals(LakeData.STAGE_POINTS);
        }
    }

    /** Where the scope's points are read from (see the class comment). */
    public Points points(PlotScope scope) {
        Points raw = new Points(LakeData.RAW_POINTS, LakeData.where(scope, "ts"), LakeData.where(withoutHour(scope), "ts"));
        if (!lake.hasColumns(LakeData.STAGE_POINTS, "ts", "lat", "lon", "vehicle_id", "is_outlier")) {
            return raw;
        }
        String stageAll = LakeData.where(scope, "ts");
        Instant staged = lake.latest(LakeData.STAGE_POINTS, stageAll);
        Instant ingested = lake.has(LakeData.RAW_POINTS) ? lake.latest(LakeData.RAW_POINTS, raw.where()) : null;
        if (staged == null || (ingested != null && staged.isBefore(ingested))) {
            return raw;
        }
        return new Points(LakeData.STAGE_POINTS, LakeData.where(scope, "ts", "NOT is_outlier"),
                LakeData.where(withoutHour(scope), "ts", "NOT is_outlier"));
    }

    public long count(Points points) {
        return lake.count(points.table(), points.where());
    }

    /** First and last instant of the points, or null when there are none. */
    public Instant[] span(Points points) {
        Instant[][] span = new Instant[1][];
        lake.query("SELECT epoch_us(min(ts)), epoch_us(max(ts)) FROM " + points.table() + points.where(), row -> {
            long first = row.getLong(1);
            if (!row.wasNull()) {
                span[0] = new Instant[] {Instant.EPOCH.plus(first, ChronoUnit.MICROS), Instant.EPOCH.plus(row.getLong(2), ChronoUnit.MICROS)};
            }
        });
        return span[0];
    }

    public MapExtent extent(Points points) {
        return lake.extent(points.table(), points.where());
    }

    /** Points and active vehicles per 10 minutes, zeros filled in, and the mean daily profile. */
    public TrafficSeries traffic(PlotScope scope, boolean singleCity) {
        List<long[]> rows = new ArrayList<>();
        String table;
        if (singleCity && martTrafficIsCurrent(scope)) {
            table = LakeData.TRAFFIC_10MIN;
            lake.query("SELECT epoch_us(interval_10min), total_points, unique_taxis FROM " + table
                    + LakeData.where(new PlotScope(null, scope.zone(), scope.from(), scope.to(), null), "interval_10min")
                    + " ORDER BY 1", row -> rows.add(new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}));
        } else {
            table = LakeData.RAW_POINTS;
            lake.query("SELECT epoch_us(time_bucket(INTERVAL '10 minutes', ts)) AS bucket, count(*), count(DISTINCT vehicle_id)"
                    + " FROM " + table + LakeData.where(scope, "ts") + " GROUP BY bucket ORDER BY bucket",
                    row -> rows.add(new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}));
        }
        return series(scope, rows, table);
    }

    private boolean martTrafficIsCurrent(PlotScope scope) {
        if (!lake.hasColumns(LakeData.TRAFFIC_10MIN, "interval_10min", "total_points", "unique_taxis")) {
            return false;
        }
        long[] latestInterval = {Long.MIN_VALUE};
        lake.query("SELECT epoch_us(max(interval_10min)) FROM " + LakeData.TRAFFIC_10MIN, row -> {
            long micros = row.getLong(1);
            latestInterval[0] = row.wasNull() ? Long.MIN_VALUE : micros;
        });
        Instant ingested = lake.latest(LakeData.RAW_POINTS, LakeData.where(new PlotScope(null, scope.zone(), null, null, null), "ts"));
        return latestInterval[0] != Long.MIN_VALUE && ingested != null
                && latestInterval[0] + TEN_MINUTES_MICROS > ChronoUnit.MICROS.between(Instant.EPOCH, ingested);
    }

    private static TrafficSeries series(PlotScope scope, List<long[]> rows, String table) {
        List<TrafficSeries.Interval> intervals = new ArrayList<>();
        if (rows.isEmpty()) {
            return new TrafficSeries(scope.zone(), intervals, List.of(), 0, table);
        }
        long first = rows.get(0)[0];
        long last = rows.get(rows.size() - 1)[0];
        int next = 0;
        for (long start = first; start <= last; start += TEN_MINUTES_MICROS) {
            long points = 0;
            long vehicles = 0;
            while (next < rows.size() && rows.get(next)[0] < start + TEN_MINUTES_MICROS) {
                points += rows.get(next)[1];
                vehicles = Math.max(vehicles, rows.get(next)[2]);
                next++;
            }
            intervals.add(new TrafficSeries.Interval(Instant.EPOCH.plus(start, ChronoUnit.MICROS), points, vehicles));
        }
        LocalDate firstDay = intervals.get(0).start().atZone(scope.zone()).toLocalDate();
        LocalDate lastDay = intervals.get(intervals.size() - 1).start().atZone(scope.zone()).toLocalDate();
        int days = (int) ChronoUnit.DAYS.between(firstDay, lastDay) + 1;
        double[] points = new double[144];
        double[] vehicles = new double[144];
        for (TrafficSeries.Interval interval : intervals) {
            ZonedDateTime local = interval.start().atZone(scope.zone());
            int slot = (local.getHour() * 60 + local.getMinute()) / 10;
            points[slot] += interval.points();
            vehicles[slot] += interval.vehicles();
        }
        List<TrafficSeries.ProfileSlot> profile = new ArrayList<>(144);
        for (int slot = 0; slot < 144; slot++) {
            profile.add(new TrafficSeries.ProfileSlot(slot * 10, points[slot] / days, vehicles[slot] / days));
        }
        return new TrafficSeries(scope.zone(), intervals, profile, days, table);
    }

    /** Points per H3 cell at {@code resolution}. */
    public CellMap density(PlotScope scope, int resolution) {
        Points points = points(scope);
        MapExtent extent = extent(points);
        CellAccumulator cells = new CellAccumulator();
        long[] total = new long[1];
        int stageResolution = points.staged() ? stageResolution() : -1;
        H3Core h3 = H3Cells.core();
        if (stageResolution >= resolution) {
            lake.query("SELECT h3_cell, count(*) FROM " + points.table() + points.where() + " GROUP BY h3_cell", row -> {
                long cell = row.getLong(1);
                long count = row.getLong(2);
                cells.add(stageResolution == resolution ? cell : h3.cellToParent(cell, resolution), count, count);
                total[0] += count;
            });
        } else {
            lake.query("SELECT lat, lon FROM " + points.table() + points.where(), row -> {
                cells.add(h3.latLngToCell(row.getDouble(1), row.getDouble(2), resolution), 1);
                total[0]++;
            });
        }
        List<CellMap.CellValue> values = new ArrayList<>(cells.size());
        cells.forEach((cell, count, sum) -> values.add(new CellMap.CellValue(cell, count, count)));
        return new CellMap(resolution, values, total[0], extent, points.table());
    }

    /** Points per hexagon of a matplotlib-style hex grid over the map's extent; points off the map are left out. */
    public HexbinMap hexbin(PlotScope scope, int gridSize) {
        Points points = points(scope);
        MapExtent extent = extent(points);
        if (extent == null) {
            return new HexbinMap(gridSize, 0, List.of(), 0, null, points.table());
        }
        HexGrid grid = new HexGrid(extent, gridSize);
        CellAccumulator cells = new CellAccumulator();
        long[] total = new long[1];
        lake.query("SELECT lat, lon FROM " + points.table() + points.where(), row -> {
            double latitude = row.getDouble(1);
            double longitude = row.getDouble(2);
            if (latitude >= extent.south() && latitude <= extent.north() && longitude >= extent.west() && longitude <= extent.east()) {
                cells.add(grid.cellOf(latitude, longitude), 1);
                total[0]++;
            }
        });
        List<HexbinMap.Bin> bins = new ArrayList<>(cells.size());
        cells.forEach((cell, count, sum) -> {
            double[] centre = grid.centre(cell);
            bins.add(new HexbinMap.Bin(cell, centre[0], centre[1], count));
        });
        return new HexbinMap(gridSize, grid.cellWidthDegrees(), bins, total[0], extent, points.table());
    }

    /** Mean speeds by H3 cell and local hour, leaving out cells and hours with fewer than {@code minSamples}. */
    public SpeedMap speed(PlotScope scope, int resolution, int minSamples) {
        Points points = points(scope);
        MapExtent extent = extent(points);
        CellAccumulator cells = new CellAccumulator();
        double[] hourSums = new double[24];
        long[] hourCounts = new long[24];
        long[] total = new long[1];
        H3Core h3 = H3Cells.core();
        String local = LakeData.localTime("ts", scope.zone());
        String table;
        if (points.staged() && lake.hasColumns(LakeData.STAGE_POINTS, "speed_kmh", "h3_cell")) {
            table = LakeData.STAGE_POINTS;
            String where = LakeData.where(scope, "ts", "NOT is_outlier", "speed_kmh IS NOT NULL");
            int stageResolution = stageResolution();
            if (stageResolution >= resolution) {
                lake.query("SELECT h3_cell, count(*), sum(speed_kmh) FROM " + table + where + " GROUP BY h3_cell", row -> {
                    long cell = row.getLong(1);
                    long count = row.getLong(2);
                    cells.add(stageResolution == resolution ? cell : h3.cellToParent(cell, resolution), count, row.getDouble(3));
                    total[0] += count;
                });
            } else {
                lake.query("SELECT lat, lon, speed_kmh FROM " + table + where, row -> {
                    cells.add(h3.latLngToCell(row.getDouble(1), row.getDouble(2), resolution), row.getDouble(3));
                    total[0]++;
                });
            }
            lake.query("SELECT hour(" + local + ") AS hour, count(*), sum(speed_kmh) FROM " + table + where + " GROUP BY hour", row -> {
                hourCounts[row.getInt(1)] += row.getLong(2);
                hourSums[row.getInt(1)] += row.getDouble(3);
            });
        } else {
            table = LakeData.RAW_POINTS;
            String hourFilter = scope.hour() == null ? "" : " AND hour = " + scope.hour();
            lake.query(rawSpeedsSql(scope) + hourFilter, row -> {
                double speed = row.getDouble(4);
                cells.add(h3.latLngToCell(row.getDouble(1), row.getDouble(2), resolution), speed);
                hourCounts[row.getInt(3)]++;
                hourSums[row.getInt(3)] += speed;
                total[0]++;
            });
        }
        List<CellMap.CellValue> values = new ArrayList<>();
        cells.forEach((cell, count, sum) -> {
            if (count >= minSamples) {
                values.add(new CellMap.CellValue(cell, sum / count, count));
            }
        });
        List<SpeedMap.HourSpeed> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            if (hourCounts[hour] >= minSamples) {
                hours.add(new SpeedMap.HourSpeed(hour, hourSums[hour] / hourCounts[hour], hourCounts[hour]));
            }
        }
        return new SpeedMap(new CellMap(resolution, values, total[0], extent, table), hours, table);
    }

    /**
     * Rows {@code lat, lon, hour, speed_kmh}: each fix with the haversine speed from the same vehicle's previous fix
     * in the scope (without its hour filter, which the caller adds on {@code hour}).
     */
    static String rawSpeedsSql(PlotScope scope) {
        PlotScope allHours = withoutHour(scope);
        return "SELECT lat, lon, hour, speed_kmh FROM ("
                + " SELECT lat, lon, hour(" + LakeData.localTime("ts", scope.zone()) + ") AS hour,"
                + " 2 * 6371008.8 * asin(sqrt(pow(sin(radians(lat - previous_lat) / 2), 2)"
                + " + cos(radians(previous_lat)) * cos(radians(lat)) * pow(sin(radians(lon - previous_lon) / 2), 2)))"
                + " / seconds * 3.6 AS speed_kmh"
                + " FROM (SELECT lat, lon, ts, lag(lat) OVER w AS previous_lat, lag(lon) OVER w AS previous_lon,"
                + " (epoch_us(ts) - epoch_us(lag(ts) OVER w)) / 1e6 AS seconds"
                + " FROM " + LakeData.RAW_POINTS + LakeData.where(allHours, "ts")
                + " WINDOW w AS (PARTITION BY vehicle_id ORDER BY ts))"
                + " WHERE seconds > 0 AND seconds <= " + MAXIMUM_SPEED_GAP_SECONDS + ")"
                + " WHERE speed_kmh <= " + MAXIMUM_SPEED_KMH;
    }

    /** Up to {@code size} positions of the scope, a deterministic pseudo-random sample for a seed. */
    public double[][] samplePositions(Points points, int size, long seed) {
        List<double[]> positions = new ArrayList<>();
        lake.query("SELECT lat, lon FROM " + points.table() + points.where()
                + " ORDER BY hash(vehicle_id, ts, " + seed + ") LIMIT " + size,
                row -> positions.add(new double[] {row.getDouble(1), row.getDouble(2)}));
        return positions.toArray(new double[0][]);
    }

    /** The k-means clusters of the last run in {@code mart.clusters} inside the scope's city, or empty. */
    public List<ClusterMap.Centroid> martCentroids(PlotScope scope, String[] inputOut) {
        List<ClusterMap.Centroid> centroids = new ArrayList<>();
        if (!lake.hasColumns(LakeData.CLUSTERS, "run_id", "algorithm", "cluster_id", "centroid_lat", "centroid_lon", "size")) {
            return centroids;
        }
        boolean hasRadius = lake.columns(LakeData.CLUSTERS).contains("radius_m");
        boolean hasInput = lake.columns(LakeData.CLUSTERS).contains("input");
        String kmeans = LakeData.CLUSTERS + " WHERE algorithm = 'kmeans'";
        lake.query("SELECT cluster_id, centroid_lat, centroid_lon, size, " + (hasRadius ? "radius_m" : "0") + ", "
                + (hasInput ? "input" : "'points'") + ", " + (hasInput ? "parameters" : "''")
                + " FROM " + kmeans + " AND run_id = (SELECT max(run_id) FROM " + kmeans + ") ORDER BY cluster_id", row -> {
                    double latitude = row.getDouble(2);
                    double longitude = row.getDouble(3);
                    if (scope.city() == null || scope.city().bounds().contains(latitude, longitude)) {
                        centroids.add(new ClusterMap.Centroid(row.getInt(1), latitude, longitude, row.getLong(4), row.getDouble(5)));
                    }
                    inputOut[0] = row.getString(6);
                    inputOut[1] = row.getString(7);
                });
        return centroids;
    }

    /** Stops with their k-means cluster from {@code mart.stops}, sampled; empty when the table lacks them. */
    public List<ClusterMap.Member> martStops(PlotScope scope, int size, long seed) {
        List<ClusterMap.Member> members = new ArrayList<>();
        if (!lake.hasColumns(LakeData.STOPS, "lat", "lon", "start_ts", "vehicle_id", "kmeans_cluster_id")) {
            return members;
        }
        lake.query("SELECT lat, lon, kmeans_cluster_id FROM " + LakeData.STOPS
                + LakeData.where(scope, "start_ts", "kmeans_cluster_id IS NOT NULL")
                + " ORDER BY hash(vehicle_id, start_ts, " + seed + ") LIMIT " + size,
                row -> members.add(new ClusterMap.Member(row.getDouble(1), row.getDouble(2), row.getInt(3))));
        return members;
    }

    public MapExtent stopsExtent(PlotScope scope) {
        return lake.extent(LakeData.STOPS, LakeData.where(scope, "start_ts", "kmeans_cluster_id IS NOT NULL"));
    }

    private int stageResolution() {
        int[] resolution = {-1};
        lake.query("SELECT h3_cell FROM " + LakeData.STAGE_POINTS + " LIMIT 1", row -> resolution[0] = H3Cells.core().getResolution(row.getLong(1)));
        return resolution[0];
    }

    private static PlotScope withoutHour(PlotScope scope) {
        return new PlotScope(scope.city(), scope.zone(), scope.from(), scope.to(), null);
    }
}
