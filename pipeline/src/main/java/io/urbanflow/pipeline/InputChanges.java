package io.urbanflow.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * What changed in an input table between the snapshot a model last processed and the input's current snapshot:
 * the time ranges ([min, max] of a timestamp column) of every data file added or removed since, read from the
 * files' metrics without opening them. Snapshots that only move rows between files ({@code replace}: compaction,
 * manifest rewrites) change no row and are passed over. Immutable.
 *
 * @param snapshotId   the input's current snapshot, or -1 when the input has none
 * @param full         true when the changes cannot be known (no previous run, history expired or rolled back,
 *                     a file without bounds): the model must rebuild everything
 * @param changed      closed ranges [min, max] as {@link MicrosRange}s [min, max + 1), merged; empty when nothing changed
 */
public record InputChanges(long snapshotId, boolean full, List<MicrosRange> changed) {
    public InputChanges {
        changed = List.copyOf(changed);
    }

    public boolean upToDate() {
        return !full && changed.isEmpty();
    }

    /**
     * @param lastProcessed the input snapshot the model processed last, or null for never
     * @param column        the timestamp column whose bounds locate the changes
     */
    public static InputChanges since(Table input, Long lastProcessed, String column) {
        input.refresh();
        Snapshot current = input.currentSnapshot();
        long currentId = current == null ? -1 : current.snapshotId();
        if (lastProcessed == null) {
            return new InputChanges(currentId, true, List.of());
        }
        if (lastProcessed == currentId) {
            return new InputChanges(currentId, false, List.of());
        }
        int fieldId = input.schema().findField(column).fieldId();
        Types.NestedField field = input.schema().findField(fieldId);
        List<MicrosRange> ranges = new ArrayList<>();
        Snapshot snapshot = current;
        while (snapshot != null && snapshot.snapshotId() != lastProcessed) {
            if (DataOperations.REPLACE.equals(snapshot.operation())) {
                // compaction (RewriteFiles) or a manifest rewrite: the same rows in other files, nothing to recompute
                snapshot = snapshot.parentId() == null ? null : input.snapshot(snapshot.parentId());
                continue;
            }
            boolean bounded = addBounds(snapshot.addedDataFiles(input.io()), fieldId, field, ranges)
                    && addBounds(snapshot.removedDataFiles(input.io()), fieldId, field, ranges)
                    && addBounds(snapshot.addedDeleteFiles(input.io()), fieldId, field, ranges)
                    && addBounds(snapshot.removedDeleteFiles(input.io()), fieldId, field, ranges);
            if (!bounded) {
                return new InputChanges(currentId, true, List.of());
            }
            snapshot = snapshot.parentId() == null ? null : input.snapshot(snapshot.parentId());
        }
        if (snapshot == null) {
            // the processed snapshot is no ancestor of the current one (rollback, expired history, -1 = empty table)
            return new InputChanges(currentId, lastProcessed != -1 || !ranges.isEmpty(), List.of());
        }
        return new InputChanges(currentId, false, MicrosRange.merge(ranges));
    }

    private static boolean addBounds(Iterable<? extends ContentFile<?>> files, int fieldId, Types.NestedField field, List<MicrosRange> ranges) {
        for (ContentFile<?> file : files) {
            if (file.recordCount() == 0) {
                continue;
            }
            ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(fieldId);
            ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(fieldId);
            if (lower == null || upper == null) {
                return false;
            }
            long min = Conversions.<Long>fromByteBuffer(field.type(), lower);
            long max = Conversions.<Long>fromByteBuffer(field.type(), upper);
            ranges.add(new MicrosRange(min, max + 1));
        }
        return true;
    }
}
