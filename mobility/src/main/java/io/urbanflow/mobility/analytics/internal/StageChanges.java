package io.urbanflow.mobility.analytics.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The local days whose stage points changed between two snapshots of a table, from Iceberg metadata only: the
 * bounds of a timestamp column (local wall-clock time) in the data files added or removed since. Iceberg keeps no
 * column statistics for the entries of removed files, so their bounds are looked up in the snapshot before their
 * removal, where they were live. Stateless.
 */
public final class StageChanges {
    private StageChanges() {
    }

    /**
     * The local epoch days touched since {@code lastSnapshotId}; empty (meaning: rebuild everything) when that
     * snapshot is no ancestor of the current one, when delete files were written, or when a file has no bounds.
     */
    public static Optional<TreeSet<Long>> changedLocalDays(Table table, long lastSnapshotId, String localTimeColumn) {
        table.refresh();
        Types.NestedField field = table.schema().findField(localTimeColumn);
        if (field == null) {
            return Optional.empty();
        }
        TreeSet<Long> days = new TreeSet<>();
        Snapshot snapshot = table.currentSnapshot();
        while (snapshot != null && snapshot.snapshotId() != lastSnapshotId) {
            if (snapshot.addedDeleteFiles(table.io()).iterator().hasNext() || snapshot.removedDeleteFiles(table.io()).iterator().hasNext()) {
                return Optional.empty();
            }
            for (DataFile file : snapshot.addedDataFiles(table.io())) {
                if (!addDays(file, field, days)) {
                    return Optional.empty();
                }
            }
            Set<String> removed = new HashSet<>();
            for (DataFile file : snapshot.removedDataFiles(table.io())) {
                if (file.recordCount() > 0 && !addDays(file, field, days)) {
                    removed.add(file.location());
                }
            }
            if (!removed.isEmpty()) {
                if (snapshot.parentId() == null) {
                    return Optional.empty();
                }
                Map<String, DataFile> before = liveFiles(table, snapshot.parentId(), removed);
                for (String location : removed) {
                    DataFile file = before.get(location);
                    if (file == null || !addDays(file, field, days)) {
                        return Optional.empty();
                    }
                }
            }
            snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
        }
        return snapshot == null ? Optional.empty() : Optional.of(days);
    }

    private static Map<String, DataFile> liveFiles(Table table, long snapshotId, Set<String> wanted) {
        Map<String, DataFile> files = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                if (wanted.contains(task.file().location())) {
                    files.put(task.file().location(), task.file());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Adds the local days the file's bounds span; false when it has none. */
    private static boolean addDays(DataFile file, Types.NestedField field, TreeSet<Long> days) {
        if (file.recordCount() == 0) {
            return true;
        }
        ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(field.fieldId());
        ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
        if (lower == null || upper == null) {
            return false;
        }
        long min = Conversions.<Long>fromByteBuffer(field.type(), lower);
        long max = Conversions.<Long>fromByteBuffer(field.type(), upper);
        for (long day = Rows.day(min); day <= Rows.day(max); day++) {
            days.add(day);
        }
        return true;
    }

}
