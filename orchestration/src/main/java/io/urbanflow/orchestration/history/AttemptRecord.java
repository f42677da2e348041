package io.urbanflow.orchestration.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One attempt of a task: who ran it, when, its outcome and its log. Immutable. {@code finishedAt} is null while it runs. */
public record AttemptRecord(String runId, String task, int attempt, String state, String holder, Instant startedAt,
                            Instant finishedAt, long rowsWritten, String snapshots, String error, String log) {
    public AttemptRecord {
        snapshots = snapshots == null ? "" : snapshots;
        log = log == null ? "" : log;
    }

    public Optional<Duration> duration() {
        return finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }
}
