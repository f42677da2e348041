package io.urbanflow.query;

import io.urbanflow.model.UrbanFlowException;
import java.time.Instant;

/**
 * Which snapshot of the lake a query reads. Immutable; at most one of the two fields is set.
 * <ul>
 *   <li>{@link #current()}: every table at its current snapshot;</li>
 *   <li>{@link #asOf(Instant)}: every table at the snapshot that was current at that instant (a table with no
 *       snapshot yet at that time reads as empty);</li>
 *   <li>{@link #snapshot(long)}: the table that has this snapshot id reads it; every other table reads as of that
 *       snapshot's commit time, so joins see the lake as it was then.</li>
 * </ul>
 *
 * @param asOf       the instant to read as of, or null
 * @param snapshotId the Iceberg snapshot id to read, or null
 */
public record SnapshotSelector(Instant asOf, Long snapshotId) {
    private static final SnapshotSelector CURRENT = new SnapshotSelector(null, null);

    public SnapshotSelector {
        if (asOf != null && snapshotId != null) {
            throw new UrbanFlowException("Cannot select a snapshot: give either a time or a snapshot id, not both");
        }
    }

    public static SnapshotSelector current() {
        return CURRENT;
    }

    public static SnapshotSelector asOf(Instant instant) {
        if (instant == null) {
            throw new UrbanFlowException("Cannot select a snapshot: the time is missing");
        }
        return new SnapshotSelector(instant, null);
    }

    public static SnapshotSelector snapshot(long id) {
        return new SnapshotSelector(null, id);
    }

    public boolean isCurrent() {
        return asOf == null && snapshotId == null;
    }

    @Override
    public String toString() {
        return asOf != null ? "as of " + asOf : snapshotId != null ? "snapshot " + snapshotId : "current";
    }
}
