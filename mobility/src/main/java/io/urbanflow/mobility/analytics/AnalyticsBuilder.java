package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.MobilityTables;
import com.uber.h3core.H3Core;
import io.urbanflow.mobility.analytics.internal.Rows;
import io.urbanflow.mobility.analytics.internal.StageChanges;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.PipelineTables;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Builds the analytics tables from {@code stage.gps_points}: {@code mart.trips}, {@code mart.stops},
 * {@code mart.od_matrix}, {@code mart.cell_speed_hourly}, {@code mart.clusters}, and per loaded zone set
 * {@code mart.zone_traffic_hourly} and {@code mart.zone_od}.
 *
 * <p><b>Incremental.</b> The builder remembers (in {@code mart.trips}' table properties) the stage snapshot it
 * processed, the segmentation options and the {@code stage.zones} snapshot. A run reads the local-time bounds of the
 * stage data files added or removed since that snapshot (Iceberg metadata, no file opened), takes their local days
 * as changed, and lets the {@link TrajectoryPlanner} extend them to every day whose trips or stops a change can
 * reach. The per-day tables are replaced on exactly those days (one atomic commit per table). It rebuilds in full
 * when asked, on its first run, after the options changed, when the stage history it knew is gone, or when the
 * zones changed. {@code mart.stops} and {@code mart.clusters} are rewritten whole on every run that changed
 * anything, because clustering relabels every stop.
 *
 * <p>Not thread-safe; one builder per run. Runs of several processes on one lake are serialised by Iceberg's
 * optimistic commits (a lost race retries the commit, with the same rows).
 */
public final class AnalyticsBuilder {
    /** Table property of {@code mart.trips}: the {@code stage.gps_points} snapshot processed. */
    public static final String STATE_STAGE_SNAPSHOT = "urbanflow.analytics.stage-snapshot";
    /** Table property of {@code mart.trips}: {@link AnalyticsConfig#segmentationFingerprint()} of the last run. */
    public static final String STATE_OPTIONS = "urbanflow.analytics.options";
    /** Table property of {@code mart.trips}: the {@code stage.zones} snapshot the zone tables were built with. */
    public static final String STATE_ZONES_SNAPSHOT = "urbanflow.analytics.zones-snapshot";

    private final Lake lake;
    private final DuckDbQueryEngine engine;
    private final AnalyticsConfig config;
    private final Clock clock;
    private final H3Core h3;

    public AnalyticsBuilder(Lake lake, DuckDbQueryEngine engine, AnalyticsConfig config, Clock clock) {
        this.lake = Objects.requireNonNull(lake);
        this.engine = Objects.requireNonNull(engine);
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the H3 library", e);
        }
    }

    /**
     * Brings the analytics tables up to date with the stage's current snapshot.
     *
     * @throws UrbanFlowException when {@code stage.gps_points} does not exist, or a read or commit fails
     */
    public AnalyticsReport build(BuildMode mode) {
        long started = System.nanoTime();
        Table stage = lake.findTable(MobilityTables.STAGE_GPS_POINTS).orElseThrow(() -> new UrbanFlowException(
                "Cannot analyze: table " + MobilityTables.STAGE_GPS_POINTS + " does not exist yet (ingest points first, e.g. urbanflow demo)"));
        Tables tables = new Tables();
        Map<String, String> state = tables.trips.properties();
        long zonesSnapshot = ZoneStore.snapshotId(lake);
        String options = config.segmentationFingerprint();
        boolean full = mode == BuildMode.FULL
                || !options.equals(state.get(STATE_OPTIONS))
                || !Long.toString(zonesSnapshot).equals(state.get(STATE_ZONES_SNAPSHOT))
                || state.get(STATE_STAGE_SNAPSHOT) == null;
        long stageSnapshot = stage.currentSnapshot() == null ? -1 : stage.currentSnapshot().snapshotId();
        TreeSet<Long> changedDays = new TreeSet<>();
        if (!full) {
            long last = Long.parseLong(state.get(STATE_STAGE_SNAPSHOT));
            if (last == stageSnapshot) {
                return new AnalyticsReport(RunMode.UP_TO_DATE, List.of(), 0, 0, List.of(), List.of(), since(started));
            }
            Optional<TreeSet<Long>> changed = StageChanges.changedLocalDays(stage, last, "local_ts");
            full = changed.isEmpty();
            changed.ifPresent(changedDays::addAll);
        }

        engine.refreshViews();
        List<AnalyticsReport.TableReport> reports = new ArrayList<>();
        List<String> clustering = new ArrayList<>();
        try (Connection duckdb = engine.trustedConnection()) {
            List<ZoneTrafficCounter> zoneCounters = ZoneStore.readAll(lake).stream().map(ZoneTrafficCounter::new).toList();
            long phase = System.nanoTime();
            DuckDbTrackReader reader = new DuckDbTrackReader(duckdb, MobilityTables.STAGE_GPS_POINTS);
            TrajectoryPlanner planner = new TrajectoryPlanner(TrajectorySegmenter.of(config, this::cellOf), config.tripGap(),
                    new ArrayList<PointObserver>(zoneCounters));
            TrajectoryPlanner.Outcome outcome = full ? planner.full(reader) : planner.incremental(reader, new ArrayList<>(changedDays));
            Expression days = full ? Expressions.alwaysTrue() : Expressions.in("day", outcome.days().stream().map(Long::intValue).toArray());

            TableWrites.overwrite(tables.trips, days, tripRows(outcome.trips()));
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_TRIPS, outcome.trips().size(), since(phase)));

            phase = System.nanoTime();
            List<Record> od = odRows(outcome.trips());
            TableWrites.overwrite(tables.odMatrix, days, od);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_OD_MATRIX, od.size(), since(phase)));

            phase = System.nanoTime();
            List<Record> speeds = cellSpeedRows(duckdb, full, outcome);
            TableWrites.overwrite(tables.cellSpeedHourly, days, speeds);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_CELL_SPEED_HOURLY, speeds.size(), since(phase)));

            phase = System.nanoTime();
            List<Record> zoneTraffic = new ArrayList<>();
            List<Record> zoneOd = new ArrayList<>();
            for (ZoneTrafficCounter counter : zoneCounters) {
                zoneTraffic.addAll(zoneTrafficRows(counter));
                zoneOd.addAll(zoneOdRows(counter, outcome.trips()));
            }
            TableWrites.overwrite(tables.zoneTrafficHourly, days, zoneTraffic);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_ZONE_TRAFFIC_HOURLY, zoneTraffic.size(), since(phase)));
            phase = System.nanoTime();
            TableWrites.overwrite(tables.zoneOd, days, zoneOd);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_ZONE_OD, zoneOd.size(), since(phase)));

            phase = System.nanoTime();
            List<Record> stops = stopRows(tables.stops, full, outcome);
            List<Record> clusters = cluster(duckdb, stops, clustering);
            TableWrites.replaceAll(tables.stops, stops);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_STOPS, stops.size(), since(phase)));
            phase = System.nanoTime();
            TableWrites.replaceAll(tables.clusters, clusters);
            reports.add(new AnalyticsReport.TableReport(AnalyticsTables.MART_CLUSTERS, clusters.size(), since(phase)));

            tables.trips.updateProperties()
                    .set(STATE_STAGE_SNAPSHOT, Long.toString(stageSnapshot))
                    .set(STATE_OPTIONS, options)
                    .set(STATE_ZONES_SNAPSHOT, Long.toString(zonesSnapshot))
                    .commit();
            List<LocalDate> recomputed = outcome.days().stream().map(LocalDate::ofEpochDay).toList();
            return new AnalyticsReport(full ? RunMode.FULL : RunMode.INCREMENTAL, recomputed, outcome.pointsRead(), outcome.passes(),
                    reports, clustering, since(started));
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot analyze: " + e.getMessage(), e);
        }
    }

    /** The analytics tables, created when missing. */
    private final class Tables {
        final Table trips = lake.createIfMissing(AnalyticsTables.MART_TRIPS, AnalyticsTables.TRIPS_SCHEMA, AnalyticsTables.TRIPS_SPEC);
        final Table stops = lake.createIfMissing(AnalyticsTables.MART_STOPS, AnalyticsTables.STOPS_SCHEMA, AnalyticsTables.STOPS_SPEC);
        final Table odMatrix = lake.createIfMissing(AnalyticsTables.MART_OD_MATRIX, AnalyticsTables.OD_MATRIX_SCHEMA, AnalyticsTables.OD_MATRIX_SPEC);
        final Table cellSpeedHourly = lake.createIfMissing(AnalyticsTables.MART_CELL_SPEED_HOURLY, AnalyticsTables.CELL_SPEED_HOURLY_SCHEMA,
                AnalyticsTables.CELL_SPEED_HOURLY_SPEC);
        final Table clusters = lake.createIfMissing(AnalyticsTables.MART_CLUSTERS, AnalyticsTables.CLUSTERS_SCHEMA, AnalyticsTables.CLUSTERS_SPEC);
        final Table zoneTrafficHourly = lake.createIfMissing(AnalyticsTables.MART_ZONE_TRAFFIC_HOURLY, AnalyticsTables.ZONE_TRAFFIC_HOURLY_SCHEMA,
                AnalyticsTables.ZONE_TRAFFIC_HOURLY_SPEC);
        final Table zoneOd = lake.createIfMissing(AnalyticsTables.MART_ZONE_OD, AnalyticsTables.ZONE_OD_SCHEMA, AnalyticsTables.ZONE_OD_SPEC);
    }

    private long cellOf(double latitude, double longitude, long likeCell) {
        return h3.latLngToCell(latitude, longitude, h3.getResolution(likeCell));
    }

    private static List<Record> tripRows(List<Trip> trips) {
        List<Record> rows = new ArrayList<>(trips.size());
        for (Trip trip : trips) {
            GenericRecord row = GenericRecord.create(AnalyticsTables.TRIPS_SCHEMA);
            row.setField("vehicle_id", trip.vehicleId());
            row.setField("trip_id", trip.tripId());
            row.setField("day", Rows.date(Rows.day(trip.startLocalMicros())));
            row.setField("start_ts", Rows.timestamptz(trip.startMicros()));
            row.setField("end_ts", Rows.timestamptz(trip.endMicros()));
            row.setField("start_lat", trip.startLatitude());
            row.setField("start_lon", trip.startLongitude());
            row.setField("end_lat", trip.endLatitude());
            row.setField("end_lon", trip.endLongitude());
            row.setField("start_cell", trip.startCell());
            row.setField("end_cell", trip.endCell());
            row.setField("distance_m", trip.distanceMeters());
            row.setField("duration_s", trip.durationSeconds());
            row.setField("mean_speed_kmh", trip.meanSpeedKmh());
            row.setField("points", trip.points());
            row.setField("start_hour", Rows.hour(trip.startLocalMicros()));
            rows.add(row);
        }
        return rows;
    }

    /** Trips counted by local day, hour of the start, origin and destination cell. */
    static List<Record> odRows(List<Trip> trips) {
        record Key(long day, int hour, long origin, long destination) {
        }
        Map<Key, double[]> groups = new HashMap<>();
        for (Trip trip : trips) {
            Key key = new Key(Rows.day(trip.startLocalMicros()), Rows.hour(trip.startLocalMicros()), trip.startCell(), trip.endCell());
            double[] sums = groups.computeIfAbsent(key, unused -> new double[3]);
            sums[0]++;
            sums[1] += trip.distanceMeters();
            sums[2] += trip.durationSeconds();
        }
        List<Record> rows = new ArrayList<>(groups.size());
        groups.forEach((key, sums) -> {
            GenericRecord row = GenericRecord.create(AnalyticsTables.OD_MATRIX_SCHEMA);
            row.setField("day", Rows.date(key.day()));
            row.setField("hour", key.hour());
            row.setField("origin_cell", key.origin());
            row.setField("destination_cell", key.destination());
            row.setField("trips", (long) sums[0]);
            row.setField("mean_distance_m", sums[1] / sums[0]);
            row.setField("mean_duration_s", sums[2] / sums[0]);
            rows.add(row);
        });
        return rows;
    }

    /** Median and mean speed, points and vehicles per local day, hour and cell: DuckDB aggregates the stage. */
    private static List<Record> cellSpeedRows(Connection duckdb, boolean full, TrajectoryPlanner.Outcome outcome) throws SQLException {
        String where = "NOT is_outlier";
        if (!full) {
            if (outcome.days().isEmpty()) {
                return List.of();
            }
            long first = outcome.days().get(0);
            long last = outcome.days().get(outcome.days().size() - 1);
            // ts bounds prune files (no zone is more than 14 h from UTC); the local day decides
            where += " AND ts >= " + Rows.timestamptzLiteral(first * Rows.DAY_MICROS - 14 * Rows.HOUR_MICROS)
                    + " AND ts < " + Rows.timestamptzLiteral((last + 1) * Rows.DAY_MICROS + 14 * Rows.HOUR_MICROS)
                    + " AND epoch_us(local_ts) // " + Rows.DAY_MICROS + " IN ("
                    + outcome.days().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        }
        String sql = "SELECT epoch_us(local_ts) // " + Rows.DAY_MICROS + " AS day, CAST(hour(local_ts) AS INTEGER) AS hour, h3_cell,"
                + " median(speed_kmh), avg(speed_kmh), count(speed_kmh), count(*), count(DISTINCT vehicle_id)"
                + " FROM " + MobilityTables.STAGE_GPS_POINTS + " WHERE " + where + " GROUP BY 1, 2, 3";
        List<Record> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                GenericRecord row = GenericRecord.create(AnalyticsTables.CELL_SPEED_HOURLY_SCHEMA);
                row.setField("day", Rows.date(result.getLong(1)));
                row.setField("hour", result.getInt(2));
                row.setField("h3_cell", result.getLong(3));
                double median = result.getDouble(4);
                row.setField("median_speed_kmh", result.wasNull() ? null : median);
                double mean = result.getDouble(5);
                row.setField("mean_speed_kmh", result.wasNull() ? null : mean);
                row.setField("speed_samples", result.getLong(6));
                row.setField("points", result.getLong(7));
                row.setField("vehicles", result.getLong(8));
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Record> zoneTrafficRows(ZoneTrafficCounter counter) {
        List<Record> rows = new ArrayList<>();
        counter.forEachRow((zone, day, hour, points, vehicles) -> {
            GenericRecord row = GenericRecord.create(AnalyticsTables.ZONE_TRAFFIC_HOURLY_SCHEMA);
            row.setField("zone_set", zone.zoneSet());
            row.setField("zone_id", zone.zoneId());
            row.setField("day", Rows.date(day));
            row.setField("hour", hour);
            row.setField("points", points);
            row.setField("vehicles", vehicles);
            rows.add(row);
        });
        return rows;
    }

    /** Trips by origin and destination zone (null: outside every zone), local day and hour of the start. */
    static List<Record> zoneOdRows(ZoneTrafficCounter counter, List<Trip> trips) {
        record Key(long day, int hour, int origin, int destination) {
        }
        ZoneIndex index = counter.index();
        Map<Key, long[]> groups = new HashMap<>();
        for (Trip trip : trips) {
            int origin = index.locate(trip.startLatitude(), trip.startLongitude(), trip.startCell());
            int destination = index.locate(trip.endLatitude(), trip.endLongitude(), trip.endCell());
            if (origin < 0 && destination < 0) {
                continue;
            }
            Key key = new Key(Rows.day(trip.startLocalMicros()), Rows.hour(trip.startLocalMicros()), origin, destination);
            groups.computeIfAbsent(key, unused -> new long[1])[0]++;
        }
        List<Record> rows = new ArrayList<>(groups.size());
        groups.forEach((key, count) -> {
            GenericRecord row = GenericRecord.create(AnalyticsTables.ZONE_OD_SCHEMA);
            row.setField("zone_set", counter.zoneSet().name());
            row.setField("day", Rows.date(key.day()));
            row.setField("hour", key.hour());
            row.setField("origin_zone", key.origin() < 0 ? null : index.zone(key.origin()).zoneId());
            row.setField("destination_zone", key.destination() < 0 ? null : index.zone(key.destination()).zoneId());
            row.setField("trips", count[0]);
            rows.add(row);
        });
        return rows;
    }

    /** The stops of the days not recomputed, as stored, followed by the stops of the recomputed days. */
    private static List<Record> stopRows(Table stopsTable, boolean full, TrajectoryPlanner.Outcome outcome) {
        List<Record> rows = new ArrayList<>();
        if (!full && stopsTable.currentSnapshot() != null) {
            Expression kept = Expressions.notIn("day", outcome.days().stream().map(Long::intValue).toArray());
            try (CloseableIterable<Record> stored = IcebergGenerics.read(stopsTable).where(kept).build()) {
                for (Record row : stored) {
                    rows.add(row.copy());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (StayPoint stay : outcome.stays()) {
            GenericRecord row = GenericRecord.create(AnalyticsTables.STOPS_SCHEMA);
            row.setField("vehicle_id", stay.vehicleId());
            row.setField("stop_id", stay.vehicleId() + "-" + stay.startMicros());
            row.setField("day", Rows.date(Rows.day(stay.startLocalMicros())));
            row.setField("start_ts", Rows.timestamptz(stay.startMicros()));
            row.setField("end_ts", Rows.timestamptz(stay.endMicros()));
            row.setField("duration_s", stay.durationSeconds());
            row.setField("lat", stay.latitude());
            row.setField("lon", stay.longitude());
            row.setField("h3_cell", stay.h3Cell());
            row.setField("points", stay.points());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Clusters a sample of the stops (or of the stage points), labels every stop, and returns the rows of
     * {@code mart.clusters}.
     */
    private List<Record> cluster(Connection duckdb, List<Record> stops, List<String> lines) throws SQLException {
        double[] stopLatitudes = new double[stops.size()];
        double[] stopLongitudes = new double[stops.size()];
        for (int index = 0; index < stops.size(); index++) {
            stopLatitudes[index] = (Double) stops.get(index).getField("lat");
            stopLongitudes[index] = (Double) stops.get(index).getField("lon");
            stops.get(index).setField("cluster_id", null);
            stops.get(index).setField("kmeans_cluster_id", null);
        }
        double[][] sample;
        int[] sampleIndices = null;
        String input = config.clusterInput().name().toLowerCase(java.util.Locale.ROOT);
        if (config.clusterInput() == AnalyticsConfig.ClusterInput.STOPS) {
            sampleIndices = sampleIndices(stops.size(), config.clusterSample(), config.seed());
            sample = new double[2][sampleIndices.length];
            for (int index = 0; index < sampleIndices.length; index++) {
                sample[0][index] = stopLatitudes[sampleIndices[index]];
                sample[1][index] = stopLongitudes[sampleIndices[index]];
            }
        } else {
            sample = pointSample(duckdb);
        }
        List<Record> rows = new ArrayList<>();
        if (sample[0].length == 0) {
            return rows;
        }
        String runId = clock.instant().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (config.clusters().mode() != ClusterCount.Mode.OFF) {
            ClusteringResult kmeans = config.clusters().mode() == ClusterCount.Mode.FIXED
                    ? GeoClusterer.kmeans(sample[0], sample[1], config.clusters().k(), config.seed())
                    : GeoClusterer.kmeansAuto(sample[0], sample[1], config.clusters().maximum(), config.seed());
            label(stops, stopLatitudes, stopLongitudes, sampleIndices, kmeans, "kmeans_cluster_id");
            rows.addAll(clusterRows(kmeans, runId, input, now));
            lines.add(kmeans.algorithm() + " " + kmeans.parameters() + " over " + sample[0].length + " " + input);
        }
        if (config.dbscanEnabled()) {
            ClusteringResult dbscan = GeoClusterer.dbscan(sample[0], sample[1], config.dbscanEpsMeters(), config.dbscanMinPoints());
            label(stops, stopLatitudes, stopLongitudes, sampleIndices, dbscan, "cluster_id");
            rows.addAll(clusterRows(dbscan, runId, input, now));
            lines.add(dbscan.algorithm() + " " + dbscan.parameters() + " over " + sample[0].length + " " + input + ": "
                    + dbscan.clusters().size() + " clusters, " + dbscan.noise() + " noise");
        }
        return rows;
    }

    /** Sampled stops keep the run's label; the others (and every stop when points were clustered) are assigned. */
    private static void label(List<Record> stops, double[] latitudes, double[] longitudes, int[] sampleIndices,
                              ClusteringResult result, String column) {
        int[] labels = new int[stops.size()];
        boolean[] labelled = new boolean[stops.size()];
        if (sampleIndices != null) {
            for (int index = 0; index < sampleIndices.length; index++) {
                labels[sampleIndices[index]] = result.label(index);
                labelled[sampleIndices[index]] = true;
            }
        }
        for (int index = 0; index < stops.size(); index++) {
            int label = labelled[index] ? labels[index] : result.assign(latitudes[index], longitudes[index]);
            stops.get(index).setField(column, label);
        }
    }

    private static List<Record> clusterRows(ClusteringResult result, String runId, String input, OffsetDateTime now) {
        List<Record> rows = new ArrayList<>();
        for (ClusterSummary cluster : result.clusters()) {
            GenericRecord row = GenericRecord.create(AnalyticsTables.CLUSTERS_SCHEMA);
            row.setField("run_id", runId);
            row.setField("algorithm", result.algorithm());
            row.setField("input", input);
            row.setField("parameters", result.parameters());
            row.setField("cluster_id", cluster.clusterId());
            row.setField("centroid_lat", cluster.centroidLatitude());
            row.setField("centroid_lon", cluster.centroidLongitude());
            row.setField("size", cluster.size());
            row.setField("radius_m", cluster.radiusMeters());
            row.setField("created_at", now);
            rows.add(row);
        }
        return rows;
    }

    /** All indices when there are at most {@code size}, else a uniform sample of {@code size}, sorted. */
    static int[] sampleIndices(int count, int size, long seed) {
        int[] indices = new int[count];
        for (int index = 0; index < count; index++) {
            indices[index] = index;
        }
        if (count <= size) {
            return indices;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int index = 0; index < size; index++) {
            int other = index + random.nextInt(count - index);
            int swap = indices[index];
            indices[index] = indices[other];
            indices[other] = swap;
        }
        int[] sample = java.util.Arrays.copyOf(indices, size);
        java.util.Arrays.sort(sample);
        return sample;
    }

    /** A repeatable reservoir sample of the non-outlier stage points, as {latitudes, longitudes}. */
    private double[][] pointSample(Connection duckdb) throws SQLException {
        // DuckDB samples before WHERE: filter in a subquery so the sample has the size asked for
        String sql = "SELECT lat, lon FROM (SELECT lat, lon FROM " + MobilityTables.STAGE_GPS_POINTS + " WHERE NOT is_outlier)"
                + " USING SAMPLE reservoir(" + config.clusterSample() + " ROWS) REPEATABLE (" + config.seed() + ")";
        List<double[]> points = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                points.add(new double[] {result.getDouble(1), result.getDouble(2)});
            }
        }
        double[][] sample = new double[2][points.size()];
        for (int index = 0; index < points.size(); index++) {
            sample[0][index] = points.get(index)[0];
            sample[1][index] = points.get(index)[1];
        }
        return sample;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** "2014-02-01..2014-02-03, 2014-02-07" for messages. */
    public static String describeDays(List<LocalDate> days) {
        if (days.isEmpty()) {
            return "none";
        }
        StringJoiner joined = new StringJoiner(", ");
        LocalDate runStart = days.get(0);
        LocalDate previous = runStart;
        for (LocalDate day : days.subList(1, days.size())) {
            if (!day.equals(previous.plusDays(1))) {
                joined.add(runStart.equals(previous) ? runStart.toString() : runStart + ".." + previous);
                runStart = day;
            }
            previous = day;
        }
        joined.add(runStart.equals(previous) ? runStart.toString() : runStart + ".." + previous);
        return joined.toString();
    }
}
