package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.analytics.internal.RawPointLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineTables;
import io.urbanflow.mobility.models.StageGpsPointsModel;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code urbanflow bench analytics}: puts a synthetic Rome fleet's points into {@code raw.gps_points} of a fresh lake,
 * then times building {@code stage.gps_points} (the pipeline's model), the analytics tables (trips, stops, OD, cell
 * speeds, clustering), and k-means on its own over the stage points. Single use; not thread-safe.
 */
public final class AnalyticsBenchmark {
    /** Points a synthetic taxi reports in a day, about: sizes the fleet so that one day gives the points asked. */
    private static final int POINTS_PER_TAXI_DAY = 3_000;
    /** The most points k-means is timed on (commons-math holds an object per point). */
    public static final int KMEANS_MAX_POINTS = 500_000;
    public static final int KMEANS_K = 10;

    private AnalyticsBenchmark() {
    }

    /**
     * The figures of one run.
     *
     * @param points       raw points written
     * @param load         time to write them to the lake (not a figure of this benchmark: setup)
     * @param stage        the stage build
     * @param analytics    the analytics build
     * @param kmeansPoints points k-means clustered
     * @param kmeans       k-means time, k = {@value #KMEANS_K}, k-means++ start
     * @param stageCpu     CPU time of the whole process (all threads, DuckDB's too) while the stage was built:
     *                     with wall time, it shows how much of the machine the run had
     * @param analyticsCpu the same for the analytics tables
     * @param kmeansCpu    the same for k-means
     */
    public record Figures(long points, Duration load, ModelResult stage, AnalyticsReport analytics, int kmeansPoints, Duration kmeans,
                          Duration stageCpu, Duration analyticsCpu, Duration kmeansCpu) {
        public double stagePointsPerSecond() {
            return perSecond(stage.inputRows(), stage.elapsed());
        }

        /** Stage points read, segmented into sessions, stays and trips, and the trips written, per second. */
        public double tripsPointsPerSecond() {
            return perSecond(analytics.pointsRead(), analytics.table(AnalyticsTables.MART_TRIPS).map(AnalyticsReport.TableReport::elapsed).orElse(Duration.ZERO));
        }

        public double kmeansPointsPerSecond() {
            return perSecond(kmeansPoints, kmeans);
        }

        /** The bench's last line. */
        public String keyValues() {
            return String.format(Locale.ROOT, "stage_points_per_s=%.0f trips_points_per_s=%.0f kmeans_points_per_s=%.0f"
                            + " points=%d analyze_s=%.2f stage_cpu_s=%.2f analyze_cpu_s=%.2f kmeans_cpu_s=%.2f trips=%d stops=%d",
                    stagePointsPerSecond(), tripsPointsPerSecond(), kmeansPointsPerSecond(), points,
                    analytics.elapsed().toNanos() / 1e9, stageCpu.toNanos() / 1e9, analyticsCpu.toNanos() / 1e9, kmeansCpu.toNanos() / 1e9, analytics.table(AnalyticsTables.MART_TRIPS).map(AnalyticsReport.TableReport::rows).orElse(0L),
                    analytics.table(AnalyticsTables.MART_STOPS).map(AnalyticsReport.TableReport::rows).orElse(0L));
        }

        private static double perSecond(long count, Duration elapsed) {
            return elapsed.isZero() ? 0 : count * 1e9 / elapsed.toNanos();
        }
    }

