package io.urbanflow.lake.maintenance;

import io.urbanflow.model.UrbanFlowException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Expires old snapshots of a table and deletes the files only they referenced. Kept, whatever their age:
 * <ul>
 *   <li>the newest {@code retainLast} snapshots of the current lineage;</li>
 *   <li>every snapshot a model's state points to ({@link ProtectedSnapshots}) and every snapshot after it in the
 *       current lineage, which the model's next incremental run walks back through;</li>
 *   <li>snapshots outside the current lineage and those of other branches and tags (left to Iceberg's own rules).</li>
 * </ul>
 * The snapshots to expire are chosen here, with the injected clock, and named one by one to Iceberg (whose own
 * age rule is set to keep everything else). Offsets stored in summaries survive because every commit carries them
 * forward ({@link CarriedSummary}): the current snapshot, never expired, holds them all. A concurrent commit makes
 * the expiry start over (Iceberg's retry is off for raw tables). Stateless and thread-safe.
 */
public final class SnapshotExpiry {
    static final int MAX_ATTEMPTS = 30;

    private SnapshotExpiry() {
    }

    /**
     * Expires the snapshots that the rules above let go.
     *
     * @param protectedIds the table's snapshots that models' states point to
     * @param retention    snapshots younger than this are kept
     * @param retainLast   at least this many of the newest snapshots are kept (at least 1)
     * @return the number of snapshots expired (or, in a dry run, that would be)
     * @throws UrbanFlowException when every attempt met a concurrent commit
     */
    public static int expire(Table table, Set<Long> protectedIds, Duration retention, int retainLast, Clock clock,
            MaintenanceOptions.Mode mode) {
        return expire(table, protectedIds, retention, retainLast, clock, mode, MAX_ATTEMPTS);
    }

    /**
     * As {@link #expire(Table, Set, Duration, int, Clock, MaintenanceOptions.Mode)}, giving up after {@code attempts}
     * conflicting attempts: a writer that must not wait (the ingest) passes 1 and tries again later.
     *
     * @throws org.apache.iceberg.exceptions.CommitFailedException when {@code attempts} is 1 and it conflicted
     */
    public static int expire(Table table, Set<Long> protectedIds, Duration retention, int retainLast, Clock clock,
            MaintenanceOptions.Mode mode, int attempts) {
        if (retainLast < 1) {
            throw new IllegalArgumentException("retainLast must be at least 1, not " + retainLast);
        }
        for (int attempt = 1; attempt <= attempts; attempt++) {
            table.refresh();
            List<Long> expired = expirable(table, protectedIds, clock.millis() - retention.toMillis(), retainLast);
            if (expired.isEmpty() || mode == MaintenanceOptions.Mode.DRY_RUN) {
                return expired.size();
            }
            // Iceberg's age rule keeps every snapshot younger than 0 ms since the epoch (all): only the named ones go
            ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(0L).retainLast(1);
            for (long id : expired) {
                expire.expireSnapshotId(id);
            }
            try {
                expire.commit();
                return expired.size();
            } catch (CommitFailedException e) {
                if (attempts == 1) {
                    throw e;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(5, 10L + 20L * Math.min(attempt, 10)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new UrbanFlowException("Cannot expire snapshots of table " + table.name() + ": interrupted");
                }
            }
        }
        throw new UrbanFlowException("Cannot expire snapshots of table " + table.name() + ": " + attempts
                + " attempts met concurrent commits");
    }

    /** The ids to expire, oldest last: ancestors of the current snapshot that no rule keeps. */
    static List<Long> expirable(Table table, Set<Long> protectedIds, long olderThanMillis, int retainLast) {
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return List.of();
        }
        List<Snapshot> lineage = new ArrayList<>();
        for (Snapshot snapshot = current; snapshot != null; ) {
            lineage.add(snapshot);
            Long parent = snapshot.parentId();
            snapshot = parent == null ? null : table.snapshot(parent);
        }
        int oldestProtected = -1;
        for (int index = 0; index < lineage.size(); index++) {
            if (protectedIds.contains(lineage.get(index).snapshotId())) {
                oldestProtected = index;
            }
        }
        Set<Long> referenced = new HashSet<>();
        for (SnapshotRef ref : table.refs().values()) {
            referenced.add(ref.snapshotId());
        }
        List<Long> expired = new ArrayList<>();
        for (int index = 0; index < lineage.size(); index++) {
            Snapshot snapshot = lineage.get(index);
            boolean kept = index < retainLast || index <= oldestProtected || snapshot.timestampMillis() >= olderThanMillis
                    || referenced.contains(snapshot.snapshotId());
            if (!kept) {
                expired.add(snapshot.snapshotId());
            }
        }
        return expired;
    }
}
