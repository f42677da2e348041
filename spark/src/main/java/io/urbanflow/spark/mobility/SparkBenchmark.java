package io.urbanflow.spark.mobility;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.IntervalAggregation;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.spark.SparkLake;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code urbanflow bench spark}: the 10-minute cell aggregation (points per H3 cell and interval aligned in the
 * configured zone) over one Iceberg table, by DuckDB, by Spark SQL and by the pair-RDD job with {@code reduceByKey}
 * and with {@code groupByKey}. Each engine computes the same rows (checked) and the time to the last row is measured.
 *
 * <p>The table, {@value #TABLE}, holds synthetic points over Rome (cells from the {@code h3_cell} UDF); it is generated
 * by Spark on first use and kept for the next run with the same number of points.
 */
public final class SparkBenchmark {
    public static final String TABLE = "spark_bench.cell_points";
    static final String POINTS_PROPERTY = "urbanflow.bench.points";

    /**
     * One run's figures.
     *
     * @param rows              points in the table
     * @param groups            (cell, interval) rows each engine produced
     * @param generateSeconds   time to generate the table (0 when it was kept from an earlier run)
     * The {@code ...Seconds} are wall times, the {@code ...CpuSeconds} the process's CPU time (all threads) in the same span.
     */
    public record Figures(long rows, long groups, double generateSeconds, double duckdbSeconds, double sparkSqlSeconds,
                          double rddReduceSeconds, double rddGroupSeconds, double duckdbCpuSeconds, double sparkSqlCpuSeconds,
                          double rddReduceCpuSeconds, double rddGroupCpuSeconds) {
        public String lastLine() {
            return String.format(java.util.Locale.ROOT, "rows=%d duckdb_s=%.2f spark_sql_s=%.2f spark_rdd_reduce_s=%.2f spark_rdd_group_s=%.2f",
                    rows, duckdbSeconds, sparkSqlSeconds, rddReduceSeconds, rddGroupSeconds);
        }
    }

    private SparkBenchmark() {
    }

    public static Figures run(SparkLake lake, long points, ZoneId zone, int resolution, PrintWriter out) {
        if (points < 1) {
            throw new UrbanFlowException("Cannot run the Spark benchmark: --points must be at least 1");
        }
        SparkSession session = lake.session();
        H3CellUdf.register(session);
        double generated = ensureTable(lake, points, resolution);
        out.printf(Locale.ROOT, "table %s: %d points%s%n", TABLE, points, generated > 0 ? String.format(java.util.Locale.ROOT, " generated in %.1f s", generated) : " (kept from an earlier run)");
        String sparkSql = "SELECT count(*) AS groups, sum(points) AS points FROM (SELECT " + MobilitySql.interval("ts", zone)
                + " AS interval_10min, h3_cell, count(*) AS points FROM " + TABLE + " GROUP BY 1, 2)";
        // warm-up: the first Spark job of a JVM pays for class loading and code generation
        session.sql(sparkSql.replace("FROM " + TABLE, "FROM (SELECT * FROM " + TABLE + " LIMIT 100000)")).collectAsList();

        long[] duckdb = new long[2];
        double duckdbSeconds;
        double[] cpu = new double[1];
        try (Lake platform = Lake.open(lake.lakeConfig()); DuckDbQueryEngine engine = DuckDbQueryEngine.open(platform);
             Connection connection = engine.trustedConnection()) {
            duckdbSeconds = timed(() -> duckDb(connection, zone, duckdb), cpu);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot open DuckDB for the Spark benchmark: " + e.getMessage(), e);
        }
        double duckdbCpu = cpu[0];
        out.printf(Locale.ROOT, "duckdb:           %6.2f s  cpu %6.2f s  (%d groups)%n", duckdbSeconds, cpu[0], duckdb[0]);
        long[] sql = new long[2];
        double sqlSeconds = timed(() -> {
            Row row = session.sql(sparkSql).first();
            sql[0] = row.getLong(0);
            sql[1] = row.getLong(1);
        }, cpu);
        double sqlCpu = cpu[0];
        out.printf(Locale.ROOT, "spark sql:        %6.2f s  cpu %6.2f s  (%d groups, %s)%n", sqlSeconds, cpu[0], sql[0], lake.sparkConfig().master());
        long[] reduce = new long[2];
        double reduceSeconds = timed(() -> rdd(session, zone, CellTrafficJob.Aggregation.REDUCE_BY_KEY, reduce), cpu);
        double reduceCpu = cpu[0];
        out.printf(Locale.ROOT, "rdd reduceByKey:  %6.2f s  cpu %6.2f s  (%d groups)%n", reduceSeconds, cpu[0], reduce[0]);
        long[] group = new long[2];
        double groupSeconds = timed(() -> rdd(session, zone, CellTrafficJob.Aggregation.GROUP_BY_KEY, group), cpu);
        out.printf(Locale.ROOT, "rdd groupByKey:   %6.2f s  cpu %6.2f s  (%d groups)%n", groupSeconds, cpu[0], group[0]);
        for (long[] other : List.of(sql, reduce, group)) {
            if (other[0] != duckdb[0] || other[1] != duckdb[1]) {
                throw new UrbanFlowException("Cannot trust the Spark benchmark: engines disagree (DuckDB " + duckdb[0] + " groups of "
                        + duckdb[1] + " points, another " + other[0] + " of " + other[1] + ")");
            }
        }
        return new Figures(points, duckdb[0], generated, duckdbSeconds, sqlSeconds, reduceSeconds, groupSeconds, duckdbCpu, sqlCpu,
                reduceCpu, cpu[0]);
    }

    /** Creates the table unless it holds {@code points} rows already; the seconds it took, 0 when kept. */
    static double ensureTable(SparkLake lake, long points, int resolution) {
        try (Lake platform = Lake.open(lake.lakeConfig())) {
            Optional<Table> existing = platform.findTable(TABLE);
            if (existing.isPresent() && Long.toString(points).equals(existing.get().properties().get(POINTS_PROPERTY))) {
                return 0;
            }
        }
        lake.createNamespace(TABLE.substring(0, TABLE.indexOf('.')));
        int partitions = (int) Math.max(2, Math.min(64, points / 1_000_000));
        return timed(() -> lake.session().range(0, points, 1, partitions)
                // 3,000 taxis over one day (1 Feb 2014 from 00:00 Rome), scattered over the centre of Rome
                .selectExpr("concat('taxi-', CAST(id % 3000 AS STRING)) AS vehicle_id",
                        "timestamp_micros(1391209200000000L + CAST(rand(7) * 86400000000 AS BIGINT)) AS ts",
                        "41.80 + rand(11) * 0.15 AS lat", "12.40 + rand(13) * 0.20 AS lon")
                .selectExpr("vehicle_id", "ts", "lat", "lon", H3CellUdf.NAME + "(lat, lon, " + resolution + ") AS h3_cell")
                .writeTo(TABLE).using("iceberg").tableProperty(POINTS_PROPERTY, Long.toString(points)).createOrReplace());
    }

    private static void duckDb(Connection connection, ZoneId zone, long[] result) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), sum(points) FROM (SELECT " + IntervalAggregation.intervalSql("ts", zone)
                     + " AS interval_10min, h3_cell, count(*) AS points FROM " + TABLE + " GROUP BY 1, 2)")) {
            rows.next();
            result[0] = rows.getLong(1);
            result[1] = rows.getLong(2);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot run the DuckDB side of the Spark benchmark: " + e.getMessage(), e);
        }
    }

    private static void rdd(SparkSession session, ZoneId zone, CellTrafficJob.Aggregation aggregation, long[] result) {
        JavaPairRDD<CellKey, Long> keyed = CellTrafficJob.keyed(
                session.sql("SELECT unix_micros(ts) AS ts_micros, lat, lon, h3_cell AS cell FROM " + TABLE).javaRDD(), zone, null);
        long[] totals = CellTrafficJob.count(keyed, aggregation).mapPartitions(entries -> {
            long groups = 0;
            long sum = 0;
            while (entries.hasNext()) {
                groups++;
                sum += entries.next()._2();
            }
            Iterator<long[]> one = List.of(new long[] {groups, sum}).iterator();
            return one;
        }).reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        result[0] = totals[0];
        result[1] = totals[1];
    }

    private static double timed(Runnable work) {
        return timed(work, new double[1]);
    }

    /** Wall seconds of {@code work}; {@code cpuSeconds[0]} gets the process's CPU seconds (all threads, DuckDB's too). */
    private static double timed(Runnable work, double[] cpuSeconds) {
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        cpuSeconds[0] = (processCpuNanos() - cpuBefore) / 1e9;
        return seconds;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
