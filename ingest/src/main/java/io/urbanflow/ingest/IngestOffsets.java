package io.urbanflow.ingest;

import io.urbanflow.model.UrbanFlowException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The Kafka offsets stored in an Iceberg snapshot's summary, committed atomically with the rows they produced.
 *
 * <p>Format: summary key {@code urbanflow.offsets.TOPIC}, value {@code PARTITION:NEXT_OFFSET} pairs sorted by
 * partition and joined by commas, e.g. {@code urbanflow.offsets.gps.points = 0:1235,1:1000}. {@code NEXT_OFFSET} has
 * Kafka's committed-offset meaning: every message of that partition before it is in the table (or was rejected),
 * none after it. Each ingest commit writes the whole map: the partitions it consumed, plus every other partition
 * copied from the snapshot it commits on top of, so the newest snapshot that carries the key has all partitions.
 * Every commit, the ingest's and maintenance's, also copies forward the keys of all other topics
 * ({@link io.urbanflow.lake.maintenance.CarriedSummary}): the current snapshot, which no expiry removes, holds the
 * offsets of every topic, however long a topic idles.
 *
 * <p>Stateless and thread-safe.
 */
public final class IngestOffsets {
    public static final String SUMMARY_KEY_PREFIX = io.urbanflow.lake.maintenance.CarriedSummary.OFFSETS_PREFIX;

    private IngestOffsets() {
    }

    public static String summaryKey(String topic) {
        return SUMMARY_KEY_PREFIX + topic;
    }

    /** {@code {0=1235, 1=1000}} is {@code "0:1235,1:1000"}. */
    public static String format(Map<Integer, Long> nextOffsets) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Integer, Long> entry : new TreeMap<>(nextOffsets).entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString();
    }

    /**
     * The inverse of {@link #format}; an empty text is an empty map.
     *
     * @throws UrbanFlowException when the text is not in that format
     */
    public static Map<Integer, Long> parse(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return offsets;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            try {
                offsets.put(Integer.parseInt(pair.substring(0, colon).trim()), Long.parseLong(pair.substring(colon + 1).trim()));
            } catch (RuntimeException e) {
                throw new UrbanFlowException("Cannot read stored Kafka offsets '" + text + "': expected partition:offset pairs");
            }
        }
        return offsets;
    }

    /**
     * The offsets of the newest snapshot in the table's current lineage that carries the topic's key (walking back
     * over snapshots written by other operations, such as compaction), or an empty map.
     */
    public static Map<Integer, Long> committed(Table table, String topic) {
        String key = summaryKey(topic);
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null; ) {
            String value = snapshot.summary().get(key);
            if (value != null) {
                return parse(value);
            }
            Long parent = snapshot.parentId();
            snapshot = parent == null ? null : table.snapshot(parent);
        }
        return Collections.emptyMap();
    }
}
