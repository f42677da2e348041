package io.urbanflow.pipeline;

import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.internal.InputChanges;
import io.urbanflow.pipeline.internal.MicrosRange;
import io.urbanflow.pipeline.internal.RangeReplacement;
import io.urbanflow.pipeline.internal.SqlText;
import io.urbanflow.pipeline.internal.TrajectoryKernel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code stage.gps_points} from {@code raw.gps_points}: duplicates removed, outliers flagged, speed, heading,
 * distance, H3 cell and local time per point (see {@link TrajectoryKernel} for the exact rules).
 *
 * <p>How: DuckDB reads the raw Parquet files of the days to rebuild into a temp table; Java reads four numeric
 * columns of it, orders rows per vehicle and time, and computes the derived columns in primitive arrays; the
 * Appender puts them into a second temp table in input order; DuckDB joins both by position and writes Parquet
 * per day; one Iceberg commit replaces those days. Rows are stored in raw (time) order, which keeps row groups
 * narrow in time for pruning.
 *
 * <p>Incremental runs rebuild the UTC days that received raw rows since the processed raw snapshot (recorded in
 * the stage snapshot summary), plus the next day when the new rows lie within the track gap of midnight. The first
 * point of each vehicle in a rebuilt day continues from that vehicle's last non-outlier stage point within the
 * track gap before it (look-back), so incremental and full builds agree.
 */
public final class StageGpsPointsModel implements Model {
    private static final String INPUT = "urbanflow_stage_input";
    private static final String COMPUTED = "urbanflow_stage_computed";

    private final int threads;

    public StageGpsPointsModel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public StageGpsPointsModel(int threads) {
        this.threads = threads;
    }

    @Override
    public String name() {
        return PipelineTables.STAGE_GPS_POINTS;
    }

    @Override
    public List<String> inputs() {
        return List.of(PipelineTables.RAW_GPS_POINTS);
    }

    @Override
    public Schema schema() {
        return PipelineTables.STAGE_GPS_POINTS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return PipelineTables.STAGE_GPS_POINTS_SPEC;
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        return buildStage(context, mode).toModelResult();
    }

    static String options(PipelineConfig config) {
        return "h3-resolution=" + config.h3Resolution() + ";max-speed-kmh=" + config.maxSpeedKmh()
                + ";city=" + config.city().map(city -> city.key()).orElse("auto") + ";track-gap=" + config.trackGap()
                + ";zone=" + config.zone().getId();
    }

