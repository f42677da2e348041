package io.urbanflow.orchestration;

import java.util.Locale;

/**
 * Where a task of a run is: queued → running → success | failed | upstream_failed | skipped. A failed attempt with
 * attempts left goes back to queued (with a time before which it does not start again).
 */
public enum TaskState {
    QUEUED, RUNNING, SUCCESS, FAILED, UPSTREAM_FAILED, SKIPPED;

    /** {@code queued}, {@code upstream_failed}, ...: as stored and printed. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == SKIPPED;
    }

    public static TaskState parse(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
