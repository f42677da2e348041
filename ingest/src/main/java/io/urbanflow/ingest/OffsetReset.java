package io.urbanflow.ingest;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/**
 * What the ingest does when the offset stored in the lake for a partition lies outside the partition's log: past its
 * end (the topic was re-created, the broker lost its data) or before its start (retention deleted messages the lake
 * never got). Never silent: without a choice the ingest stops and names topic, partition, stored offset and the log's
 * range.
 */
public enum OffsetReset {
    /** Stop with the message (the default). */
    NONE,
    /** Start at the log's first message: re-reads a re-created topic, accepts the gap left by retention. */
    EARLIEST,
    /** Start at the log's end: only messages sent from now on. */
    LATEST,
    /** Trust the lake's offsets as stored: messages below a stored offset past the end are skipped until the log passes it. */
    LAKE;

    /**
     * Parses {@code none}, {@code earliest}, {@code latest} or {@code lake}.
     *
     * @throws UrbanFlowException naming the key for anything else
     */
    public static OffsetReset parse(String key, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UrbanFlowException("Cannot read setting " + key + "='" + text + "': expected none, earliest, latest or lake");
        }
    }
}
