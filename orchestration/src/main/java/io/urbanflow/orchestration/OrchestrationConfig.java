package io.urbanflow.orchestration;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How tasks run. Immutable.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code pipeline.max-parallel} — 2: tasks of one run at once (independent branches run in parallel)</li>
 *   <li>{@code pipeline.retries} — 2: attempts after the first for a failing task (data tests are never retried)</li>
 *   <li>{@code pipeline.retry-backoff} — 10s: wait before the first retry, doubled for each next one, half of it jitter</li>
 *   <li>{@code pipeline.retry-backoff-max} — 5m: the longest wait between attempts</li>
 *   <li>{@code pipeline.task-timeout} — 1h: an attempt running longer is interrupted and failed</li>
 *   <li>{@code pipeline.lease} — 60s: how long a task's lease lasts without renewal; a scheduler that died is taken
 *       over this long after its last heartbeat</li>
 *   <li>{@code pipeline.load} — {@code ingest}: each domain's load task drains its topics into the lake until idle;
 *       {@code files}: one load task appends the files of landing folders to the raw tables (as {@code urbanflow
 *       load}: a file already loaded adds nothing); {@code none} leaves loading to a running {@code urbanflow ingest}
 *       (no load tasks in the DAG)</li>
 *   <li>{@code pipeline.load-until-idle} — 10s: a load task ends when its topics were quiet this long</li>
 *   <li>{@code pipeline.load-path} — (none): with {@code files}, the landing folders (or files), comma-separated</li>
 *   <li>{@code pipeline.load-format} — {@code auto}: with {@code files}, the files' format (see {@code urbanflow formats})</li>
 * </ul>
 */
public record OrchestrationConfig(int maxParallel, RetryPolicy retry, Duration taskTimeout, Duration lease, LoadMode load,
                                  Duration loadUntilIdle, List<Path> loadPaths, String loadFormat) {
    public static final String MAX_PARALLEL = "pipeline.max-parallel";
    public static final String RETRIES = "pipeline.retries";
    public static final String RETRY_BACKOFF = "pipeline.retry-backoff";
    public static final String RETRY_BACKOFF_MAX = "pipeline.retry-backoff-max";
    public static final String TASK_TIMEOUT = "pipeline.task-timeout";
    public static final String LEASE = "pipeline.lease";
    public static final String LOAD = "pipeline.load";
    public static final String LOAD_UNTIL_IDLE = "pipeline.load-until-idle";
    public static final String LOAD_PATH = "pipeline.load-path";
    public static final String LOAD_FORMAT = "pipeline.load-format";

    public static final int DEFAULT_MAX_PARALLEL = 2;
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LOAD_UNTIL_IDLE = Duration.ofSeconds(10);

    /** Where the load tasks take the events from. */
    public enum LoadMode {
        /** Each domain's topics, drained until idle. */
        INGEST,
        /** The files of landing folders ({@link #LOAD_PATH}). */
        FILES,
        /** No load tasks: a running ingest loads. */
        NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OrchestrationConfig {
        if (maxParallel < 1 || maxParallel > 64) {
            throw invalid(MAX_PARALLEL, maxParallel, "a whole number from 1 to 64");
        }
        if (retry == null) {
            throw invalid(RETRIES, null, "a retry policy");
        }
        if (taskTimeout == null || taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw invalid(TASK_TIMEOUT, taskTimeout, "a positive duration");
        }
        if (lease == null || lease.toMillis() < 500) {
            throw invalid(LEASE, lease, "a duration of at least 500ms");
        }
        load = load == null ? LoadMode.INGEST : load;
        if (loadUntilIdle == null || loadUntilIdle.isNegative() || loadUntilIdle.isZero()) {
            throw invalid(LOAD_UNTIL_IDLE, loadUntilIdle, "a positive duration");
        }
        loadPaths = loadPaths == null ? List.of() : List.copyOf(loadPaths);
        loadFormat = loadFormat == null || loadFormat.isBlank() ? "auto" : loadFormat.trim();
        if (load == LoadMode.FILES && loadPaths.isEmpty()) {
            throw new UrbanFlowException("Cannot use " + LOAD + "=files: set " + LOAD_PATH + " to the landing folder(s) whose files to load");
        }
    }

    public static OrchestrationConfig defaults() {
        return from(Settings.empty());
    }

    /**
     * Reads the {@code pipeline.*} keys, each falling back to its default.
     *
     * @throws UrbanFlowException naming the key of a wrong value
     */
    public static OrchestrationConfig from(Settings settings) {
        int retries = settings.integer(RETRIES, DEFAULT_RETRIES);
        if (retries < 0 || retries > 100) {
            throw invalid(RETRIES, retries, "a whole number from 0 to 100");
        }
        Duration backoff = settings.duration(RETRY_BACKOFF, DEFAULT_RETRY_BACKOFF);
        Duration maxBackoff = settings.duration(RETRY_BACKOFF_MAX, DEFAULT_RETRY_BACKOFF_MAX);
        if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
            throw invalid(RETRY_BACKOFF_MAX, maxBackoff, "a duration of at least " + RETRY_BACKOFF + " (" + backoff + ")");
        }
        String load = settings.string(LOAD, LoadMode.INGEST.label()).trim();
        LoadMode mode;
        try {
            mode = LoadMode.valueOf(load.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(LOAD, load, "ingest, files or none");
        }
        List<Path> paths = new ArrayList<>();
        for (String path : settings.string(LOAD_PATH, "").split(",")) {
            if (!path.isBlank()) {
                paths.add(Path.of(path.trim()));
            }
        }
        return new OrchestrationConfig(settings.integer(MAX_PARALLEL, DEFAULT_MAX_PARALLEL), new RetryPolicy(retries, backoff, maxBackoff),
                settings.duration(TASK_TIMEOUT, DEFAULT_TASK_TIMEOUT), settings.duration(LEASE, DEFAULT_LEASE), mode,
                settings.duration(LOAD_UNTIL_IDLE, DEFAULT_LOAD_UNTIL_IDLE), paths, settings.string(LOAD_FORMAT, "auto"));
    }

    public OrchestrationConfig withMaxParallel(int tasks) {
        return new OrchestrationConfig(tasks, retry, taskTimeout, lease, load, loadUntilIdle, loadPaths, loadFormat);
    }

    public OrchestrationConfig withRetry(RetryPolicy policy) {
        return new OrchestrationConfig(maxParallel, policy, taskTimeout, lease, load, loadUntilIdle, loadPaths, loadFormat);
    }

    public OrchestrationConfig withTaskTimeout(Duration timeout) {
        return new OrchestrationConfig(maxParallel, retry, timeout, lease, load, loadUntilIdle, loadPaths, loadFormat);
    }

    public OrchestrationConfig withLease(Duration duration) {
        return new OrchestrationConfig(maxParallel, retry, taskTimeout, duration, load, loadUntilIdle, loadPaths, loadFormat);
    }

    public OrchestrationConfig withLoad(LoadMode mode) {
        return new OrchestrationConfig(maxParallel, retry, taskTimeout, lease, mode, loadUntilIdle, loadPaths, loadFormat);
    }

    private static UrbanFlowException invalid(String key, Object value, String expected) {
        return new UrbanFlowException("Cannot use " + key + "=" + value + ": expected " + expected);
    }
}