    /** Stops the fleet once enough points were taken. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Enough() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs the benchmark in {@code dataDir} (an empty folder it may fill).
     *
     * @param progress receives a line per phase
     * @throws UrbanFlowException when {@code points} is below 10,000
     */
    public static Figures run(Path dataDir, int points, Clock clock, Consumer<String> progress) {
        if (points < 10_000) {
            throw new UrbanFlowException("Cannot run analytics benchmark: --points " + points + " is below 10000");
        }
        int taxis = Math.min(FleetOptions.MAX_TAXIS, Math.max(20, points / POINTS_PER_TAXI_DAY + 1));
        FleetOptions fleet = FleetOptions.defaults().withTaxis(taxis).withDays(2);
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            long started = System.nanoTime();
            long[] taken = {0};
            try (RawPointLoader loader = new RawPointLoader(lake, clock, 1_000_000)) {
                try {
                    SyntheticFleet.of(fleet).read(point -> {
                        loader.accept(point);
                        if (++taken[0] >= points) {
                            throw new Enough();
                        }
                    }, reject -> { });
                } catch (Enough enough) {
                    // the fleet made the points asked for
                }
            }
            Duration load = Duration.ofNanos(System.nanoTime() - started);
            progress.accept(String.format(Locale.ROOT, "raw:       %,d points of %d synthetic Rome taxis written in %.2f s (setup)",
                    taken[0], taxis, load.toNanos() / 1e9));

            long cpu = processCpuNanos();
            ModelResult stage;
            try (Connection duckdb = engine.trustedConnection()) {
                stage = new StageGpsPointsModel().build(ModelContext.of(lake, duckdb, io.urbanflow.model.Settings.empty(), clock), BuildMode.FULL);
            }
            Duration stageCpu = Duration.ofNanos(processCpuNanos() - cpu);
            progress.accept(String.format(Locale.ROOT, "stage:     %,d points in %.2f s = %,.0f points/s (process CPU %.2f s)", stage.inputRows(),
                    stage.elapsed().toNanos() / 1e9, stage.inputRows() * 1e9 / Math.max(1, stage.elapsed().toNanos()), stageCpu.toNanos() / 1e9));
            cpu = processCpuNanos();

            AnalyticsReport analytics = new AnalyticsBuilder(lake, engine, AnalyticsConfig.defaults(), clock).build(BuildMode.FULL);
            for (AnalyticsReport.TableReport table : analytics.tables()) {
                progress.accept(String.format(Locale.ROOT, "%-26s rows=%-9d %.2f s", table.table(), table.rows(), table.elapsed().toNanos() / 1e9));
            }
            analytics.clustering().forEach(line -> progress.accept("clusters:  " + line));
            Duration analyticsCpu = Duration.ofNanos(processCpuNanos() - cpu);
            progress.accept(String.format(Locale.ROOT, "analytics: %.2f s (process CPU %.2f s)", analytics.elapsed().toNanos() / 1e9,
                    analyticsCpu.toNanos() / 1e9));

            double[][] sample = points(engine, Math.min(points, KMEANS_MAX_POINTS));
            cpu = processCpuNanos();
            long kmeansStarted = System.nanoTime();
            ClusteringResult kmeans = GeoClusterer.kmeans(sample[0], sample[1], KMEANS_K, 7);
            Duration kmeansTime = Duration.ofNanos(System.nanoTime() - kmeansStarted);
            Duration kmeansCpu = Duration.ofNanos(processCpuNanos() - cpu);
            progress.accept(String.format(Locale.ROOT, "k-means:   %,d points, k=%d in %.2f s (%d clusters, process CPU %.2f s)", sample[0].length,
                    KMEANS_K, kmeansTime.toNanos() / 1e9, kmeans.clusters().size(), kmeansCpu.toNanos() / 1e9));
            return new Figures(taken[0], load, stage, analytics, sample[0].length, kmeansTime, stageCpu, analyticsCpu, kmeansCpu);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot run analytics benchmark: " + e.getMessage(), e);
        }
    }

    /** CPU time of this process, all threads; 0 when the JVM cannot tell. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static double[][] points(DuckDbQueryEngine engine, int limit) throws SQLException {
        engine.refreshViews();
        double[][] points = new double[2][limit];
        int count = 0;
        try (Connection connection = engine.trustedConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT lat, lon FROM " + MobilityTables.STAGE_GPS_POINTS
                     + " WHERE NOT is_outlier LIMIT " + limit)) {
            while (rows.next()) {
                points[0][count] = rows.getDouble(1);
                points[1][count] = rows.getDouble(2);
                count++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(points[0], count), java.util.Arrays.copyOf(points[1], count)};
    }
}
