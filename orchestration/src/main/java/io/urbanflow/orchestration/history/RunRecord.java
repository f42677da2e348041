package io.urbanflow.orchestration.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run as the history holds it. Immutable.
 *
 * @param triggerKind  manual, schedule, data, backfill or retry
 * @param triggerKey   the firing that started it (unique), or null for a run by hand
 * @param selection    the selection it ran, as given
 * @param windowStart  a backfill interval's start, or null
 * @param state        queued, running, success or failed
 * @param holder       the scheduler process running it, or null while queued
 * @param startedAt    null while queued
 * @param finishedAt   null until it ends
 */
public record RunRecord(String runId, String triggerKind, String triggerKey, String selection, boolean fullRefresh,
                        Instant windowStart, Instant windowEnd, String state, String holder, Instant heartbeatAt,
                        Instant queuedAt, Instant startedAt, Instant finishedAt) {
    public Optional<Duration> duration() {
        return startedAt == null || finishedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, finishedAt));
    }
}
