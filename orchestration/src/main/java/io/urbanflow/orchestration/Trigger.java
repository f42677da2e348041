package io.urbanflow.orchestration;

import java.util.Locale;

/** What started a run. */
public enum Trigger {
    /** {@code urbanflow pipeline run}, {@code aggregate}, {@code analyze}. */
    MANUAL,
    /** A cron schedule's firing. */
    SCHEDULE,
    /** New snapshots in a model's inputs. */
    DATA,
    /** One interval of a backfill. */
    BACKFILL,
    /** A retry of a failed run's failed tasks, asked for on the dashboard. */
    RETRY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
