package io.urbanflow.mobility.models;

import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineTables;
import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.pipeline.ParquetTableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.util.Locale;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * Measures how fast {@code stage.gps_points} is built: writes {@code points} synthetic raw points (taxis circling
 * in Rome at about 30 km/h, a fix every 40 s, with 0.1% duplicate fixes and 0.1% jumps) into
 * {@code raw.gps_points} of the given lake, then times one full stage build. For {@code urbanflow bench analytics}.
 */
public final class StageBenchmark {
    private StageBenchmark() {
    }

    /** The figures of one run. */
    public record Figures(long points, StageResult result) {
        public double pointsPerSecond() {
            return result.pointsPerSecond();
        }

        /**
         * Points per second of process CPU time (Java and DuckDB threads): what the build costs, whatever else
         * shares the machine. On N idle cores the wall rate approaches N times this when the work spreads well.
         */
        public double pointsPerCpuSecond() {
            Duration cpu = result.phases().getOrDefault("cpu", Duration.ZERO);
            return cpu.isZero() ? 0 : points * 1e9 / cpu.toNanos();
        }

        /** {@code stage_points_per_s=... stage_points_per_cpu_s=...} plus the phases, for the bench's last line. */
        public String keyValues() {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "stage_points_per_s=%.0f stage_points_per_cpu_s=%.0f stage_points=%d",
                    pointsPerSecond(), pointsPerCpuSecond(), points));
            result.phases().forEach((phase, duration) -> line.append(' ').append("stage_").append(phase.replace('+', '_').replace('.', '_'))
                    .append("_ms=").append(duration.toMillis()));
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            line.append(String.format(Locale.ROOT, " load_average=%.1f cores=%d", load, Runtime.getRuntime().availableProcessors()));
            return line.toString();
        }
    }

    /**
     * Appends synthetic points to {@code raw.gps_points} of {@code lake} (use a fresh lake in a temp dir), then
     * builds the stage table in full and returns the figures.
     */
    public static Figures run(Lake lake, DuckDbQueryEngine engine, int points, int threads) {
        try (Connection duckdb = engine.trustedConnection()) {
            return run(ModelContext.of(lake, duckdb, io.urbanflow.model.Settings.empty(), Clock.systemUTC()), points, threads);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot run stage benchmark: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the synthetic points once, then builds the stage in full {@code runs} times (the first run includes JIT
     * warm-up); returns each run's figures.
     */
    public static List<Figures> runs(Lake lake, DuckDbQueryEngine engine, int points, int threads, int runs) {
        try (Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, io.urbanflow.model.Settings.empty(), Clock.systemUTC());
            List<Figures> figures = new java.util.ArrayList<>();
            figures.add(run(context, points, threads));
            for (int run = 1; run < runs; run++) {
                StageResult result = new StageGpsPointsModel(threads).buildStage(context, BuildMode.FULL);
                figures.add(new Figures(result.inputRows(), result));
            }
            return figures;
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot run stage benchmark: " + e.getMessage(), e);
        }
    }

    /** As {@link #run(Lake, DuckDbQueryEngine, int, int)} on a context. */
    public static Figures run(ModelContext context, int points, int threads) {
        if (points < 1_000) {
            throw new UrbanFlowException("Cannot run stage benchmark: --points " + points + " is below 1000");
        }
        Table raw = context.createIfMissing(MobilityTables.RAW_GPS_POINTS, MobilityTables.GPS_POINTS_SCHEMA, MobilityTables.GPS_POINTS_SPEC);
        writeSyntheticRaw(context.duckdb(), raw, points);
        StageResult result = new StageGpsPointsModel(threads).buildStage(context, BuildMode.FULL);
        return new Figures(result.inputRows(), result);
    }

    private static void writeSyntheticRaw(Connection duckdb, Table raw, int points) {
        int taxis = Math.max(10, Math.min(1_000, points / 2_000));
        // taxi t's fix i: on a circle of radius ~5.5 km around a taxi-specific centre, 0.0628 rad (~340 m) per 40 s
        String rows = "SELECT 'taxi-' || t AS vehicle_id,"
                + " TIMESTAMPTZ '2014-02-01 00:00:00+01' + to_microseconds((i * 40000000 + t * 37000)::BIGINT) AS ts,"
                + " 41.90 + 0.05 * sin(i * 0.0628 + t) + (hash(t, i, 1) % 1000) * 1e-7"
                + "   + CASE WHEN hash(t, i, 2) % 1000 = 0 THEN 0.5 ELSE 0 END AS lat,"
                + " 12.50 + 0.067 * cos(i * 0.0628 + t) + (hash(t, i, 3) % 1000) * 1e-7 AS lon,"
                + " (i // 20 % 2)::INTEGER AS occupancy, 'bench' AS source, (t % 4)::INTEGER AS kafka_partition,"
                + " (i * " + taxis + " + t)::BIGINT AS kafka_offset, TIMESTAMPTZ '2014-02-01 00:00:00+01' AS ingested_at"
                + " FROM range(" + taxis + ") a(t), range(" + (points / taxis) + ") b(i)";
        // 0.1% of the fixes arrive twice (another Kafka offset, same vehicle and instant)
        String withDuplicates = "SELECT * FROM (" + rows + ") UNION ALL SELECT vehicle_id, ts, lat, lon, occupancy, source,"
                + " kafka_partition, kafka_offset + 1000000000, ingested_at FROM (" + rows + ") WHERE hash(kafka_offset) % 1000 = 7";
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE urbanflow_bench_raw AS SELECT * FROM (" + withDuplicates + ") ORDER BY ts LIMIT " + points);
            List<DataFile> files = ParquetTableWriter.write(duckdb, raw, "SELECT * FROM urbanflow_bench_raw");
            AppendFiles append = raw.newAppend();
            files.forEach(append::appendFile);
            append.commit();
            statement.execute("DROP TABLE urbanflow_bench_raw");
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot write synthetic raw points: " + e.getMessage(), e);
        }
    }
}
