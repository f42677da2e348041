package io.urbanflow.lake.maintenance;

/**
 * One step on one table: the table's figures before and after, what the step did and how long it took. Immutable.
 *
 * @param table  {@code namespace.table}
 * @param millis wall time of the step
 */
public record StepReport(String table, MaintenanceStep step, TableFigures before, TableFigures after, StepOutcome outcome,
        long millis) {
    /** Rows rewritten per second by compaction (0 when it rewrote nothing). */
    public double rowsPerSecond() {
        return outcome.rows() == 0 || millis == 0 ? 0 : outcome.rows() * 1000.0 / millis;
    }
}