    /** Builds the stage table and reports the details {@link StageBuilder} returns. */
    StageResult buildStage(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        Map<String, Duration> phases = new LinkedHashMap<>();
        PipelineConfig config = context.config();
        Table raw = context.input(PipelineTables.RAW_GPS_POINTS, name());
        Table stage = context.createIfMissing(name(), schema(), partitionSpec());
        String options = options(config);
        InputChanges changes = context.changes(stage, raw, "ts", options, mode);
        if (changes.upToDate()) {
            return new StageResult(RunMode.UP_TO_DATE, 0, 0, 0, 0, 0, List.of(), changes.snapshotId(), since(started), phases);
        }
        long trackGapMicros = config.trackGap().toNanos() / 1_000L;
        Optional<List<MicrosRange>> ranges = changes.full() ? Optional.empty() : Optional.of(daysToRebuild(changes.changed(), trackGapMicros));
        Connection duckdb = context.duckdb();
        long phase = System.nanoTime();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute(inputTableSql(raw, changes.snapshotId(), stage, ranges, trackGapMicros));
            phases.put("read", since(phase));
            phase = System.nanoTime();

            TrajectoryKernel kernel = new TrajectoryKernel(config.maxSpeedKmh(), trackGapMicros, config.h3Resolution(), config.city(),
                    config.zone(), threads, 1 << 16);
            long[] timeBounds = {Long.MAX_VALUE, Long.MIN_VALUE};
            long inputRows = load(statement, kernel, timeBounds);
            kernel.compute();
            checkVehicleKeys(statement, kernel);
            phases.put("compute", since(phase));
            phase = System.nanoTime();

            appendResults(duckdb, statement, kernel);
            phases.put("append", since(phase));
            phase = System.nanoTime();

            String rows = "SELECT i.vehicle_id, i.ts, i.lat, i.lon, i.occupancy, i.source, c.local_ts, c.speed_kmh, c.heading_deg,"
                    + " c.distance_m, c.h3_cell, lower(hex(c.h3_cell)) AS h3_cell_hex, c.flag = " + TrajectoryKernel.OUTLIER + " AS is_outlier"
                    + " FROM " + INPUT + " i POSITIONAL JOIN " + COMPUTED + " c WHERE c.flag <> " + TrajectoryKernel.DROPPED;
            RangeReplacement.Outcome outcome = RangeReplacement.replace(duckdb, stage, "ts", ranges, rows,
                    ModelContext.stateSummary(raw, changes.snapshotId(), options));
            phases.put("write+commit", since(phase));
            statement.execute("DROP TABLE IF EXISTS " + INPUT);
            statement.execute("DROP TABLE IF EXISTS " + COMPUTED);

            List<TimeWindow> recomputed = new ArrayList<>();
            if (ranges.isPresent()) {
                ranges.get().forEach(range -> recomputed.add(range.toTimeWindow()));
            } else if (timeBounds[0] <= timeBounds[1]) {
                recomputed.add(new MicrosRange(MicrosRange.day(timeBounds[0]) * MicrosRange.MICROS_PER_DAY,
                        (MicrosRange.day(timeBounds[1]) + 1L) * MicrosRange.MICROS_PER_DAY).toTimeWindow());
            }
            return new StageResult(changes.full() ? RunMode.FULL : RunMode.INCREMENTAL, inputRows, outcome.rowsWritten(),
                    kernel.duplicates(), kernel.outliers(), kernel.vehicles(), recomputed, changes.snapshotId(), since(started), phases);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + name() + ": " + e.getMessage(), e);
        }
    }

    /** The UTC days touched by the changes, and each next day when a change lies within the track gap of its midnight. */
    static List<MicrosRange> daysToRebuild(List<MicrosRange> changed, long trackGapMicros) {
        TreeSet<Integer> days = new TreeSet<>();
        for (MicrosRange range : changed) {
            days.addAll(range.days());
            long last = range.endMicros() - 1;
            int lastDay = MicrosRange.day(last);
            if (last >= (lastDay + 1L) * MicrosRange.MICROS_PER_DAY - trackGapMicros) {
                days.add(lastDay + 1);
            }
        }
        List<MicrosRange> ranges = new ArrayList<>();
        days.forEach(day -> ranges.add(MicrosRange.ofDay(day)));
        return MicrosRange.merge(ranges);
    }

    private static String inputTableSql(Table raw, long rawSnapshot, Table stage, Optional<List<MicrosRange>> ranges, long trackGapMicros) {
        List<String> rawFiles = RangeReplacement.filePaths(raw, rawSnapshot, "ts", ranges);
        String rawScan = SqlText.scan(raw.schema(), rawFiles);
        String arrival = raw.schema().findField("kafka_partition") != null && raw.schema().findField("kafka_offset") != null
                ? "(coalesce(kafka_partition, 0)::BIGINT << 40) + coalesce(kafka_offset, 0)" : "0::BIGINT";
        String occupancy = raw.schema().findField("occupancy") != null ? "occupancy" : "NULL::INTEGER";
        String source = raw.schema().findField("source") != null ? "source" : "NULL::VARCHAR";
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(INPUT).append(" AS SELECT vehicle_id, ts, lat, lon, ")
                .append(occupancy).append(" AS occupancy, ").append(source).append(" AS source, ").append(arrival)
                .append(" AS arrival, false AS is_context FROM ").append(rawScan)
                .append(" WHERE ").append(ranges.map(list -> SqlText.inRanges("ts", list)).orElse("ts IS NOT NULL"));
        if (ranges.isPresent()) {
            List<MicrosRange> lookBack = new ArrayList<>();
            for (MicrosRange range : ranges.get()) {
                lookBack.add(new MicrosRange(range.startMicros() - trackGapMicros, range.startMicros()));
            }
            stage.refresh();
            long stageSnapshot = stage.currentSnapshot() == null ? -1 : stage.currentSnapshot().snapshotId();
            List<String> stageFiles = RangeReplacement.filePaths(stage, stageSnapshot, "ts", Optional.of(lookBack));
            // each look-back window lies within one UTC day (it ends at a midnight and is at most a day long)
            sql.append(" UNION ALL SELECT vehicle_id, max(ts), arg_max(lat, ts), arg_max(lon, ts), NULL, NULL, 0, true FROM ")
                    .append(SqlText.scan(stage.schema(), stageFiles))
                    .append(" WHERE NOT is_outlier AND ").append(SqlText.inRanges("ts", lookBack))
                    .append(" GROUP BY vehicle_id, floor(epoch_us(ts) / ").append(MicrosRange.MICROS_PER_DAY).append(")");
        }
        return sql.toString();
    }

    /** Hot loop: four primitive columns per row, no allocation. */
    private static long load(Statement statement, TrajectoryKernel kernel, long[] timeBounds) throws SQLException {
        long inputRows = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (ResultSet rows = statement.executeQuery(
                "SELECT CAST(hash(vehicle_id) >> 1 AS BIGINT), epoch_us(ts), lat, lon, arrival, is_context FROM " + INPUT)) {
            while (rows.next()) {
                long time = rows.getLong(2);
                boolean context = rows.getBoolean(6);
                kernel.add(rows.getLong(1), time, rows.getDouble(3), rows.getDouble(4), rows.getLong(5), context);
                if (!context) {
                    inputRows++;
                    min = Math.min(min, time);
                    max = Math.max(max, time);
                }
            }
        }
        timeBounds[0] = min;
        timeBounds[1] = max;
        return inputRows;
    }

    /** Vehicles are told apart by a 63-bit hash of their id: prove there was no collision. */
    private static void checkVehicleKeys(Statement statement, TrajectoryKernel kernel) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(DISTINCT vehicle_id) FROM " + INPUT)) {
            result.next();
            if (result.getLong(1) != kernel.vehicles()) {
                throw new UrbanFlowException("Cannot build stage.gps_points: two vehicle ids share a hash (" + result.getLong(1)
                        + " ids, " + kernel.vehicles() + " hashes); please report this");
            }
        }
    }

    /** Hot loop: one Appender row per input row, in input order, so that a positional join pairs them. */
    private static void appendResults(Connection duckdb, Statement statement, TrajectoryKernel kernel) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + COMPUTED
                + " (flag TINYINT, speed_kmh DOUBLE, heading_deg DOUBLE, distance_m DOUBLE, h3_cell BIGINT, local_ts TIMESTAMP)");
        DuckDBConnection connection = duckdb.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = connection.createAppender("temp", "main", COMPUTED)) {
            int size = kernel.size();
            for (int row = 0; row < size; row++) {
                appender.beginRow();
                byte flag = kernel.flag(row);
                appender.append(flag);
                if (flag == TrajectoryKernel.DROPPED) {
                    appender.appendNull().appendNull().appendNull().appendNull().appendNull();
                } else {
                    appendNullable(appender, kernel.speedKmh(row));
                    appendNullable(appender, kernel.headingDegrees(row));
                    appendNullable(appender, kernel.distanceMetres(row));
                    appender.append(kernel.h3Cell(row));
                    appender.appendEpochMicros(kernel.localMicros(row));
                }
                appender.endRow();
            }
        }
    }

    private static void appendNullable(DuckDBAppender appender, double value) throws SQLException {
        if (Double.isNaN(value)) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
