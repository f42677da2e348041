package io.urbanflow.lake.maintenance;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;

/**
 * The snapshot summary entries that every commit must copy forward from the snapshot it commits on top of, so that
 * no commit and no snapshot expiry can lose them:
 * <ul>
 *   <li>the ingest's stored Kafka offsets, keys starting with {@link #OFFSETS_PREFIX} (one key per topic): the newest
 *       value of each key found walking back the ancestry, so a topic that idles while others commit (or while
 *       maintenance commits) is carried in the current snapshot and survives the expiry of older ones;</li>
 *   <li>a model's state, read from its target table's current snapshot only: keys starting with
 *       {@link ProtectedSnapshots#INPUT_PREFIX} and {@link #MODEL_OPTIONS_KEY}, copied from the parent snapshot.</li>
 * </ul>
 * A commit that sets these must also be validated to land exactly on that parent (see {@link SnapshotCommits}); on
 * any other parent the copied values could be stale. Stateless and thread-safe.
 */
public final class CarriedSummary {
    /** Summary key prefix of the ingest's stored Kafka offsets: {@code urbanflow.offsets.TOPIC}. */
    public static final String OFFSETS_PREFIX = "urbanflow.offsets.";
    /** Summary key of the options a model's target was built with (the pipeline's {@code ModelContext.OPTIONS_KEY}). */
    public static final String MODEL_OPTIONS_KEY = "urbanflow.options";

    private CarriedSummary() {
    }

    /**
     * Every entry a commit on top of {@code base} must carry: offsets (newest per key over {@code base} and its
     * ancestors) and the model state of {@code base}. Empty when {@code base} is null (an empty table).
     */
    public static Map<String, String> of(Table table, Snapshot base) {
        Map<String, String> carried = offsets(table, base);
        if (base != null) {
            for (Map.Entry<String, String> entry : base.summary().entrySet()) {
                String key = entry.getKey();
                if (key.startsWith(ProtectedSnapshots.INPUT_PREFIX) || key.equals(MODEL_OPTIONS_KEY)) {
                    carried.put(key, entry.getValue());
                }
            }
        }
        return carried;
    }

    /**
     * The offsets entries ({@link #OFFSETS_PREFIX} keys) of {@code base} and its ancestors, the newest value of each
     * key. Walks the whole retained ancestry (a few microseconds per snapshot): a key that only an old snapshot
     * carries is found too.
     */
    public static Map<String, String> offsets(Table table, Snapshot base) {
        Map<String, String> offsets = new HashMap<>();
        for (Snapshot snapshot = base; snapshot != null; ) {
            for (Map.Entry<String, String> entry : snapshot.summary().entrySet()) {
                if (entry.getKey().startsWith(OFFSETS_PREFIX)) {
                    offsets.putIfAbsent(entry.getKey(), entry.getValue());
                }
            }
            Long parent = snapshot.parentId();
            snapshot = parent == null ? null : table.snapshot(parent);
        }
        return offsets;
    }

    /** Sets {@link #of} on the update. */
    public static void carry(Table table, Snapshot base, SnapshotUpdate<?> update) {
        for (Map.Entry<String, String> entry : of(table, base).entrySet()) {
            update.set(entry.getKey(), entry.getValue());
        }
    }
}
