package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One lake table's size at its current snapshot, read from Iceberg metadata (the snapshot summary), no data scan.
 * Immutable.
 *
 * @param name             {@code raw.gps_points}
 * @param rows             rows in the current snapshot
 * @param files            data files in the current snapshot
 * @param bytes            total size of those files
 * @param snapshotId       the current snapshot's id, null before the first commit
 * @param lastSnapshotTime when the current snapshot was committed, null before the first commit
 */
public record LakeTableSummary(String name, long rows, long files, long bytes, Long snapshotId, Instant lastSnapshotTime) {
    public LakeTableSummary {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a table summary needs the table's name");
        }
        if (rows < 0 || files < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative size for " + name + ": " + rows + " rows, " + files + " files, " + bytes + " bytes");
        }
    }

    /** Every table of the lake, sorted by name. */
    public static List<LakeTableSummary> of(Lake lake) {
        List<LakeTableSummary> summaries = new ArrayList<>();
        for (TableIdentifier identifier : lake.tables()) {
            summaries.add(of(identifier.toString(), lake.catalog().loadTable(identifier)));
        }
        return summaries;
    }

    public static LakeTableSummary of(String name, Table table) {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return new LakeTableSummary(name, 0, 0, 0, null, null);
        }
        Map<String, String> summary = snapshot.summary();
        return new LakeTableSummary(name, count(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                count(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP), count(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP),
                snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis()));
    }

    private static long count(Map<String, String> summary, String key) {
        String value = summary.get(key);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // a foreign writer's summary; the figure is informative only
        }
    }

    /** The summaries as a result, for the same table/CSV/JSON printing as queries. */
    public static QueryResult asResult(List<LakeTableSummary> summaries) {
        List<List<Object>> rows = new ArrayList<>();
        for (LakeTableSummary summary : summaries) {
            rows.add(Arrays.asList(summary.name(), summary.rows(), summary.files(), summary.bytes(),
                    summary.lastSnapshotTime(), summary.snapshotId()));
        }
        return new QueryResult(List.of("table", "rows", "files", "bytes", "last_snapshot_at", "snapshot_id"),
                List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT", "TIMESTAMP WITH TIME ZONE", "BIGINT"), rows, false);
    }
}
