package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineTables;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.models.internal.ComputedChunks;
import io.urbanflow.pipeline.InputChanges;
import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import io.urbanflow.mobility.models.internal.TrajectoryKernel;
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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import io.urbanflow.pipeline.ParquetTableWriter;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBConnection;

/**
 * {@code stage.gps_points} from {@code raw.gps_points}: duplicates removed, outliers flagged, speed, heading,
 * distance, H3 cell and local time per point (see {@link TrajectoryKernel} for the exact rules).
 *
 * <p>How: DuckDB reads the raw Parquet files of the days to rebuild (oldest first) into an in-memory table, with
 * a 63-bit hash of the vehicle id as key; per slice of vehicles ({@code vehicle_key % slices}, one slice per thread,
 * each on its own DuckDB connection) Java reads six primitive columns in table order, walks them with per-vehicle
 * state ({@link TrajectoryKernel}) while a background thread computes H3 cells, and the Appender stores the
 * derived columns in the same order, as one list per column and chunk of rows ({@link ComputedChunks}); DuckDB
 * pairs both by position ({@code POSITIONAL JOIN}) and writes Parquet
 * per day with the table's field ids ({@code COPY ... FIELD_IDS}); one Iceberg commit replaces those days and
 * records the raw snapshot processed. Rows are stored in raw (time) order, which keeps row groups narrow in time
 * for pruning. Days are built in batches of at most 4M raw rows, so memory stays bounded on full rebuilds; each
 * batch continues from the files the previous one wrote.
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
    /** Raw rows read at once (about 100 bytes of Java arrays each); more days are built in several batches. */
    private static final long MAX_ROWS_PER_BATCH = 4_000_000;

    private final int threads;
    private final long minRowsPerPart;
    private final long maxRowsPerBatch;

    public StageGpsPointsModel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads how many hash slices of the vehicles are built at once (each with its own DuckDB connection) */
    public StageGpsPointsModel(int threads) {
        this(threads, MIN_ROWS_PER_PART, MAX_ROWS_PER_BATCH);
    }

    StageGpsPointsModel(int threads, long minRowsPerPart, long maxRowsPerBatch) {
        this.threads = threads;
        this.minRowsPerPart = minRowsPerPart;
        this.maxRowsPerBatch = maxRowsPerBatch;
    }

    @Override
    public String name() {
        return MobilityTables.STAGE_GPS_POINTS;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.RAW_GPS_POINTS);
    }

    @Override
    public Schema schema() {
        return MobilityTables.STAGE_GPS_POINTS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return MobilityTables.STAGE_GPS_POINTS_SPEC;
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        return buildStage(context, mode).toModelResult();
    }

    static String options(MobilityConfig config) {
        return "h3-resolution=" + config.h3Resolution() + ";max-speed-kmh=" + config.maxSpeedKmh()
                + ";city=" + config.city().map(city -> city.key()).orElse("auto") + ";track-gap=" + config.trackGap()
                + ";zone=" + config.zone().getId();
    }

    /** Builds the stage table and reports the details {@link StageBuilder} returns. */
    StageResult buildStage(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        Map<String, Duration> phases = new LinkedHashMap<>();
        MobilityConfig config = MobilityConfig.from(context.settings());
        Table raw = context.input(MobilityTables.RAW_GPS_POINTS, name());
        Table stage = context.createIfMissing(name(), schema(), partitionSpec());
        String options = options(config);
        InputChanges changes = context.changes(stage, raw, "ts", options, mode);
        if (changes.upToDate()) {
            return new StageResult(RunMode.UP_TO_DATE, 0, 0, 0, 0, 0, List.of(), changes.snapshotId(), since(started), phases);
        }
        long trackGapMicros = config.trackGap().toNanos() / 1_000L;
        Optional<List<MicrosRange>> ranges = changes.full() ? Optional.empty() : Optional.of(daysToRebuild(changes.changed(), trackGapMicros));
        long phase = System.nanoTime();
        RangeReplacement.PlannedFiles planned = RangeReplacement.plan(raw, changes.snapshotId(), "ts", ranges);
        List<Optional<List<MicrosRange>>> batches = batches(ranges, planned, maxRowsPerBatch);
        // look-back rows come from stage files of days this run does not rewrite, and from the batches written before
        Set<Integer> rewritten = new HashSet<>();
        ranges.ifPresent(list -> list.forEach(range -> rewritten.addAll(range.days())));
        List<DataFile> stageFiles = ranges.isPresent() ? RangeReplacement.dataFiles(stage) : List.of();
        stageFiles = stageFiles.stream().filter(file -> !rewritten.contains(dayOf(file))).toList();
        phases.put("plan", since(phase));
        List<DataFile> files = new ArrayList<>();
        long inputRows = 0;
        long duplicates = 0;
        long outliers = 0;
        long vehicles = 0;
        for (Optional<List<MicrosRange>> batch : batches) {
            phase = System.nanoTime();
            RangeReplacement.PlannedFiles rawFiles = batch.isEmpty() ? planned : RangeReplacement.plan(raw, changes.snapshotId(), "ts", batch);
            List<DataFile> lookBackFiles = new ArrayList<>(stageFiles);
            lookBackFiles.addAll(files);
            String lookBack = batch.isPresent() ? lookBackSql(stage, lookBackFiles, batch.get(), trackGapMicros) : null;
            // Parts split the vehicles by hash, so that one part's single-threaded Java work overlaps another's DuckDB work.
            int parts = rawFiles.records() < minRowsPerPart * 2L ? 1 : Math.max(1, threads);
            List<PartResult> results = buildBatch(context, raw, rawFiles, batch, lookBack, parts, trackGapMicros, stage, phases, phase);
            long batchVehicles = 0;
            for (PartResult part : results) {
                files.addAll(part.files());
                inputRows += part.inputRows();
                duplicates += part.duplicates();
                outliers += part.outliers();
                batchVehicles += part.vehicles();
            }
            // vehicles are counted per batch; across batches the largest count is a lower bound
            vehicles = Math.max(vehicles, batchVehicles);
        }
        phase = System.nanoTime();
        RangeReplacement.Outcome outcome = RangeReplacement.replaceFiles(stage, "ts", ranges, files,
                ModelContext.stateSummary(raw, changes.snapshotId(), options));
        phases.put("commit", since(phase));
        List<TimeWindow> recomputed = new ArrayList<>();
        // a full build reports the days that have data
        (ranges.isPresent() ? ranges.get() : outcome.daysWritten()).forEach(range -> recomputed.add(range.toTimeWindow()));
        phases.put("cpu", Duration.ofNanos(processCpuNanos() - cpuStarted));
        return new StageResult(changes.full() ? RunMode.FULL : RunMode.INCREMENTAL, inputRows, outcome.rowsWritten(),
                duplicates, outliers, vehicles, recomputed, changes.snapshotId(), since(started), phases);
    }

    /** One batch of days: one read of the raw rows, then the vehicle slices in parallel; files written, not committed. */
    private List<PartResult> buildBatch(ModelContext context, Table raw, RangeReplacement.PlannedFiles rawFiles, Optional<List<MicrosRange>> batch,
                                        String lookBack, int parts, long trackGapMicros, Table stage, Map<String, Duration> phases, long phase) {
        MobilityConfig config = MobilityConfig.from(context.settings());
        List<PartResult> results = new ArrayList<>();
        String shared = "urbanflow_stage_all_" + UUID.randomUUID().toString().replace("-", "");
        try (Statement statement = context.duckdb().createStatement()) {
            // one read of the raw files for all parts; each part then slices it by the vehicle key (cheap integer filter)
            statement.execute(inputTableSql(raw, rawFiles.paths(), batch, lookBack, (parts == 1 ? "CREATE OR REPLACE TEMP TABLE " + INPUT
                    : "CREATE TABLE " + shared)));
            phases.merge("read", since(phase), Duration::plus);
            phase = System.nanoTime();
            if (parts == 1) {
                results.add(buildPart(context.duckdb(), null, 1, 0, config, trackGapMicros, stage));
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(parts, runnable -> new Thread(runnable, "stage-part"));
                try {
                    List<Future<PartResult>> futures = new ArrayList<>();
                    DuckDBConnection database = unwrap(context.duckdb());
                    for (int part = 0; part < parts; part++) {
                        int index = part;
                        futures.add(pool.submit(() -> {
                            try (Connection connection = database.duplicate()) {
                                return buildPart(connection, shared, parts, index, config, trackGapMicros, stage);
                            }
                        }));
                    }
                    for (Future<PartResult> future : futures) {
                        results.add(await(future));
                    }
                } finally {
                    pool.shutdownNow();
                    statement.execute("DROP TABLE IF EXISTS " + shared);
                }
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + name() + ": " + e.getMessage(), e);
        }
        phases.merge("parts", since(phase), Duration::plus);
        results.get(0).phases().forEach((name, duration) -> phases.merge("part0." + name, duration, Duration::plus));
        return results;
    }

    /**
     * Consecutive days grouped so that each batch reads at most about {@code maxRows} raw rows (a day is never split),
     * bounding memory whatever the size of a full rebuild. One unbounded batch when the files' days are unknown.
     */
    static List<Optional<List<MicrosRange>>> batches(Optional<List<MicrosRange>> ranges, RangeReplacement.PlannedFiles planned, long maxRows) {
        List<Integer> days = new ArrayList<>();
        if (ranges.isPresent()) {
            ranges.get().forEach(range -> days.addAll(range.days()));
        } else if (planned.bounded()) {
            days.addAll(planned.recordsByDay().keySet());
        } else {
            return List.of(Optional.empty());
        }
        List<Optional<List<MicrosRange>>> batches = new ArrayList<>();
        List<MicrosRange> current = new ArrayList<>();
        long rows = 0;
        for (int day : days) {
            long dayRows = planned.recordsByDay().getOrDefault(day, 0L);
            if (!current.isEmpty() && rows + dayRows > maxRows) {
                batches.add(Optional.of(MicrosRange.merge(current)));
                current = new ArrayList<>();
                rows = 0;
            }
            current.add(MicrosRange.ofDay(day));
            rows += dayRows;
        }
        if (!current.isEmpty()) {
            batches.add(Optional.of(MicrosRange.merge(current)));
        }
        return batches;
    }

    private static int dayOf(DataFile file) {
        Object day = file.partition().get(0, Object.class);
        return day instanceof Integer value ? value : Integer.MIN_VALUE;
    }

    /** What one part (a hash slice of the vehicles) computed and wrote, not yet committed. */
    private record PartResult(List<DataFile> files, long inputRows, long duplicates, long outliers, long vehicles,
                              long minMicros, long maxMicros, Map<String, Duration> phases) {
    }

    /**
     * Builds the vehicles of one slice into data files (not committed).
     *
     * @param shared the table all parts read, sliced by {@code vehicle_key % parts}; null when the one part's input
     *               is the temp table {@link #INPUT}
     */
    private PartResult buildPart(Connection duckdb, String shared, int parts, int part, MobilityConfig config, long trackGapMicros,
                                 Table stage) throws SQLException {
        Map<String, Duration> phases = new LinkedHashMap<>();
        long phase = System.nanoTime();
        // with one part the phases run alone, so the process CPU time of each is attributable to it
        long[] cpu = {shared == null ? processCpuNanos() : 0};
        java.util.function.Consumer<String> cpuPhase = name -> {
            if (shared == null) {
                long now = processCpuNanos();
                phases.put("cpu." + name, Duration.ofNanos(now - cpu[0]));
                cpu[0] = now;
            }
        };
        try (Statement statement = duckdb.createStatement()) {
            // A slice is a filtered scan of the shared table, not a copy: with DuckDB's insertion order preserved, every
            // scan of it (the load below, the positional join in the write) yields its rows in the same order.
            String input = shared == null ? INPUT : "(SELECT * FROM " + shared + " WHERE vehicle_key % " + parts + " = " + part + ")";

            TrajectoryKernel kernel = new TrajectoryKernel(config.maxSpeedKmh(), trackGapMicros, config.h3Resolution(), config.city(),
                    config.zone(), 1, 1 << 16);
            long[] timeBounds = {Long.MAX_VALUE, Long.MIN_VALUE};
            long inputRows = load(statement, input, kernel, timeBounds);
            phases.put("load", since(phase));
            cpuPhase.accept("load");
            phase = System.nanoTime();
            // H3 cells need only the input columns: computed in the background while the tracks are walked
            kernel.startCells();
            kernel.computeTracks();
            phases.put("tracks", since(phase));
            cpuPhase.accept("tracks");
            phase = System.nanoTime();
            checkVehicleKeys(statement, input, kernel);
            ComputedChunks.append(duckdb, COMPUTED, kernel);
            phases.put("cells+append", since(phase));
            cpuPhase.accept("cells+append");
            phase = System.nanoTime();

            String rows = "SELECT i.vehicle_id, i.ts, i.lat, i.lon, i.occupancy, i.source, c.local_ts, c.speed_kmh, c.heading_deg,"
                    + " c.distance_m, c.h3_cell, c.flag = " + TrajectoryKernel.OUTLIER + " AS is_outlier"
                    + " FROM " + input + " i POSITIONAL JOIN (" + ComputedChunks.rowsSql(COMPUTED) + ") c WHERE c.flag <> " + TrajectoryKernel.DROPPED;
            List<DataFile> files = ParquetTableWriter.write(duckdb, stage, rows);
            phases.put("write", since(phase));
            cpuPhase.accept("write");
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

    /** {@code create} + the input rows (raw rows of the ranges, then the look-back rows), with the vehicle key. */
    private static String inputTableSql(Table raw, List<String> rawFiles, Optional<List<MicrosRange>> ranges, String lookBack, String create) {
        String rawScan = SqlText.scan(raw.schema(), rawFiles);
        String arrival = raw.schema().findField("kafka_partition") != null && raw.schema().findField("kafka_offset") != null
                // times 2^40 rather than << 40: loaded files have partition -1, which DuckDB refuses to shift
                ? "coalesce(kafka_partition, 0)::BIGINT * 1099511627776 + coalesce(kafka_offset, 0)" : "0::BIGINT";
        String occupancy = raw.schema().findField("occupancy") != null ? "occupancy" : "NULL::INTEGER";
        String source = raw.schema().findField("source") != null ? "source" : "NULL::VARCHAR";
        StringBuilder sql = new StringBuilder(create).append(" AS SELECT *, CAST(hash(vehicle_id) >> 1 AS BIGINT) AS vehicle_key FROM (")
                .append("SELECT vehicle_id, ts, lat, lon, ")
                .append(occupancy).append(" AS occupancy, ").append(source).append(" AS source, ").append(arrival)
                .append(" AS arrival, false AS is_context FROM ").append(rawScan)
                .append(" WHERE ").append(ranges.map(list -> SqlText.inRanges("ts", list)).orElse("ts IS NOT NULL"));
        if (lookBack != null) {
            sql.append(" UNION ALL ").append(lookBack);
        }
        return sql.append(")").toString();
    }

    /**
     * Each vehicle's last non-outlier stage point within the track gap before each range, from {@code files} (stage
     * files valid for this run); null when no file overlaps the look-back windows.
     */
    private static String lookBackSql(Table stage, List<DataFile> files, List<MicrosRange> ranges, long trackGapMicros) {
        List<MicrosRange> lookBack = new ArrayList<>();
        Set<Integer> lookBackDays = new HashSet<>();
        for (MicrosRange range : ranges) {
            MicrosRange window = new MicrosRange(range.startMicros() - trackGapMicros, range.startMicros());
            lookBack.add(window);
            lookBackDays.addAll(window.days());
        }
        List<String> paths = files.stream().filter(file -> lookBackDays.contains(dayOf(file))).map(DataFile::location).toList();
        if (paths.isEmpty()) {
            return null;
        }
        // each look-back window lies within one UTC day (it ends at a midnight and is at most a day long)
        return "SELECT vehicle_id, max(ts) AS ts, arg_max(lat, ts) AS lat, arg_max(lon, ts) AS lon, NULL::INTEGER AS occupancy,"
                + " NULL::VARCHAR AS source, 0::BIGINT AS arrival, true AS is_context FROM " + SqlText.scan(stage.schema(), paths)
                + " WHERE NOT is_outlier AND " + SqlText.inRanges("ts", lookBack)
                + " GROUP BY vehicle_id, floor(epoch_us(ts) / " + MicrosRange.MICROS_PER_DAY + ")";
    }

    /** Hot loop: four primitive columns per row, no allocation. */
    private static long load(Statement statement, String input, TrajectoryKernel kernel, long[] timeBounds) throws SQLException {
        long inputRows = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (ResultSet rows = statement.executeQuery(
                "SELECT vehicle_key, epoch_us(ts), lat, lon, arrival, is_context FROM " + input)) {
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
    private static void checkVehicleKeys(Statement statement, String input, TrajectoryKernel kernel) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(DISTINCT vehicle_id) FROM " + input)) {
            result.next();
            if (result.getLong(1) != kernel.vehicles()) {
                throw new UrbanFlowException("Cannot build stage.gps_points: two vehicle ids share a hash (" + result.getLong(1)
                        + " ids, " + kernel.vehicles() + " hashes); please report this");
            }
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
