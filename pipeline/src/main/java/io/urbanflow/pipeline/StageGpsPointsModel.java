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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import io.urbanflow.pipeline.internal.ParquetTableWriter;
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

    /** Below this many raw rows per part, one part is faster than several. */
    private static final long MIN_ROWS_PER_PART = 200_000;

    private final int threads;
    private final long minRowsPerPart;

    public StageGpsPointsModel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads how many hash slices of the vehicles are built at once (each with its own DuckDB connection) */
    public StageGpsPointsModel(int threads) {
        this(threads, MIN_ROWS_PER_PART);
    }

    StageGpsPointsModel(int threads, long minRowsPerPart) {
        this.threads = threads;
        this.minRowsPerPart = minRowsPerPart;
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
        long cpuStarted = processCpuNanos();
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
        long phase = System.nanoTime();
        RangeReplacement.PlannedFiles rawFiles = RangeReplacement.plan(raw, changes.snapshotId(), "ts", ranges);
        String lookBack = ranges.isPresent() ? lookBackSql(stage, ranges.get(), trackGapMicros) : null;
        // Parts split the vehicles by hash, so that one part's single-threaded Java work overlaps another's DuckDB work.
        int parts = rawFiles.records() < minRowsPerPart * 2L ? 1 : Math.max(1, threads);
        phases.put("plan", since(phase));
        phase = System.nanoTime();
        List<PartResult> results = new ArrayList<>();
        if (parts == 1) {
            try {
                results.add(buildPart(context.duckdb(), raw, rawFiles.paths(), lookBack, ranges, 1, 0, context.config(), trackGapMicros, stage));
            } catch (SQLException e) {
                throw new UrbanFlowException("Cannot build " + name() + ": " + e.getMessage(), e);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> new Thread(runnable, "stage-part"));
            try {
                List<Future<PartResult>> futures = new ArrayList<>();
                DuckDBConnection database = unwrap(context.duckdb());
                for (int part = 0; part < parts; part++) {
                    int index = part;
                    futures.add(pool.submit(() -> {
                        try (Connection connection = database.duplicate()) {
                            return buildPart(connection, raw, rawFiles.paths(), lookBack, ranges, parts, index, context.config(), trackGapMicros, stage);
                        }
                    }));
                }
                for (Future<PartResult> future : futures) {
                    results.add(await(future));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        phases.put("parts", since(phase));
        results.get(0).phases().forEach((name, duration) -> phases.put("part0." + name, duration));
        phase = System.nanoTime();
        List<DataFile> files = new ArrayList<>();
        long inputRows = 0;
        long duplicates = 0;
        long outliers = 0;
        long vehicles = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (PartResult part : results) {
            files.addAll(part.files());
            inputRows += part.inputRows();
            duplicates += part.duplicates();
            outliers += part.outliers();
            vehicles += part.vehicles();
            min = Math.min(min, part.minMicros());
            max = Math.max(max, part.maxMicros());
        }
        RangeReplacement.Outcome outcome = RangeReplacement.replaceFiles(stage, "ts", ranges, files,
                ModelContext.stateSummary(raw, changes.snapshotId(), options));
        phases.put("commit", since(phase));
        List<TimeWindow> recomputed = new ArrayList<>();
        if (ranges.isPresent()) {
            ranges.get().forEach(range -> recomputed.add(range.toTimeWindow()));
        } else if (min <= max) {
            recomputed.add(new MicrosRange(MicrosRange.day(min) * MicrosRange.MICROS_PER_DAY,
                    (MicrosRange.day(max) + 1L) * MicrosRange.MICROS_PER_DAY).toTimeWindow());
        }
        phases.put("cpu", Duration.ofNanos(processCpuNanos() - cpuStarted));
        return new StageResult(changes.full() ? RunMode.FULL : RunMode.INCREMENTAL, inputRows, outcome.rowsWritten(),
                duplicates, outliers, vehicles, recomputed, changes.snapshotId(), since(started), phases);
    }

    /** What one part (a hash slice of the vehicles) computed and wrote, not yet committed. */
    private record PartResult(List<DataFile> files, long inputRows, long duplicates, long outliers, long vehicles,
                              long minMicros, long maxMicros, Map<String, Duration> phases) {
    }

    private PartResult buildPart(Connection duckdb, Table raw, List<String> rawFiles, String lookBack, Optional<List<MicrosRange>> ranges,
                                 int parts, int part, PipelineConfig config, long trackGapMicros, Table stage) throws SQLException {
        Map<String, Duration> phases = new LinkedHashMap<>();
        long phase = System.nanoTime();
        try (Statement statement = duckdb.createStatement()) {
            String slice = parts == 1 ? "" : " AND hash(vehicle_id) % " + parts + " = " + part;
            statement.execute(inputTableSql(raw, rawFiles, ranges, slice, lookBack));
            phases.put("read", since(phase));
            phase = System.nanoTime();

            TrajectoryKernel kernel = new TrajectoryKernel(config.maxSpeedKmh(), trackGapMicros, config.h3Resolution(), config.city(),
                    config.zone(), 1, 1 << 16);
            long[] timeBounds = {Long.MAX_VALUE, Long.MIN_VALUE};
            long inputRows = load(statement, kernel, timeBounds);
            phases.put("load", since(phase));
            phase = System.nanoTime();
            kernel.computeTracks();
            kernel.startCells();
            phases.put("tracks", since(phase));
            phase = System.nanoTime();
            checkVehicleKeys(statement, kernel);
            appendResults(duckdb, statement, kernel);
            phases.put("cells+append", since(phase));
            phase = System.nanoTime();

            String rows = "SELECT i.vehicle_id, i.ts, i.lat, i.lon, i.occupancy, i.source, c.local_ts, c.speed_kmh, c.heading_deg,"
                    + " c.distance_m, c.h3_cell, c.flag = " + TrajectoryKernel.OUTLIER + " AS is_outlier"
                    + " FROM " + INPUT + " i POSITIONAL JOIN " + COMPUTED + " c WHERE c.flag <> " + TrajectoryKernel.DROPPED;
            List<DataFile> files = ParquetTableWriter.write(duckdb, stage, rows);
            phases.put("write", since(phase));
            statement.execute("DROP TABLE IF EXISTS " + INPUT);
            statement.execute("DROP TABLE IF EXISTS " + COMPUTED);
            return new PartResult(files, inputRows, kernel.duplicates(), kernel.outliers(), kernel.vehicles(), timeBounds[0], timeBounds[1], phases);
        }
    }

    private static DuckDBConnection unwrap(Connection connection) {
        try {
            return connection.unwrap(DuckDBConnection.class);
        } catch (SQLException e) {
            throw new IllegalArgumentException("Cannot build stage.gps_points: the connection is not DuckDB's", e);
        }
    }

    private PartResult await(Future<PartResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot build " + name() + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UrbanFlowException urbanFlow) {
                throw urbanFlow;
            }
            throw new UrbanFlowException("Cannot build " + name() + ": " + cause.getMessage(), cause);
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

    private static String inputTableSql(Table raw, List<String> rawFiles, Optional<List<MicrosRange>> ranges, String slice, String lookBack) {
        String rawScan = SqlText.scan(raw.schema(), rawFiles);
        String arrival = raw.schema().findField("kafka_partition") != null && raw.schema().findField("kafka_offset") != null
                ? "(coalesce(kafka_partition, 0)::BIGINT << 40) + coalesce(kafka_offset, 0)" : "0::BIGINT";
        String occupancy = raw.schema().findField("occupancy") != null ? "occupancy" : "NULL::INTEGER";
        String source = raw.schema().findField("source") != null ? "source" : "NULL::VARCHAR";
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE ").append(INPUT).append(" AS SELECT vehicle_id, ts, lat, lon, ")
                .append(occupancy).append(" AS occupancy, ").append(source).append(" AS source, ").append(arrival)
                .append(" AS arrival, false AS is_context FROM ").append(rawScan)
                .append(" WHERE ").append(ranges.map(list -> SqlText.inRanges("ts", list)).orElse("ts IS NOT NULL")).append(slice);
        if (lookBack != null) {
            sql.append(" UNION ALL SELECT * FROM (").append(lookBack).append(") WHERE TRUE").append(slice);
        }
        return sql.toString();
    }

    /** Each vehicle's last non-outlier stage point within the track gap before each rebuilt range. */
    private static String lookBackSql(Table stage, List<MicrosRange> ranges, long trackGapMicros) {
        List<MicrosRange> lookBack = new ArrayList<>();
        for (MicrosRange range : ranges) {
            lookBack.add(new MicrosRange(range.startMicros() - trackGapMicros, range.startMicros()));
        }
        stage.refresh();
        long stageSnapshot = stage.currentSnapshot() == null ? -1 : stage.currentSnapshot().snapshotId();
        List<String> stageFiles = RangeReplacement.filePaths(stage, stageSnapshot, "ts", Optional.of(lookBack));
        // each look-back window lies within one UTC day (it ends at a midnight and is at most a day long)
        return "SELECT vehicle_id, max(ts) AS ts, arg_max(lat, ts) AS lat, arg_max(lon, ts) AS lon, NULL::INTEGER AS occupancy,"
                + " NULL::VARCHAR AS source, 0::BIGINT AS arrival, true AS is_context FROM " + SqlText.scan(stage.schema(), stageFiles)
                + " WHERE NOT is_outlier AND " + SqlText.inRanges("ts", lookBack)
                + " GROUP BY vehicle_id, floor(epoch_us(ts) / " + MicrosRange.MICROS_PER_DAY + ")";
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

    /**
     * Hot loop: one Appender row per input row, in input order, so that a positional join pairs them. Cells are
     * computed by the kernel's background thread a chunk ahead of this loop.
     */
    private static void appendResults(Connection duckdb, Statement statement, TrajectoryKernel kernel) throws SQLException {
        statement.execute("CREATE OR REPLACE TEMP TABLE " + COMPUTED
                + " (flag TINYINT, speed_kmh DOUBLE, heading_deg DOUBLE, distance_m DOUBLE, h3_cell BIGINT, local_ts TIMESTAMP)");
        DuckDBConnection connection = duckdb.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = connection.createAppender("temp", "main", COMPUTED)) {
            int size = kernel.size();
            for (int row = 0; row < size; row++) {
                if (row % TrajectoryKernel.CELL_CHUNK == 0) {
                    kernel.awaitCells(Math.min(size, row + TrajectoryKernel.CELL_CHUNK) - 1);
                }
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

    /** CPU time of the whole process (Java and DuckDB's native threads); 0 where the JVM does not tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
