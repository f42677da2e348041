package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.lake.maintenance.StepReport;
import io.urbanflow.lake.maintenance.TableFigures;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * {@code urbanflow bench maintenance}: how much lake maintenance gives back to queries. Writes GPS-like points into a
 * fresh lake as many small commits (one second of points per commit, as a streaming ingest with 1 s commits does),
 * times a fixed set of DuckDB queries (a count, a 10-minute aggregate over a day, one vehicle's track), runs
 * maintenance on the table, times them again, and times them on the same points written as one batch. Optionally
 * shows how query time grows with the number of commits before maintenance, and what maintenance (and its
 * compaction, at each file count) gives back.
 *
 * <p>Query times are the best of {@link Options#repeats()} runs of each query after one warm-up run, summed over the
 * three queries, with the views already planned (planning time is reported apart). Beside each wall time stands the
 * process CPU time it took (DuckDB runs in this process), and the machine's load average is printed: on a shared
 * machine wall times grow with others' load, CPU times much less. The last line is {@code key=value} pairs for
 * scripts. Not thread-safe; one run at a time per data dir.
 */
public final class MaintenanceBenchmark {
    static final String MANY_COMMITS = "raw.bench_points";
    static final String ONE_BATCH = "raw.bench_points_batch";
    static final Instant START = Instant.parse("2014-02-01T00:00:00Z");
    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "vehicle_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "lat", Types.DoubleType.get()),
            Types.NestedField.required(4, "lon", Types.DoubleType.get()),
            Types.NestedField.required(5, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(6, "kafka_offset", Types.LongType.get()));
    static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day("ts").build();

    /**
     * @param points         points written (default 2,000,000)
     * @param pointsPerCommit points per commit: one second of points at this rate (default 1,000)
     * @param vehicles       distinct vehicles (default 500)
     * @param repeats        timed runs per query (default 3)
     * @param growthCommits  commit counts to time queries at, before and after maintenance; empty to skip (default)
     * @param dataDir        where the lake goes; null for a temporary folder deleted afterwards
     */
    public record Options(long points, int pointsPerCommit, int vehicles, int repeats, List<Integer> growthCommits, Path dataDir) {
        public Options {
            if (points < 1 || pointsPerCommit < 1 || vehicles < 1 || repeats < 1) {
                throw new UrbanFlowException("Cannot run the maintenance benchmark: points, points per commit, vehicles and repeats must be positive");
            }
            growthCommits = List.copyOf(growthCommits);
        }

        public static Options defaults() {
            return new Options(2_000_000, 1_000, 500, 3, List.of(), null);
        }

        public Options withPoints(long count) {
            return new Options(count, pointsPerCommit, vehicles, repeats, growthCommits, dataDir);
        }

        public Options withGrowth(List<Integer> commits) {
            return new Options(points, pointsPerCommit, vehicles, repeats, commits, dataDir);
        }

        public Options withPointsPerCommit(int count) {
            return new Options(points, count, vehicles, repeats, growthCommits, dataDir);
        }

        public Options withDataDir(Path dir) {
            return new Options(points, pointsPerCommit, vehicles, repeats, growthCommits, dir);
        }
    }

    /**
     * What one run measured.
     *
     * @param compactionMillis    wall time of the compaction step (planning, rewriting and committing)
     * @param compactionCpuMillis process CPU time during that step
     * @param loadAverage         the machine's one-minute load average at the end of the run (negative when unknown)
     */
    public record Result(long commits, long filesBefore, long filesAfter, long queryMillisBefore, long queryMillisAfter,
            long queryMillisOneBatch, double compactionRowsPerSecond, long compactionMillis, long compactionCpuMillis,
            double compactionRowsPerCpuSecond, double loadAverage) {
        /** The last line of the benchmark's output. */
        public String keyValueLine() {
            return String.format(Locale.ROOT, "commits=%d files_before=%d files_after=%d query_ms_before=%d query_ms_after=%d"
                    + " query_ms_one_batch=%d compaction_rows_per_s=%.0f compaction_ms=%d compaction_cpu_ms=%d"
                    + " compaction_rows_per_cpu_s=%.0f load_avg=%.1f", commits, filesBefore, filesAfter,
                    queryMillisBefore, queryMillisAfter, queryMillisOneBatch, compactionRowsPerSecond, compactionMillis,
                    compactionCpuMillis, compactionRowsPerCpuSecond, loadAverage);
        }
    }

    private MaintenanceBenchmark() {
    }

    /** {@code --points N}, {@code --points-per-commit N}, {@code --growth} (1k, 5k, 20k commits), {@code --data-dir D}. */
    public static void main(String[] args) {
        Options options = Options.defaults();
        for (int index = 0; index < args.length; index++) {
            switch (args[index]) {
                case "--points" -> options = options.withPoints(Long.parseLong(args[++index].replace("_", "")));
                case "--points-per-commit" -> options = options.withPointsPerCommit(Integer.parseInt(args[++index]));
                case "--growth" -> options = options.withGrowth(List.of(1_000, 5_000, 20_000));
                case "--data-dir" -> options = options.withDataDir(Path.of(args[++index]));
                default -> throw new UrbanFlowException("Cannot run the maintenance benchmark: unknown option " + args[index]);
            }
        }
        PrintWriter out = new PrintWriter(System.out, true);
        run(options, out);
        out.flush();
    }

    /** Runs the benchmark, printing as it goes; the last line is {@link Result#keyValueLine()}. */
    public static Result run(Options options, PrintWriter out) {
        Path dir = options.dataDir();
        boolean temporary = dir == null;
        try {
            if (temporary) {
                dir = Files.createTempDirectory("urbanflow-bench-maintenance");
            }
            try (Lake lake = Lake.open(LakeConfig.defaults(dir))) {
                return run(lake, options, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temporary && dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static Result run(Lake lake, Options options, PrintWriter out) {
        out.printf(Locale.ROOT, "Writing %,d points as commits of %,d points (%d vehicles)...%n", options.points(),
                options.pointsPerCommit(), options.vehicles());
        out.flush();
        Table many = lake.create(RawTable.of(MANY_COMMITS, SCHEMA, SPEC));
        long writeStart = System.nanoTime();
        long commits = writeCommits(many, options.points(), options.pointsPerCommit(), options.vehicles());
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
        Table batch = lake.create(RawTable.of(ONE_BATCH, SCHEMA, SPEC));
        writeOneBatch(batch, options.points(), options.pointsPerCommit(), options.vehicles());
        many.refresh();
        TableFigures before = TableFigures.of(many);
        out.printf(Locale.ROOT, "  %,d commits in %.1f s; %,d data files, %,d manifests%n", commits, writeMillis / 1000.0,
                before.dataFiles(), before.manifests());

        List<Growth> growth = new ArrayList<>();
        try (DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, QueryConfig.defaults().withTimeout(Duration.ofMinutes(30)).withMaxRows(10_000_000))) {
            Timing beforeTiming = time(engine, MANY_COMMITS, options);
            Timing batchTiming = time(engine, ONE_BATCH, options);
            out.println("Maintenance of " + MANY_COMMITS + ":");
            MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable(MANY_COMMITS),
                    Clock.systemUTC(), out);
            report.reportLines().forEach(out::println);
            Timing afterTiming = time(engine, MANY_COMMITS, options);
            boolean identical = beforeTiming.results.equals(afterTiming.results) && beforeTiming.results.equals(batchTiming.results);
            StepReport compaction = report.of(MANY_COMMITS, MaintenanceStep.COMPACT);
            many.refresh();
            TableFigures after = TableFigures.of(many);

            for (int commitCount : options.growthCommits()) {
                String name = "raw.bench_growth_" + commitCount;
                Table table = lake.create(RawTable.of(name, SCHEMA, SPEC));
                int perCommit = (int) Math.max(1, options.points() / commitCount);
                out.printf(Locale.ROOT, "Growth: writing %,d commits of %,d points...%n", commitCount, perCommit);
                out.flush();
                writeCommits(table, (long) perCommit * commitCount, perCommit, options.vehicles());
                table.refresh();
                long files = TableFigures.of(table).dataFiles();
                Timing timing = time(engine, name, options);
                out.printf(Locale.ROOT, "Growth: maintenance of %s...%n", name);
                out.flush();
                MaintenanceReport maintained = Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable(name),
                        Clock.systemUTC(), null);
                table.refresh();
                growth.add(new Growth(commitCount, files, timing, TableFigures.of(table).dataFiles(), time(engine, name, options),
                        maintained.of(name, MaintenanceStep.COMPACT)));
            }

            out.println();
            out.printf(Locale.ROOT, "%-34s %12s %12s %12s %12s %10s %10s%n", "table", "data files", "count ms", "10-min agg ms",
                    "track ms", "total ms", "cpu ms");
            row(out, "many commits, before maintenance", before.dataFiles(), beforeTiming);
            row(out, "many commits, after maintenance", after.dataFiles(), afterTiming);
            row(out, "one batch", TableFigures.of(refreshed(batch)).dataFiles(), batchTiming);
            out.printf(Locale.ROOT, "view planning ms: before %d, after %d, one batch %d; results identical: %s%n",
                    beforeTiming.planMillis, afterTiming.planMillis, batchTiming.planMillis, identical ? "yes" : "NO");
            out.printf(Locale.ROOT, "after/one-batch query time: %.2fx (target <= 1.5x); before/after: %.1fx%n",
                    afterTiming.totalMillis() / (double) Math.max(1, batchTiming.totalMillis()),
                    beforeTiming.totalMillis() / (double) Math.max(1, afterTiming.totalMillis()));
            for (Growth row : growth) {
                out.printf(Locale.ROOT, "growth: commits=%d files=%d query_ms=%d query_cpu_ms=%d plan_ms=%d (count %d, 10-min agg %d,"
                        + " track %d ms); after maintenance files=%d query_ms=%d query_cpu_ms=%d; compaction_ms=%d compaction_cpu_ms=%d"
                        + " compaction_rows_per_s=%.0f compaction_rows_per_cpu_s=%.0f%n",
                        row.commits, row.files, row.before.totalMillis(), row.before.totalCpuMillis(), row.before.planMillis,
                        row.before.millis[0], row.before.millis[1], row.before.millis[2], row.filesAfter, row.after.totalMillis(),
                        row.after.totalCpuMillis(), row.compaction == null ? 0 : row.compaction.millis(),
                        row.compaction == null ? 0 : row.compaction.cpuMillis(), row.compaction == null ? 0 : row.compaction.rowsPerSecond(),
                        row.compaction == null ? 0 : row.compaction.rowsPerCpuSecond());
            }
            if (compaction != null) {
                out.printf(Locale.ROOT, "compaction: %,d rows in %d ms wall, %d ms process cpu: %.0f rows/s, %.0f rows/cpu-s%n",
                        compaction.outcome().rows(), compaction.millis(), compaction.cpuMillis(), compaction.rowsPerSecond(),
                        compaction.rowsPerCpuSecond());
            }
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            out.printf(Locale.ROOT, "load average %.1f on %d cores%n", load, Runtime.getRuntime().availableProcessors());
            Result result = new Result(commits, before.dataFiles(), after.dataFiles(), beforeTiming.totalMillis(),
                    afterTiming.totalMillis(), batchTiming.totalMillis(), compaction == null ? 0 : compaction.rowsPerSecond(),
                    compaction == null ? 0 : compaction.millis(), compaction == null ? 0 : compaction.cpuMillis(),
                    compaction == null ? 0 : compaction.rowsPerCpuSecond(), load);
            out.println(result.keyValueLine());
            out.flush();
            return result;
        }
    }

    private static Table refreshed(Table table) {
        table.refresh();
        return table;
    }

    private static void row(PrintWriter out, String label, long files, Timing timing) {
        out.printf(Locale.ROOT, "%-34s %12d %12d %12d %12d %10d %10d%n", label, files, timing.millis[0], timing.millis[1],
                timing.millis[2], timing.totalMillis(), timing.totalCpuMillis());
    }

    /** A table of many commits: its queries timed before and after maintenance, and its compaction. */
    private record Growth(int commits, long files, Timing before, long filesAfter, Timing after, StepReport compaction) {
    }

    /**
     * The three queries on one table: best-of-N milliseconds each and the process CPU milliseconds of that best run,
     * their results, and the view planning time.
     */
    private record Timing(long[] millis, long[] cpuMillis, List<QueryResult> results, long planMillis) {
        long totalMillis() {
            return Arrays.stream(millis).sum();
        }

        long totalCpuMillis() {
            return Arrays.stream(cpuMillis).sum();
        }
    }

    static List<String> queries(String table) {
        return List.of(
                "SELECT count(*) AS points FROM " + table,
                "SELECT time_bucket(INTERVAL '10 minutes', ts) AS bucket, count(*) AS points, round(avg(lat), 9) AS lat,"
                        + " round(avg(lon), 9) AS lon FROM " + table + " WHERE ts >= TIMESTAMPTZ '2014-02-01 00:00:00+00'"
                        + " AND ts < TIMESTAMPTZ '2014-02-02 00:00:00+00' GROUP BY bucket ORDER BY bucket",
                "SELECT ts, lat, lon FROM " + table + " WHERE vehicle_id = 'v42' ORDER BY ts");
    }

    private static Timing time(DuckDbQueryEngine engine, String table, Options options) {
        long planStart = System.nanoTime();
        engine.tables(); // plans every view from Iceberg metadata: timed apart from the queries
        long planMillis = (System.nanoTime() - planStart) / 1_000_000;
        List<String> sql = queries(table);
        long[] millis = new long[sql.size()];
        long[] cpuMillis = new long[sql.size()];
        List<QueryResult> results = new ArrayList<>();
        for (int index = 0; index < sql.size(); index++) {
            results.add(engine.query(sql.get(index))); // warm-up
            long best = Long.MAX_VALUE;
            for (int repeat = 0; repeat < options.repeats(); repeat++) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                engine.query(sql.get(index));
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (elapsed < best) {
                    best = elapsed;
                    cpuMillis[index] = (processCpuNanos() - cpuStart) / 1_000_000;
                }
            }
            millis[index] = best;
        }
        return new Timing(millis, cpuMillis, results, planMillis);
    }

    /** CPU time of every thread of this process (DuckDB's too), or 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** Commits of {@code perCommit} points each, as fast appends (one manifest each, as the ingest makes them). */
    static long writeCommits(Table table, long points, int perCommit, int vehicles) {
        long commits = 0;
        for (long first = 0; first < points; first += perCommit) {
            long count = Math.min(perCommit, points - first);
            List<DataFile> files = TableWrites.write(table, new Points(first, count, perCommit, vehicles));
            AppendFiles append = table.newFastAppend();
            files.forEach(append::appendFile);
            append.commit();
            commits++;
            if (commits % 100 == 0) {
                // as the ingest does: old snapshots go, so metadata stays small while commits pile up files
                table.expireSnapshots().retainLast(10).expireOlderThan(System.currentTimeMillis()).cleanExpiredFiles(false).commit();
            }
        }
        return commits;
    }

    private static void writeOneBatch(Table table, long points, int perSecond, int vehicles) {
        List<DataFile> files = TableWrites.write(table, new Points(0, points, perSecond, vehicles));
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
    }

    /**
     * Points {@code first} to {@code first + count - 1}: {@code perSecond} points per second from {@link #START},
     * vehicles round-robin, positions a deterministic walk. One record is reused: writers copy values as they go.
     */
    private record Points(long first, long count, int perSecond, int vehicles) implements Iterable<Record> {
        @Override
        public Iterator<Record> iterator() {
            GenericRecord record = GenericRecord.create(SCHEMA);
            String[] names = new String[vehicles];
            for (int vehicle = 0; vehicle < vehicles; vehicle++) {
                names[vehicle] = "v" + vehicle;
            }
            long startMicros = START.getEpochSecond() * 1_000_000L;
            return new Iterator<>() {
                private long next = first;

                @Override
                public boolean hasNext() {
                    return next < first + count;
                }

                @Override
                public Record next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long index = next++;
                    int vehicle = (int) (index % vehicles);
                    long micros = startMicros + index * 1_000_000L / perSecond;
                    record.set(0, names[vehicle]);
                    record.set(1, OffsetDateTime.ofInstant(Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L), ZoneOffset.UTC));
                    record.set(2, 41.9 + vehicle * 1e-3 + (index / vehicles % 1_000) * 1e-5);
                    record.set(3, 12.5 - vehicle * 1e-3 + (index / vehicles % 777) * 1e-5);
                    record.set(4, (int) (index % 3));
                    record.set(5, index / 3);
                    return record;
                }
            };
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
