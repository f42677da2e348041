package io.urbanflow.lake.maintenance;

/**
 * What one maintenance step did to one table (or, in a dry run, would do). Immutable; counts not relevant to a step
 * are 0.
 *
 * @param filesIn          files the step removed from the current snapshot: compacted, rewritten manifests, dropped by
 *                         retention
 * @param filesOut         files it added in their place (compacted files, new manifests)
 * @param rows             rows compaction rewrote, or rows retention dropped
 * @param commits          snapshots the step committed
 * @param conflicts        commit attempts that met a concurrent commit and were retried
 * @param snapshotsExpired snapshots removed from metadata
 * @param orphansFound     unreferenced files older than the orphan age
 * @param orphansDeleted   of those, the ones deleted (0 in a dry run)
 * @param note             why the step did nothing, or what it planned in a dry run; empty otherwise
 */
public record StepOutcome(long filesIn, long filesOut, long rows, int commits, int conflicts, int snapshotsExpired,
        long orphansFound, long orphansDeleted, String note) {
    public StepOutcome {
        note = note == null ? "" : note;
    }

    static StepOutcome skipped(String why) {
        return new StepOutcome(0, 0, 0, 0, 0, 0, 0, 0, why);
    }
}
