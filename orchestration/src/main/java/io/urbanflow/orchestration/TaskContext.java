package io.urbanflow.orchestration;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.query.DuckDbQueryEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What one attempt of a task may use, and its log. The log is kept with the attempt in the run history. Thread-safe
 * for {@link #log}; one context per attempt.
 */
public final class TaskContext {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final TaskEnvironment environment;
    private final BuildMode mode;
    private final Optional<MicrosRange> window;
    private final String runId;
    private final int attempt;
    private final StringBuilder log = new StringBuilder();

    public TaskContext(TaskEnvironment environment, BuildMode mode, Optional<MicrosRange> window, String runId, int attempt) {
        this.environment = environment;
        this.mode = mode;
        this.window = window;
        this.runId = runId;
        this.attempt = attempt;
    }

    public Lake lake() {
        return environment.lake();
    }

    public DuckDbQueryEngine engine() {
        return environment.engine();
    }

    public Settings settings() {
        return environment.settings();
    }

    public Clock clock() {
        return environment.clock();
    }

    /** {@link BuildMode#FULL} for {@code --full-refresh}. */
    public BuildMode mode() {
        return mode;
    }

    /** A backfill interval the models recompute besides what changed. */
    public Optional<MicrosRange> window() {
        return window;
    }

    public String runId() {
        return runId;
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return attempt;
    }

    /** Appends a line to the attempt's log, with the clock's time. */
    public synchronized void log(String line) {
        Instant now = environment.clock().instant();
        log.append(TIME.format(now)).append(' ').append(line).append('\n');
    }

    public synchronized String logText() {
        return log.toString();
    }
}
