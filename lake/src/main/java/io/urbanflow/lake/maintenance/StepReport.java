package io.urbanflow.lake.maintenance;

/**
 * One step on one table: the table's figures before and after, what the step did and how long it took. Immutable.
 *
 * @param table     {@code namespace.table}
 * @param millis    wall time of the step
 * @param cpuMillis process CPU time during the step (every thread of the process, so work running beside the step
 *                  counts too; 0 where the JVM cannot tell): unlike wall time, it does not grow with other
 *                  processes' load on the machine
 */
public record StepReport(String table, MaintenanceStep step, TableFigures before, TableFigures after, StepOutcome outcome,
        long millis, long cpuMillis) {
    /** Rows rewritten per second by compaction (0 when it rewrote nothing). */
    public double rowsPerSecond() {
        return outcome.rows() == 0 || millis == 0 ? 0 : outcome.rows() * 1000.0 / millis;
    }

    /** Rows rewritten per second of process CPU time (0 when it rewrote nothing or CPU time is unknown). */
    public double rowsPerCpuSecond() {
        return outcome.rows() == 0 || cpuMillis == 0 ? 0 : outcome.rows() * 1000.0 / cpuMillis;
    }
}
