package io.urbanflow.ingest;

import java.time.Duration;

/**
 * What one {@link IngestJob#run()} committed. Immutable.
 *
 * @param ingested rows committed to the bindings' tables
 * @param rejected rows committed to the rejected tables
 * @param commits  batches committed (each with its offsets)
 * @param elapsed  time from start to return
 */
public record IngestResult(long ingested, long rejected, long commits, Duration elapsed) {
    /** The line {@code urbanflow ingest} prints last. */
    public String summaryLine() {
        return "ingested=" + ingested + " rejected=" + rejected;
    }
}
