package io.urbanflow.query;

import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Limits of user queries (the {@code sql} command, the web SQL box). Immutable; validated on construction.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code query.timeout} — {@code 60s}: a query running longer is cancelled</li>
 *   <li>{@code query.max-rows} — {@code 100000}: at most this many rows are returned; more mark the result truncated</li>
 *   <li>{@code query.memory-limit} — {@code 2GB}: DuckDB's {@code memory_limit} for the user database (shared by the
 *       queries running on it at once); beyond it, operators spill to the temp directory</li>
 *   <li>{@code query.threads} — {@code 4}, or fewer when the machine has fewer cores: DuckDB's {@code threads}</li>
 *   <li>{@code query.temp-directory} — the system's temp directory ({@code java.io.tmpdir}): each user database
 *       spills into a folder of its own below it, deleted when the database closes</li>
 *   <li>{@code query.max-temp-size} — {@code 4GB}: DuckDB's {@code max_temp_directory_size}; a query that would spill
 *       more fails with "it ran out of memory"</li>
 * </ul>
 * Sizes read as {@code 512MB}, {@code 2GB}, {@code 1GiB} (powers of 1024). The user cannot change any of these from
 * SQL: {@code SET} is refused and the database's configuration is locked.
 *
 * @param timeout          a query running longer is cancelled
 * @param maxRows          at most this many rows are returned
 * @param memoryLimitBytes DuckDB's memory limit for the user database
 * @param threads          DuckDB's worker threads for the user database
 * @param tempDirectory    the folder under which each user database spills (a folder of its own inside)
 * @param maxTempBytes     the most each user database may spill to disk
 */
public record QueryConfig(Duration timeout, int maxRows, long memoryLimitBytes, int threads, Path tempDirectory,
                          long maxTempBytes) {
    public static final String TIMEOUT = "query.timeout";
    public static final String MAX_ROWS = "query.max-rows";
    public static final String MEMORY_LIMIT = "query.memory-limit";
    public static final String THREADS = "query.threads";
    public static final String TEMP_DIRECTORY = "query.temp-directory";
    public static final String MAX_TEMP_SIZE = "query.max-temp-size";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ROWS = 100_000;
    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 2L * 1024 * 1024 * 1024;
    public static final int DEFAULT_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    public static final long DEFAULT_MAX_TEMP_BYTES = 4L * 1024 * 1024 * 1024;
    private static final long MIN_MEMORY_LIMIT_BYTES = 16L * 1024 * 1024;
    private static final long MIN_TEMP_BYTES = 1024L * 1024;

    public QueryConfig {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new UrbanFlowException("Cannot use setting " + TIMEOUT + "=" + timeout + ": it must be positive");
        }
        if (timeout.toSeconds() < 1) {
            // JDBC query timeouts count whole seconds
            throw new UrbanFlowException("Cannot use setting " + TIMEOUT + "=" + timeout + ": it must be at least 1s");
        }
        if (maxRows < 1) {
            throw new UrbanFlowException("Cannot use setting " + MAX_ROWS + "=" + maxRows + ": it must be at least 1");
        }
        if (memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
            throw new UrbanFlowException("Cannot use setting " + MEMORY_LIMIT + "=" + memoryLimitBytes + " bytes: it must be at least 16MB");
        }
        if (threads < 1) {
            throw new UrbanFlowException("Cannot use setting " + THREADS + "=" + threads + ": it must be at least 1");
        }
        if (tempDirectory == null) {
            throw new UrbanFlowException("Cannot use setting " + TEMP_DIRECTORY + ": it is empty");
        }
        tempDirectory = tempDirectory.toAbsolutePath().normalize();
        if (maxTempBytes < MIN_TEMP_BYTES) {
            throw new UrbanFlowException("Cannot use setting " + MAX_TEMP_SIZE + "=" + maxTempBytes + " bytes: it must be at least 1MB");
        }
    }

    /** The given time and row limits with the default memory, thread and temp limits. */
    public QueryConfig(Duration timeout, int maxRows) {
        this(timeout, maxRows, DEFAULT_MEMORY_LIMIT_BYTES, DEFAULT_THREADS, defaultTempDirectory(), DEFAULT_MAX_TEMP_BYTES);
    }

    public static QueryConfig defaults() {
        return new QueryConfig(DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS);
    }

    public static QueryConfig from(Settings settings) {
        String temp = settings.string(TEMP_DIRECTORY, null);
        return new QueryConfig(settings.duration(TIMEOUT, DEFAULT_TIMEOUT), settings.integer(MAX_ROWS, DEFAULT_MAX_ROWS),
                size(settings, MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT_BYTES), settings.integer(THREADS, DEFAULT_THREADS),
                temp == null || temp.isBlank() ? defaultTempDirectory() : Path.of(temp.trim()),
                size(settings, MAX_TEMP_SIZE, DEFAULT_MAX_TEMP_BYTES));
    }

    /** The system's temp directory, {@code java.io.tmpdir}. */
    public static Path defaultTempDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public QueryConfig withMaxRows(int rows) {
        return new QueryConfig(timeout, rows, memoryLimitBytes, threads, tempDirectory, maxTempBytes);
    }

    public QueryConfig withTimeout(Duration duration) {
        return new QueryConfig(duration, maxRows, memoryLimitBytes, threads, tempDirectory, maxTempBytes);
    }

    /** The same time and row limits with other resource limits. */
    public QueryConfig withResources(long memoryLimit, int threadCount, Path temp, long maxTemp) {
        return new QueryConfig(timeout, maxRows, memoryLimit, threadCount, temp, maxTemp);
    }

    private static long size(Settings settings, String key, long defaultValue) {
        String value = settings.string(key, null);
        return value == null || value.isBlank() ? defaultValue : MaintenanceConfig.parseSize(key, value);
    }
}
