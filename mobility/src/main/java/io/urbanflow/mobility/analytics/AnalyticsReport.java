package io.urbanflow.mobility.analytics;

import io.urbanflow.pipeline.RunMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * What one {@code urbanflow analyze} run of the analytics tables did. Immutable.
 *
 * @param mode       full, incremental or up to date
 * @param days       the local days recomputed (all days with data for a full run)
 * @param pointsRead stage points read, over every pass
 * @param passes     reads of the stage (more than one when a session crossed the first window's edge)
 * @param tables     per table: rows written and time spent, in the order written
 * @param clustering one line per clustering run, e.g. {@code kmeans k=4 silhouette=0.712 over 812 stops}
 * @param elapsed    wall time of the run
 */
public record AnalyticsReport(RunMode mode, List<LocalDate> days, long pointsRead, int passes, List<TableReport> tables,
                              List<String> clustering, Duration elapsed) {
    public AnalyticsReport {
        days = List.copyOf(days);
        tables = List.copyOf(tables);
        clustering = List.copyOf(clustering);
    }

    /**
     * One table's part of the run.
     *
     * @param table   e.g. {@code mart.trips}
     * @param rows    rows written by this run
     * @param elapsed time to compute and write them
     */
    public record TableReport(String table, long rows, Duration elapsed) {
    }

    /** The report of a table, if the run wrote it. */
    public java.util.Optional<TableReport> table(String name) {
        return tables.stream().filter(table -> table.table().equals(name)).findFirst();
    }
}
