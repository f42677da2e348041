package io.urbanflow.lake;

import java.time.Duration;

/**
 * What one {@link IngestJob#run()} committed. Immutable.
 *
 * @param ingested rows committed to {@code raw.gps_points}
 * @param rejected rows committed to {@code raw.gps_points_rejected}
 * @param commits  lake commits of points (each with its offsets)
 * @param elapsed  time from start to return
 */
public record IngestResult(long ingested, long rejected, long commits, Duration elapsed) {
    /** The line {@code urbanflow ingest} prints last. */
    public String summaryLine() {
        return "ingested=" + ingested + " rejected=" + rejected;
    }
}
