package io.urbanflow.pipeline;

import io.urbanflow.lake.CommitOutcomeUnknownException;
import io.urbanflow.lake.CommitOutcomes;
import io.urbanflow.model.UrbanFlowException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
    public record Outcome(long rowsWritten, int filesAdded, int filesRemoved, long snapshotId, java.time.Duration writeTime,
                          List<MicrosRange> daysWritten) {
    }

    /** The data files of the table's current snapshot. */
    public static List<DataFile> dataFiles(Table table) {
        table.refresh();
        List<DataFile> files = new ArrayList<>();
        if (table.currentSnapshot() == null) {
            return files;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }

    /** The UTC days of day-partitioned files, merged into ranges; empty for unpartitioned files. */
    public static List<MicrosRange> days(List<DataFile> files) {
        List<MicrosRange> days = new ArrayList<>();
        for (DataFile file : files) {
            if (file.partition().size() == 1 && file.partition().get(0, Object.class) instanceof Integer day) {
                days.add(MicrosRange.ofDay(day));
            }
        }
        return MicrosRange.merge(days);
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
        long writeStarted = System.nanoTime();
        List<DataFile> newFiles = ParquetTableWriter.write(duckdb, table, rows);
        java.time.Duration writeTime = java.time.Duration.ofNanos(System.nanoTime() - writeStarted);
        commit(table, base, filter, overwrite -> oldFiles.values().forEach(overwrite::deleteFile), newFiles, summary,
                reason -> "another writer changed the same rows (" + reason + ")");
        return committed(table, newFiles, oldFiles.size(), writeTime);
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
     * Data files to read, oldest data first, their total row count from metadata, and rows per UTC day (a file's rows
     * counted on every day its time bounds span; empty when some file has no bounds).
     */
    public record PlannedFiles(List<String> paths, long records, java.util.SortedMap<Integer, Long> recordsByDay, boolean bounded) {
    }

    /** {@link #filePaths} with the files' row counts. */
    public static PlannedFiles plan(Table table, long snapshotId, String column, Optional<List<MicrosRange>> ranges) {
        long[] records = {0};
        java.util.SortedMap<Integer, Long> byDay = new java.util.TreeMap<>();
        boolean[] bounded = {true};
        List<String> paths = filePaths(table, snapshotId, column, ranges, records, (file, field) -> {
            java.nio.ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(field.fieldId());
            java.nio.ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
            if (lower == null || upper == null) {
                bounded[0] = false;
                return;
            }
            int first = MicrosRange.day(org.apache.iceberg.types.Conversions.<Long>fromByteBuffer(field.type(), lower));
            int last = MicrosRange.day(org.apache.iceberg.types.Conversions.<Long>fromByteBuffer(field.type(), upper));
            for (int day = first; day <= last; day++) {
                byDay.merge(day, file.recordCount(), Long::sum);
            }
        });
        return new PlannedFiles(paths, records[0], bounded[0] ? byDay : new java.util.TreeMap<>(), bounded[0]);
    }

    /**
     * Replaces the rows of {@code table} in {@code ranges} (all rows for an empty Optional) by already written
     * {@code newFiles}, in one commit with {@code summary}. The files in the ranges must lie wholly inside them
     * (ranges aligned to the partitioning), so no row outside is rewritten.
     */
    public static Outcome replaceFiles(Table table, String column, Optional<List<MicrosRange>> ranges, List<DataFile> newFiles,
                                       Map<String, String> summary) {
        table.refresh();
        Snapshot base = table.currentSnapshot();
        Expression filter = ranges.map(list -> icebergFilter(column, list)).orElse(Expressions.alwaysTrue());
        List<DataFile> oldFiles = new ArrayList<>();
        if (base != null) {
            try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(base.snapshotId()).filter(filter).planFiles()) {
                for (FileScanTask task : tasks) {
                    oldFiles.add(task.file());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        commit(table, base, filter, overwrite -> {
            if (ranges.isPresent()) {
                // deletes exactly the files inside the ranges; fails the commit if a file lay partly outside
                overwrite.overwriteByRowFilter(filter);
            } else {
                oldFiles.forEach(overwrite::deleteFile);
            }
        }, newFiles, summary, UnaryOperator.identity());
        return committed(table, newFiles, oldFiles.size(), java.time.Duration.ZERO);
    }

    /**
     * Commits one overwrite of {@code table}: {@code removeOld} deletes the replaced files, {@code newFiles} are added,
     * the commit is validated against changes since {@code base} (null: an empty table) within {@code filter} and
     * carries {@code summary} and a {@link CommitOutcomes#COMMIT_ID}. A failed validation becomes "Cannot commit
     * TABLE: REASON; run again", REASON being {@code conflictReason} applied to Iceberg's message, and deletes
     * {@code newFiles}. After an error that leaves the outcome open (a {@code CommitStateUnknownException}, a broken
     * catalog connection) the commit is looked up by its id: found, this returns as after a success; proven absent,
     * {@code newFiles} are deleted and the error reported; when the lookup fails too, nothing is deleted (a snapshot
     * may reference the files; orphan cleanup removes them otherwise) and {@link CommitOutcomeUnknownException} says so.
     */
    private static void commit(Table table, Snapshot base, Expression filter, Consumer<OverwriteFiles> removeOld,
                               List<DataFile> newFiles, Map<String, String> summary, UnaryOperator<String> conflictReason) {
        String commitId = CommitOutcomes.newCommitId();
        try {
            OverwriteFiles overwrite = table.newOverwrite();
            removeOld.accept(overwrite);
            newFiles.forEach(overwrite::addFile);
            if (base != null) {
                overwrite.validateFromSnapshot(base.snapshotId())
                        .conflictDetectionFilter(filter)
                        .validateNoConflictingData()
                        .validateNoConflictingDeletes();
            }
            summary.forEach(overwrite::set);
            overwrite.set(CommitOutcomes.COMMIT_ID, commitId);
            overwrite.commit();
        } catch (ValidationException e) {
            ParquetTableWriter.deleteQuietly(newFiles);
            throw new UrbanFlowException("Cannot commit " + table.name() + ": " + conflictReason.apply(e.getMessage()) + "; run again", e);
        } catch (RuntimeException e) {
            // refreshes the table; throws CommitOutcomeUnknownException, deleting nothing, when it cannot be read
            if (CommitOutcomes.landedAfter(table, commitId, e)) {
                return;
            }
            ParquetTableWriter.deleteQuietly(newFiles);
            throw e instanceof UrbanFlowException ? e
                    : new UrbanFlowException("Cannot commit " + table.name() + ": " + e.getMessage() + "; run again", e);
        }
    }

    /** The outcome of a commit that added {@code newFiles} and removed {@code filesRemoved} files. */
    private static Outcome committed(Table table, List<DataFile> newFiles, int filesRemoved, java.time.Duration writeTime) {
        table.refresh();
        long rowsWritten = 0;
        for (DataFile file : newFiles) {
            rowsWritten += file.recordCount();
        }
        return new Outcome(rowsWritten, newFiles.size(), filesRemoved, table.currentSnapshot().snapshotId(), writeTime, days(newFiles));
    }

    /**
     * The data files of snapshot {@code snapshotId} (-1: none) overlapping {@code ranges} (all files for an empty
     * Optional), pruned by partition and column metrics, oldest data first (by the lower bound of {@code column}),
     * so that a scan of them sees each vehicle's rows in time order as ingest wrote them.
     */
    public static List<String> filePaths(Table table, long snapshotId, String column, Optional<List<MicrosRange>> ranges) {
        return filePaths(table, snapshotId, column, ranges, new long[1], (file, field) -> { });
    }

    private static List<String> filePaths(Table table, long snapshotId, String column, Optional<List<MicrosRange>> ranges, long[] records,
                                          java.util.function.BiConsumer<DataFile, org.apache.iceberg.types.Types.NestedField> visitor) {
        List<String> paths = new ArrayList<>();
        if (snapshotId == -1) {
            return paths;
        }
        Expression filter = ranges.map(list -> icebergFilter(column, list)).orElse(Expressions.alwaysTrue());
        org.apache.iceberg.types.Types.NestedField field = table.schemas().values().stream()
                .map(schema -> schema.findField(column)).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        List<Map.Entry<Long, String>> files = new ArrayList<>();
        // the column's bounds order the files and date their rows; a scan drops every column's bounds unless asked
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).filter(filter)
                .includeColumnStats(List.of(column)).planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new UrbanFlowException("Cannot read " + table.name() + " with DuckDB: it has row-level deletes");
                }
                java.nio.ByteBuffer lower = task.file().lowerBounds() == null ? null : task.file().lowerBounds().get(field.fieldId());
                long start = lower == null ? Long.MIN_VALUE : org.apache.iceberg.types.Conversions.<Long>fromByteBuffer(field.type(), lower);
                files.add(Map.entry(start, task.file().location()));
                records[0] += task.file().recordCount();
                visitor.accept(task.file(), field);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        files.sort(Map.Entry.<Long, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        files.forEach(file -> paths.add(file.getValue()));
        return paths;
    }
}
