package io.urbanflow.pipeline.internal;

import io.urbanflow.model.UrbanFlowException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Replaces the rows of a table whose timestamp column lies in some ranges by newly computed rows, in one atomic
 * Iceberg commit (copy-on-write): the data files overlapping the ranges are rewritten with their rows outside the
 * ranges kept and the new rows added; files outside the ranges are untouched. The commit also records snapshot
 * summary properties (the input snapshots processed), so that state and data move together. A concurrent writer
 * to the same ranges makes the commit fail validation instead of duplicating rows.
 */
public final class RangeReplacement {
    private RangeReplacement() {
    }

    /** What one replacement wrote. */
    public record Outcome(long rowsWritten, int filesAdded, int filesRemoved, long snapshotId) {
    }

    /**
     * @param ranges     the ranges of {@code column} to replace; empty = the whole table
     * @param newRowsSql DuckDB query of the new rows, all inside {@code ranges}, with the table's columns
     * @param summary    snapshot summary properties to set on the commit
     */
    public static Outcome replace(Connection duckdb, Table table, String column, Optional<List<MicrosRange>> ranges,
                                  String newRowsSql, Map<String, String> summary) {
        table.refresh();
        Snapshot base = table.currentSnapshot();
        Expression filter = ranges.map(list -> icebergFilter(column, list)).orElse(Expressions.alwaysTrue());
        Map<String, DataFile> oldFiles = new LinkedHashMap<>();
        if (base != null) {
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).filter(filter).planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        throw new UrbanFlowException("Cannot rewrite " + table.name() + ": it has row-level deletes, which the pipeline does not write");
                    }
                    oldFiles.putIfAbsent(task.file().location(), task.file());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String rows = newRowsSql;
        if (ranges.isPresent() && !oldFiles.isEmpty()) {
            String quoted = SqlText.quoteIdentifier(column);
            rows = "SELECT * FROM " + SqlText.scan(table.schema(), oldFiles.keySet())
                    + " WHERE NOT " + SqlText.inRanges(quoted, ranges.get())
                    + " UNION ALL BY NAME (" + newRowsSql + ")";
        }
        List<DataFile> newFiles = ParquetTableWriter.write(duckdb, table, rows);
        try {
            OverwriteFiles overwrite = table.newOverwrite();
            oldFiles.values().forEach(overwrite::deleteFile);
            newFiles.forEach(overwrite::addFile);
            if (base != null) {
                overwrite.validateFromSnapshot(base.snapshotId())
                        .conflictDetectionFilter(filter)
                        .validateNoConflictingData()
                        .validateNoConflictingDeletes();
            }
            summary.forEach(overwrite::set);
            overwrite.commit();
        } catch (ValidationException e) {
            ParquetTableWriter.deleteQuietly(newFiles);
            throw new UrbanFlowException("Cannot commit " + table.name() + ": another writer changed the same rows (" + e.getMessage() + "); run again", e);
        } catch (RuntimeException e) {
            ParquetTableWriter.deleteQuietly(newFiles);
            throw e;
        }
        table.refresh();
        long rowsWritten = 0;
        for (DataFile file : newFiles) {
            rowsWritten += file.recordCount();
        }
        return new Outcome(rowsWritten, newFiles.size(), oldFiles.size(), table.currentSnapshot().snapshotId());
    }

    /** {@code column} within any of {@code ranges}, for Iceberg's file pruning and commit validation. */
    public static Expression icebergFilter(String column, List<MicrosRange> ranges) {
        Expression filter = Expressions.alwaysFalse();
        for (MicrosRange range : ranges) {
            filter = Expressions.or(filter, Expressions.and(
                    Expressions.greaterThanOrEqual(column, range.startMicros()),
                    Expressions.lessThan(column, range.endMicros())));
        }
        return filter;
    }

    /**
     * The data files of snapshot {@code snapshotId} (-1: none) overlapping {@code ranges} (all files for an empty
     * Optional), pruned by partition and column metrics.
     */
    public static List<String> filePaths(Table table, long snapshotId, String column, Optional<List<MicrosRange>> ranges) {
        List<String> paths = new ArrayList<>();
        if (snapshotId == -1) {
            return paths;
        }
        Expression filter = ranges.map(list -> icebergFilter(column, list)).orElse(Expressions.alwaysTrue());
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new UrbanFlowException("Cannot read " + table.name() + " with DuckDB: it has row-level deletes");
                }
                paths.add(task.file().location());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return paths;
    }
}
