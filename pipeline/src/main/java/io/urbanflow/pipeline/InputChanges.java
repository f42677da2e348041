package io.urbanflow.pipeline;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * What changed in an input table between the snapshot a model last processed and the input's current snapshot:
 * the time ranges ([min, max] of a timestamp column) of every data file added or removed since, read from the
 * files' metrics without opening them. A file without bounds of the column (Iceberg 1.12 returns the files an
 * overwrite removed without column statistics) is located by its partition value instead, when its spec partitions by
 * the column ({@code hour}, {@code day}, {@code month}, {@code year} or {@code identity}): the whole hour, day, ...
 * counts as changed. Snapshots that only move rows between files ({@code replace}: compaction, manifest rewrites)
 * change no row and are passed over. Immutable.
 *
 * @param snapshotId   the input's current snapshot, or -1 when the input has none
 * @param full         true when the changes cannot be known (no previous run, history expired or rolled back,
 *                     a file with neither bounds nor a partition value of the column): the model must rebuild everything
 * @param changed      closed ranges [min, max] as {@link MicrosRange}s [min, max + 1), merged; empty when nothing changed
 */
public record InputChanges(long snapshotId, boolean full, List<MicrosRange> changed) {
    private static final long MICROS_PER_HOUR = 3_600_000_000L;

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
        Types.NestedField field = input.schema().findField(column);
        List<MicrosRange> ranges = new ArrayList<>();
        Snapshot snapshot = current;
        while (snapshot != null && snapshot.snapshotId() != lastProcessed) {
            if (DataOperations.REPLACE.equals(snapshot.operation())) {
                // compaction (RewriteFiles) or a manifest rewrite: the same rows in other files, nothing to recompute
                snapshot = snapshot.parentId() == null ? null : input.snapshot(snapshot.parentId());
                continue;
            }
            boolean bounded = addBounds(input, snapshot.addedDataFiles(input.io()), field, ranges)
                    && addBounds(input, snapshot.removedDataFiles(input.io()), field, ranges)
                    && addBounds(input, snapshot.addedDeleteFiles(input.io()), field, ranges)
                    && addBounds(input, snapshot.removedDeleteFiles(input.io()), field, ranges);
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

    private static boolean addBounds(Table input, Iterable<? extends ContentFile<?>> files, Types.NestedField field, List<MicrosRange> ranges) {
        for (ContentFile<?> file : files) {
            if (file.recordCount() == 0) {
                continue;
            }
            ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(field.fieldId());
            ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
            if (lower != null && upper != null) {
                long min = Conversions.<Long>fromByteBuffer(field.type(), lower);
                long max = Conversions.<Long>fromByteBuffer(field.type(), upper);
                ranges.add(new MicrosRange(min, max + 1));
                continue;
            }
            Optional<MicrosRange> partition = partitionRange(input.specs().get(file.specId()), field, file);
            if (partition.isEmpty()) {
                return false;
            }
            ranges.add(partition.get());
        }
        return true;
    }

    /**
     * The range of {@code field} that the file's partition value covers, when its spec partitions by a time transform
     * of the field: e.g. {@code day(ts) = 19324} is [2022-11-28, 2022-11-29). Empty when it does not, or the value is
     * null.
     */
    static Optional<MicrosRange> partitionRange(PartitionSpec spec, Types.NestedField field, ContentFile<?> file) {
        if (spec == null) {
            return Optional.empty();
        }
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField partition = spec.fields().get(i);
            if (partition.sourceId() != field.fieldId()) {
                continue;
            }
            String transform = partition.transform().toString();
            Object value = file.partition().get(i, Object.class);
            if (!(value instanceof Number number)) {
                continue;
            }
            long ordinal = number.longValue();
            switch (transform) {
                case "identity":
                    return Optional.of(new MicrosRange(ordinal, ordinal + 1));
                case "hour":
                    return Optional.of(new MicrosRange(ordinal * MICROS_PER_HOUR, (ordinal + 1) * MICROS_PER_HOUR));
                case "day":
                    return Optional.of(MicrosRange.ofDay((int) ordinal));
                case "month":
                    return Optional.of(new MicrosRange(monthStart(ordinal), monthStart(ordinal + 1)));
                case "year":
                    return Optional.of(new MicrosRange(monthStart(ordinal * 12), monthStart((ordinal + 1) * 12)));
                default:
                    // bucket, truncate, void: no range of the column
            }
        }
        return Optional.empty();
    }

    /** The first microsecond of the month {@code months} after January 1970 (Iceberg's month transform). */
    private static long monthStart(long months) {
        return LocalDate.of(1970, 1, 1).plusMonths(months).toEpochDay() * MicrosRange.MICROS_PER_DAY;
    }
}
