package io.urbanflow.clickstream.internal;

import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * One input table of a model, pinned at the snapshot current when the run started (so every read of a run sees the
 * same data), or a table that does not exist yet (read as empty). Also answers what the input received since the
 * snapshot a model processed last. Not thread-safe: one per model run.
 *
 * @param name       e.g. {@code raw.location_events}
 * @param table      the table, or empty when it does not exist
 * @param schema     its schema (the declared one when it does not exist)
 * @param snapshotId its current snapshot, -1 when it has none
 * @param timeColumn the timestamp column its files are ordered and pruned by
 */
public record TableInput(String name, Optional<Table> table, Schema schema, long snapshotId, String timeColumn) {

    /** The input {@code name} as it is now; a missing table is an empty input of {@code declared} schema. */
    public static TableInput of(ModelContext context, String name, Schema declared, String timeColumn) {
        Optional<Table> table = context.findTable(name);
        table.ifPresent(Table::refresh);
        Snapshot current = table.map(Table::currentSnapshot).orElse(null);
        return new TableInput(name, table, table.map(Table::schema).orElse(declared), current == null ? -1 : current.snapshotId(), timeColumn);
    }

    /** A DuckDB relation over every row of the pinned snapshot. */
    public String scan() {
        return SqlText.scan(schema, files(Optional.empty()));
    }

    /** A DuckDB relation over the files of the pinned snapshot that may hold rows of {@code ranges} of the time column. */
    public String scan(Optional<List<io.urbanflow.pipeline.MicrosRange>> ranges) {
        return SqlText.scan(schema, files(ranges));
    }

    /** The data files of the pinned snapshot overlapping {@code ranges} (all for empty), oldest data first. */
    public List<String> files(Optional<List<io.urbanflow.pipeline.MicrosRange>> ranges) {
        if (table.isEmpty() || snapshotId == -1) {
            return List.of();
        }
        return RangeReplacement.filePaths(table.get(), snapshotId, timeColumn, ranges);
    }

    /** Rows of the pinned snapshot's files that may hold rows of {@code ranges} of the time column, from metadata. */
    public long rows(List<io.urbanflow.pipeline.MicrosRange> ranges) {
        if (table.isEmpty() || snapshotId == -1) {
            return 0;
        }
        return RangeReplacement.plan(table.get(), snapshotId, timeColumn, Optional.of(ranges)).records();
    }

    /** This input pinned at another of its snapshots ({@code -1}: none, no rows). */
    public TableInput at(long otherSnapshotId) {
        return new TableInput(name, table, schema, otherSnapshotId, timeColumn);
    }

    /** Rows of the pinned snapshot, from metadata. */
    public long rows() {
        if (table.isEmpty() || snapshotId == -1) {
            return 0;
        }
        String total = table.get().snapshot(snapshotId).summary().get("total-records");
        return total == null ? 0 : Long.parseLong(total);
    }

    /** The snapshot {@code target}'s last commit says this input was processed at; empty when it says nothing. */
    public Optional<Long> processedBy(Map<String, String> targetSummary) {
        String processed = targetSummary.get(ModelContext.INPUT_SNAPSHOT_PREFIX + name);
        return processed == null ? Optional.empty() : Optional.of(Long.valueOf(processed));
    }

    /** The state to record for this input in a model's commit. */
    public Map<String, String> state(String options) {
        return Map.of(ModelContext.INPUT_SNAPSHOT_PREFIX + name, Long.toString(snapshotId), ModelContext.OPTIONS_KEY, options);
    }

    /**
     * The data files the input received after snapshot {@code processed} up to the pinned one, when it only received
     * appends since; empty when that cannot be known (a snapshot in between rewrote or deleted files, or is expired,
     * or {@code processed} is no ancestor): the model must then rebuild in full. A table processed while it had no
     * snapshot ({@code -1}) received every file it has.
     */
    public Optional<List<String>> filesAddedSince(long processed) {
        if (processed == snapshotId) {
            return Optional.of(List.of());
        }
        if (processed == -1) {
            return Optional.of(files(Optional.empty()));
        }
        if (table.isEmpty()) {
            return Optional.empty();
        }
        Table input = table.get();
        List<String> added = new ArrayList<>();
        Snapshot snapshot = input.snapshot(snapshotId);
        while (snapshot != null && snapshot.snapshotId() != processed) {
            if (!DataOperations.APPEND.equals(snapshot.operation())) {
                return Optional.empty();
            }
            for (DataFile file : snapshot.addedDataFiles(input.io())) {
                added.add(file.location());
            }
            snapshot = snapshot.parentId() == null ? null : input.snapshot(snapshot.parentId());
        }
        return snapshot == null ? Optional.empty() : Optional.of(added);
    }
}
