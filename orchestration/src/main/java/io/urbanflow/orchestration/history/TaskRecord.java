package io.urbanflow.orchestration.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A task of a run as the history holds it: its latest state and attempt. Immutable.
 *
 * @param position  its place in the run's dependency order
 * @param upstream  the tasks of the run it runs after
 * @param retryAt   while queued for a retry: not before this; else null
 * @param snapshots the snapshots it committed, {@code table@id}, comma-separated; empty when none
 * @param error     the last failure, or null
 */
public record TaskRecord(String runId, String task, String kind, int position, List<String> upstream, String state,
                         int attempts, int maxAttempts, Instant retryAt, Instant startedAt, Instant finishedAt,
                         long rowsWritten, String snapshots, String error) {
    public TaskRecord {
        upstream = List.copyOf(upstream);
        snapshots = snapshots == null ? "" : snapshots;
    }

    public Optional<Duration> duration() {
        return startedAt == null || finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }
}
