package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.internal.LakeViews;
import io.urbanflow.query.internal.QueryErrors;
import io.urbanflow.query.internal.ResultRows;
import io.urbanflow.query.internal.SqlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Catalog;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * DuckDB over the lake: every Iceberg table is a DuckDB view by its name ({@code raw.gps_points},
 * {@code mart.traffic_10min}) reading the Parquet files of the selected snapshot. There is no Iceberg extension
 * here: the files are planned from Iceberg metadata in Java and read with {@code read_parquet}.
 *
 * <p>Two in-memory DuckDB databases:
 * <ul>
 *   <li>the <b>user</b> database runs {@link #query} calls: each is checked by {@link SqlGuard}, the views are
 *       brought to the tables' current snapshots first (cheap when nothing changed), and the database itself
 *       cannot touch files outside the warehouse ({@code enable_external_access=false} with the warehouse as the
 *       only allowed directory) nor change its settings ({@code lock_configuration}). It runs with the memory, thread
 *       and spill limits of {@link QueryConfig}, spilling into a folder of its own under
 *       {@link QueryConfig#tempDirectory()} that is deleted on {@link #close()}. Absolute paths of the warehouse and
 *       the temp directory are replaced by {@code <warehouse>} and {@code <temp>} in plans ({@code EXPLAIN ANALYZE}
 *       lists the files read) and error messages. Time-travel queries run on a throw-away database locked the same
 *       way, so they never disturb concurrent current queries.</li>
 *   <li>the <b>trusted</b> database ({@link #trustedConnection()}), opened on first use, for pipeline and analytics
 *       code: unguarded and writable (temp tables, the Appender), views refreshed by {@link #refreshViews()}.</li>
 * </ul>
 * Timestamps are shown in UTC (DuckDB's TimeZone). Queries are limited by {@link QueryConfig}: a query running longer
 * than the timeout is cancelled, rows beyond the limit are cut and the result marked truncated.
 *
 * <p>Thread-safe: queries may run from several threads at once, each on its own connection.
 */
public final class DuckDbQueryEngine implements AutoCloseable {
    private static final String SPILL_PREFIX = "urbanflow-duckdb-";
    private final Catalog catalog;
    private final List<String> allowedDirectories;
    private final java.util.Map<String, String> s3;
    private final QueryConfig config;
    private final LockedDatabase userDatabase;
    private final LakeViews userViews;
    private final ScheduledExecutorService watchdog;
    private final Set<Runnable> running = new CopyOnWriteArraySet<>();
    private DuckDBConnection trustedDatabase;
    private LakeViews trustedViews;
    private boolean closed;

    private DuckDbQueryEngine(Catalog catalog, List<String> allowedDirectories, java.util.Map<String, String> s3, QueryConfig config) {
        this.catalog = catalog;
        this.allowedDirectories = List.copyOf(allowedDirectories);
        this.s3 = java.util.Map.copyOf(s3);
        this.config = config;
        this.userDatabase = openLocked(this.allowedDirectories, this.s3, config);
        this.userViews = new LakeViews(catalog, userDatabase.connection());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "urbanflow-query-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An engine over the lake with the default {@link QueryConfig}. */
    public static DuckDbQueryEngine open(Lake lake) {
        return open(lake, QueryConfig.defaults());
    }

    /**
     * An engine over the lake. For a warehouse in an object store, DuckDB reads through httpfs when the extension
     * loads, else through the lake's read-through cache ({@link DuckDbFiles}); the user database may read the cache
     * folder (and the bucket) only.
     */
    public static DuckDbQueryEngine open(Lake lake, QueryConfig config) {
        String warehouse = lake.config().warehouse();
        if (lake.config().isObjectStore()) {
            java.util.Map<String, String> properties = lake.config().catalogProperties();
            String cache = Paths.get(properties.get("urbanflow.cache-dir")).toAbsolutePath().normalize().toString();
            String bucket = warehouse.replaceFirst("^s3[an]?://", "s3://");
            return new DuckDbQueryEngine(lake.catalog(), List.of(cache + "/", bucket.endsWith("/") ? bucket : bucket + "/"),
                    properties, config);
        }
        Path path = warehouse.toLowerCase(java.util.Locale.ROOT).startsWith("file:")
                ? Paths.get(java.net.URI.create(warehouse)) : Paths.get(warehouse);
        return open(lake.catalog(), path, config);
    }

    /**
     * An engine over any Iceberg catalog whose tables keep their files under {@code warehouse} (a local folder).
     *
     * @throws UrbanFlowException when DuckDB cannot start
     */
    public static DuckDbQueryEngine open(Catalog catalog, Path warehouse, QueryConfig config) {
        return new DuckDbQueryEngine(catalog, List.of(warehouse.toAbsolutePath().normalize() + "/"), java.util.Map.of(), config);
    }

    public QueryConfig config() {
        return config;
    }

    /** Runs a read-only query over every table's current snapshot; see {@link #query(String, SnapshotSelector)}. */
    public QueryResult query(String sql) {
        return query(sql, SnapshotSelector.current());
    }

    /**
     * Runs a read-only query with every table at the snapshot {@code at} selects.
     *
     * @throws QueryRefusedException when {@link SqlGuard} refuses the statement
     * @throws UrbanFlowException    "Cannot run query: ..." as one line for a syntax error, an unknown table (the
     *                               message lists the lake's tables), a timeout or any other failure; and when the
     *                               snapshot id is in no table
     */
    public QueryResult query(String sql, SnapshotSelector at) {
        SqlGuard.check(sql);
        if (at.isCurrent()) {
            ensureOpen();
            List<String> tables = userViews.sync(at, name -> LakeViews.mentions(sql, name));
            return run(userDatabase.connection(), userViews, tables, sql);
        }
        LockedDatabase database = openLocked(allowedDirectories, s3, config);
        try {
            LakeViews views = new LakeViews(catalog, database.connection());
            List<String> tables = views.sync(at, name -> LakeViews.mentions(sql, name));
            return run(database.connection(), views, tables, sql);
        } finally {
            database.close();
        }
    }

    /** Runs SQL on the user database without the guard: for tests of the database's own lock-down only. */
    QueryResult queryUnguardedForTest(String sql) {
        ensureOpen();
        List<String> tables = userViews.sync(SnapshotSelector.current());
        return run(userDatabase.connection(), userViews, tables, sql);
    }

    /** The folder the user database spills into (created on open, deleted on close): for tests. */
    Path spillDirectoryForTest() {
        return userDatabase.spill();
    }

    /** The lake's tables by name ({@code raw.gps_points}, ...), sorted, as DuckDB sees them now. */
    public List<String> tables() {
        ensureOpen();
        return userViews.sync(SnapshotSelector.current());
    }

    /**
     * A new connection to the trusted database (the caller closes it): no guard, no file restrictions, writable
     * in memory; the lake views there show the snapshots of the last {@link #refreshViews()} (done when the trusted
     * database opens). For pipeline and analytics code, never for user input.
     */
    public synchronized Connection trustedConnection() {
        ensureOpen();
        if (trustedDatabase == null) {
            openTrusted();
        }
        try {
            return trustedDatabase.duplicate();
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot open a DuckDB connection: " + QueryErrors.oneLine(e.getMessage()), e);
        }
    }

    /** Brings the trusted database's views to every table's current snapshot (opening it if needed). */
    public synchronized void refreshViews() {
        ensureOpen();
        if (trustedDatabase == null) {
            openTrusted();
        } else {
            trustedViews.sync(SnapshotSelector.current());
        }
    }

    private void openTrusted() {
        trustedDatabase = openDatabase();
        if (!s3.isEmpty()) {
            DuckDbFiles.tryHttpfs(trustedDatabase, s3);
        }
        trustedViews = new LakeViews(catalog, trustedDatabase);
        trustedViews.sync(SnapshotSelector.current());
    }

    private QueryResult run(DuckDBConnection database, LakeViews views, List<String> tables, String sql) {
        String failure = views.failureFor(sql);
        if (failure != null) {
            throw new UrbanFlowException(failure);
        }
        AtomicReference<String> stoppedBecause = new AtomicReference<>();
        try (Connection connection = database.duplicate(); Statement statement = connection.createStatement()) {
            Runnable stop = () -> {
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    // the statement finished meanwhile
                }
            };
            ScheduledFuture<?> cancel = watchdog.schedule(() -> {
                stoppedBecause.compareAndSet(null, "it ran longer than " + describe(config.timeout()) + " (" + QueryConfig.TIMEOUT + ")");
                stop.run();
            }, config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Runnable cancelByUser = () -> {
                stoppedBecause.compareAndSet(null, "cancelled");
                stop.run();
            };
            running.add(cancelByUser);
            try {
                if (!statement.execute(sql)) {
                    return new QueryResult(List.of(), List.of(), List.of(), false);
                }
                try (ResultSet result = statement.getResultSet()) {
                    return withoutPathsInPlans(ResultRows.read(result, config.maxRows()));
                }
            } finally {
                running.remove(cancelByUser);
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            if (stoppedBecause.get() != null) {
                throw new UrbanFlowException("Cannot run query: " + stoppedBecause.get(), e);
            }
            String message = QueryErrors.oneLine(e.getMessage());
            if (message.startsWith("Out of Memory Error")) {
                throw new UrbanFlowException("Cannot run query: it ran out of memory (" + QueryConfig.MEMORY_LIMIT + "="
                        + megabytes(config.memoryLimitBytes()) + ", " + QueryConfig.MAX_TEMP_SIZE + "="
                        + megabytes(config.maxTempBytes()) + "): " + hidePaths(firstSentence(message)), e);
            }
            UrbanFlowException translated = QueryErrors.translate(e, tables);
            throw new UrbanFlowException(hidePaths(translated.getMessage()), e);
        }
    }

    /**
     * EXPLAIN ANALYZE names every file it read, wrapped over as many lines of its box as it takes: those lines become
     * one {@code <warehouse>/} line; paths in other plan formats are shortened as in error messages.
     */
    private QueryResult withoutPathsInPlans(QueryResult result) {
        int plan = result.columns().indexOf("explain_value");
        if (plan < 0) {
            return result;
        }
        List<List<Object>> rows = new ArrayList<>(result.rowCount());
        for (List<Object> row : result.rows()) {
            List<Object> copy = new ArrayList<>(row);
            if (copy.get(plan) instanceof String text) {
                copy.set(plan, hidePaths(withoutFileLists(text)));
            }
            rows.add(copy);
        }
        return new QueryResult(result.columns(), result.types(), rows, result.truncated());
    }

    private static String withoutFileLists(String plan) {
        String label = "Filename(s):";
        if (!plan.contains(label)) {
            return plan;
        }
        StringBuilder out = new StringBuilder(plan.length());
        boolean skipping = false;
        for (String line : plan.split("\n", -1)) {
            if (skipping) {
                if (!line.replace('\u2502', ' ').isBlank()) {
                    continue;
                }
                skipping = false;
            }
            out.append(line).append('\n');
            if (line.contains(label)) {
                // same width as the label, so the box stays aligned
                out.append(line.replace(label, "<warehouse>/")).append('\n');
                skipping = true;
            }
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private String hidePaths(String text) {
        String spill = config.tempDirectory().resolve(SPILL_PREFIX).toString();
        for (String directory : allowedDirectories) {
            String folder = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
            text = text.replace(folder, "<warehouse>");
        }
        return text.replace(spill, "<temp>/" + SPILL_PREFIX);
    }

    private static String firstSentence(String message) {
        int end = message.indexOf(". ");
        return end < 0 ? message : message.substring(0, end + 1);
    }

    private static String megabytes(long bytes) {
        return bytes % (1024L * 1024 * 1024) == 0 ? bytes / (1024L * 1024 * 1024) + "GB" : bytes / (1024 * 1024) + "MB";
    }

    /** Cancels the queries running now (Ctrl-C in the shell); each fails with "Cannot run query: cancelled". */
    public void cancelRunningQueries() {
        for (Runnable cancel : running) {
            cancel.run();
        }
    }

    private static String describe(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 && seconds >= 60 ? seconds / 60 + "m" : seconds + "s";
    }

    private static DuckDBConnection openDatabase() {
        try {
            Properties properties = new Properties();
            // rows are read one chunk at a time: a huge result is cut at the row limit, not materialised first
            properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
                // a partitioned COPY (the pipeline's day-partitioned tables) flushes each partition every row group
                // instead of every 524,288 rows: the flushes then run on every thread; measured on the clickstream
                // stage (828,142 rows, 38 columns, 2 threads), 6.0 s -> 5.25 s median of four
                statement.execute("SET partitioned_write_flush_threshold = 122880");
            }
            return connection;
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot start DuckDB: " + QueryErrors.oneLine(e.getMessage()), e);
        }
    }

    /**
     * A database that may read files under {@code allowed} only (the warehouse, or for an object store the cache
     * folder and the bucket), runs within the configured memory, threads and spill space, spills into a new folder of
     * its own, and whose settings cannot change any more.
     */
    private static LockedDatabase openLocked(List<String> allowed, java.util.Map<String, String> s3, QueryConfig config) {
        Path spill;
        try {
            Files.createDirectories(config.tempDirectory());
            // owner-only on POSIX: spilled blocks are lake data
            spill = Files.createTempDirectory(config.tempDirectory(), SPILL_PREFIX);
        } catch (IOException | UnsupportedOperationException e) {
            throw new UrbanFlowException("Cannot start DuckDB: cannot create a folder in " + config.tempDirectory()
                    + " (" + QueryConfig.TEMP_DIRECTORY + "): " + e.getMessage(), e);
        }
        DuckDBConnection connection;
        try {
            connection = openDatabase();
        } catch (UrbanFlowException e) {
            deleteQuietly(spill);
            throw e;
        }
        boolean httpfs = !s3.isEmpty() && DuckDbFiles.tryHttpfs(connection, s3);
        try (Statement statement = connection.createStatement()) {
            // limits first: the temp directory cannot change once external access is off
            statement.execute("SET memory_limit = '" + config.memoryLimitBytes() + "B'");
            statement.execute("SET threads = " + config.threads());
            statement.execute("SET temp_directory = " + SqlText.literal(spill.toString()));
            statement.execute("SET max_temp_directory_size = '" + config.maxTempBytes() + "B'");
            java.util.StringJoiner directories = new java.util.StringJoiner(", ", "[", "]");
            allowed.stream().filter(directory -> httpfs || !directory.startsWith("s3://"))
                    .forEach(directory -> directories.add(SqlText.literal(directory)));
            statement.execute("SET allowed_directories = " + directories);
            statement.execute("SET enable_external_access = false");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            closeQuietly(connection);
            deleteQuietly(spill);
            throw new UrbanFlowException("Cannot start DuckDB: " + QueryErrors.oneLine(e.getMessage()), e);
        }
        return new LockedDatabase(connection, spill);
    }

    /** A locked database and the folder it spills into, deleted after the database closes. */
    private record LockedDatabase(DuckDBConnection connection, Path spill) {
        void close() {
            closeQuietly(connection);
            deleteQuietly(spill);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // gone already, or left for the system's temp cleaning
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the query engine is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.shutdownNow();
        userDatabase.close();
        if (trustedDatabase != null) {
            closeQuietly(trustedDatabase);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
