package io.urbanflow.orchestration.history;

import java.time.Instant;

/**
 * A backfill: the intervals of [from, to) run one at a time, {@code nextStart} being the first not yet done. Immutable.
 *
 * @param every  how intervals are cut: a duration ({@code 1d}) or a cron expression
 * @param state  queued, running, cancelled, failed or success
 */
public record BackfillRecord(String backfillId, String selection, Instant from, Instant to, String every, Instant nextStart,
                             String state, Instant createdAt, Instant updatedAt, String error) {
}
