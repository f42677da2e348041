package io.urbanflow.lake.maintenance;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * A table's size at one moment: data files, their bytes and rows in the current snapshot, snapshots in metadata and
 * manifests of the current snapshot. Immutable.
 */
public record TableFigures(long dataFiles, long dataBytes, long records, int snapshots, int manifests) {
    public static final TableFigures EMPTY = new TableFigures(0, 0, 0, 0, 0);

    /** Reads the figures from the table's metadata as loaded (refresh it first for the latest). */
    public static TableFigures of(Table table) {
        Snapshot current = table.currentSnapshot();
        int snapshots = 0;
        for (Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        if (current == null) {
            return new TableFigures(0, 0, 0, snapshots, 0);
        }
        Map<String, String> summary = current.summary();
        return new TableFigures(number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
                number(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP), number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                snapshots, current.allManifests(table.io()).size());
    }

    private static long number(Map<String, String> summary, String key) {
        String value = summary.get(key);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
