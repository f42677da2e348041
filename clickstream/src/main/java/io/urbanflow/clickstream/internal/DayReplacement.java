package io.urbanflow.clickstream.internal;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.SqlText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.StringJoiner;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The counterpart of {@link io.urbanflow.pipeline.RangeReplacement} for the small daily marts, keyed by a
 * {@code DATE} column: replaces the rows of some days by a query's rows in one copy-on-write Iceberg commit (the files
 * holding those days are rewritten with their other days' rows kept), validated against concurrent writers to those
 * days, with the model's state in the commit's summary. Stateless.
 */
public final class DayReplacement {
    private DayReplacement() {
    }

    /**
     * @param days       the days to replace; empty = the whole table
     * @param newRowsSql DuckDB query of the new rows (all in {@code days}), with the table's columns by name
     * @param summary    snapshot summary properties of the commit
     * @return rows written (the new rows plus rows kept in rewritten files)
     */
    public static long replace(Connection duckdb, Table table, String dayColumn, Optional<SortedSet<LocalDate>> days,
                               String newRowsSql, Map<String, String> summary) {
        table.refresh();
        Snapshot base = table.currentSnapshot();
        Expression filter = days.map(set -> {
            Expression any = Expressions.alwaysFalse();
            for (LocalDate day : set) {
                any = Expressions.or(any, Expressions.equal(dayColumn, (int) day.toEpochDay()));
            }
            return any;
        }).orElse(Expressions.alwaysTrue());
        Map<String, DataFile> oldFiles = new LinkedHashMap<>();
        if (base != null) {
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).filter(filter).planFiles()) {
                for (FileScanTask task : tasks) {
                    oldFiles.putIfAbsent(task.file().location(), task.file());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String rows = newRowsSql;
        if (days.isPresent() && !oldFiles.isEmpty()) {
            rows = "SELECT * FROM " + SqlText.scan(table.schema(), oldFiles.keySet()) + " WHERE " + SqlText.quoteIdentifier(dayColumn)
                    + " NOT IN " + dateList(days.get()) + " UNION ALL BY NAME (" + newRowsSql + ")";
        }
        java.util.List<DataFile> newFiles = ParquetTableWriter.write(duckdb, table, rows);
        try {
            OverwriteFiles overwrite = table.newOverwrite();
            oldFiles.values().forEach(overwrite::deleteFile);
            newFiles.forEach(overwrite::addFile);
            if (base != null) {
                overwrite.validateFromSnapshot(base.snapshotId()).conflictDetectionFilter(filter)
                        .validateNoConflictingData().validateNoConflictingDeletes();
            }
            summary.forEach(overwrite::set);
            overwrite.commit();
        } catch (ValidationException e) {
            ParquetTableWriter.deleteQuietly(newFiles);
            throw new UrbanFlowException("Cannot commit " + table.name() + ": another writer changed the same days ("
                    + e.getMessage() + "); run again", e);
        } catch (RuntimeException e) {
            ParquetTableWriter.deleteQuietly(newFiles);
            throw e;
        }
        long written = 0;
        for (DataFile file : newFiles) {
            written += file.recordCount();
        }
        return written;
    }

    /** {@code (DATE '2022-11-28', ...)}. */
    public static String dateList(SortedSet<LocalDate> days) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        for (LocalDate day : days) {
            list.add("DATE '" + day + "'");
        }
        return days.isEmpty() ? "(NULL)" : list.toString();
    }
}
