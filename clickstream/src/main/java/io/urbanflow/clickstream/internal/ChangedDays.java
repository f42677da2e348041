package io.urbanflow.clickstream.internal;

import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.MicrosRange;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The UTC days an input's snapshots changed since the one a model processed, like
 * {@link io.urbanflow.pipeline.InputChanges} but for inputs partitioned by day: a file without column bounds (Iceberg
 * 1.12 keeps no column statistics for the files an overwrite deletes) is dated by its day partition. Immutable.
 *
 * @param snapshotId the input's current snapshot, -1 when it has none
 * @param full       the changes cannot be known (never processed, other options, history expired or rewritten, a
 *                   file with neither bounds nor a day partition): rebuild everything
 * @param days       the days touched by files added or removed since; empty when nothing changed
 */
public record ChangedDays(long snapshotId, boolean full, SortedSet<LocalDate> days) {
    public ChangedDays {
        days = new TreeSet<>(days);
    }

    public boolean upToDate() {
        return !full && days.isEmpty();
    }

    /**
     * The changes of {@code input} since the snapshot {@code targetSummary} records for it, if it was recorded with
     * {@code options} and {@code incremental} is asked.
     */
    public static ChangedDays of(Table input, String inputName, String timeColumn, Map<String, String> targetSummary, String options,
                                 boolean incremental) {
        input.refresh();
        Snapshot current = input.currentSnapshot();
        long currentId = current == null ? -1 : current.snapshotId();
        String processed = targetSummary.get(ModelContext.INPUT_SNAPSHOT_PREFIX + inputName);
        if (!incremental || processed == null || !options.equals(targetSummary.get(ModelContext.OPTIONS_KEY))) {
            return new ChangedDays(currentId, true, new TreeSet<>());
        }
        long processedId = Long.parseLong(processed);
        if (processedId == currentId) {
            return new ChangedDays(currentId, false, new TreeSet<>());
        }
        Types.NestedField field = input.schema().findField(timeColumn);
        SortedSet<LocalDate> days = new TreeSet<>();
        Snapshot snapshot = current;
        while (snapshot != null && snapshot.snapshotId() != processedId) {
            boolean dated = add(input, snapshot.addedDataFiles(input.io()), field, days)
                    && add(input, snapshot.removedDataFiles(input.io()), field, days)
                    && !snapshot.addedDeleteFiles(input.io()).iterator().hasNext()
                    && !snapshot.removedDeleteFiles(input.io()).iterator().hasNext();
            if (!dated) {
                return new ChangedDays(currentId, true, new TreeSet<>());
            }
            snapshot = snapshot.parentId() == null ? null : input.snapshot(snapshot.parentId());
        }
        if (snapshot == null) {
            return new ChangedDays(currentId, true, new TreeSet<>());
        }
        return new ChangedDays(currentId, false, days);
    }

    private static boolean add(Table input, Iterable<? extends ContentFile<?>> files, Types.NestedField field, SortedSet<LocalDate> days) {
        for (ContentFile<?> file : files) {
            if (file.recordCount() == 0) {
                continue;
            }
            ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(field.fieldId());
            ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(field.fieldId());
            if (lower != null && upper != null) {
                long min = Conversions.<Long>fromByteBuffer(field.type(), lower);
                long max = Conversions.<Long>fromByteBuffer(field.type(), upper);
                for (int day = MicrosRange.day(min); day <= MicrosRange.day(max); day++) {
                    days.add(LocalDate.ofEpochDay(day));
                }
                continue;
            }
            Integer day = dayPartition(input.specs().get(file.specId()), field, file);
            if (day == null) {
                return false;
            }
            days.add(LocalDate.ofEpochDay(day));
        }
        return true;
    }

    /** The file's {@code day(column)} partition value, or null when its spec has none. */
    private static Integer dayPartition(PartitionSpec spec, Types.NestedField field, ContentFile<?> file) {
        if (spec == null) {
            return null;
        }
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField partition = spec.fields().get(i);
            if (partition.sourceId() == field.fieldId() && partition.transform().toString().equals("day")) {
                return file.partition().get(i, Integer.class);
            }
        }
        return null;
    }
}
