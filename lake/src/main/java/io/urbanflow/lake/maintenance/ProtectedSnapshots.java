package io.urbanflow.lake.maintenance;

import io.urbanflow.lake.Lake;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The input snapshots that models' states point to, which snapshot expiry must keep: a model records in its target
 * table's current snapshot summary {@code urbanflow.input.NAMESPACE.TABLE = SNAPSHOT_ID} for every input it processed
 * (the pipeline's {@code ModelContext.INPUT_SNAPSHOT_PREFIX} is {@link #INPUT_PREFIX}). The next incremental run walks
 * from the input's current snapshot back to that one, so expiry keeps it and every snapshot after it
 * ({@link SnapshotExpiry}). Immutable.
 */
public final class ProtectedSnapshots {
    /** Snapshot summary key prefix of a model's processed input snapshot. */
    public static final String INPUT_PREFIX = "urbanflow.input.";

    private final Map<String, Set<Long>> byTable;

    private ProtectedSnapshots(Map<String, Set<Long>> byTable) {
        this.byTable = byTable;
    }

    /** None: nothing is protected. */
    public static ProtectedSnapshots none() {
        return new ProtectedSnapshots(Map.of());
    }

    /**
     * Reads the current snapshot summary of every table of the lake. A table dropped while scanning is skipped; a
     * value that is not a snapshot id is ignored.
     */
    public static ProtectedSnapshots scan(Lake lake) {
        Map<String, Set<Long>> byTable = new HashMap<>();
        for (TableIdentifier identifier : lake.tables()) {
            Table table;
            try {
                table = lake.catalog().loadTable(identifier);
            } catch (NoSuchTableException e) {
                continue;
            }
            Snapshot current = table.currentSnapshot();
            if (current != null) {
                add(byTable, current.summary());
            }
        }
        return new ProtectedSnapshots(freeze(byTable));
    }

    /** From summaries, for tests and callers that hold them. */
    static ProtectedSnapshots fromSummaries(Iterable<Map<String, String>> summaries) {
        Map<String, Set<Long>> byTable = new HashMap<>();
        for (Map<String, String> summary : summaries) {
            add(byTable, summary);
        }
        return new ProtectedSnapshots(freeze(byTable));
    }

    /** The protected snapshot ids of the table named {@code namespace.table}; empty when none. */
    public Set<Long> of(String qualifiedName) {
        return byTable.getOrDefault(qualifiedName, Set.of());
    }

    private static void add(Map<String, Set<Long>> byTable, Map<String, String> summary) {
        for (Map.Entry<String, String> entry : summary.entrySet()) {
            if (entry.getKey().startsWith(INPUT_PREFIX)) {
                String input = entry.getKey().substring(INPUT_PREFIX.length());
                try {
                    byTable.computeIfAbsent(input, name -> new HashSet<>()).add(Long.parseLong(entry.getValue().trim()));
                } catch (NumberFormatException e) {
                    // not a snapshot id: nothing to keep
                }
            }
        }
    }

    private static Map<String, Set<Long>> freeze(Map<String, Set<Long>> byTable) {
        Map<String, Set<Long>> frozen = new HashMap<>();
        byTable.forEach((name, ids) -> frozen.put(name, Set.copyOf(ids)));
        return Map.copyOf(frozen);
    }

    @Override
    public String toString() {
        return "ProtectedSnapshots" + byTable;
    }
}
