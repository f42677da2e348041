package io.urbanflow.lake;

import java.time.Instant;

/**
 * Progress of a running {@link IngestJob}, for live displays. Immutable.
 *
 * @param ingested   rows committed to {@code raw.gps_points} so far
 * @param rejected   rows committed to {@code raw.gps_points_rejected} so far
 * @param commits    lake commits so far
 * @param lag        messages of the consumed partitions not yet committed, as of the last commit; -1 before it
 * @param lastCommit time of the last commit, null before it
 */
public record IngestStatistics(long ingested, long rejected, long commits, long lag, Instant lastCommit) {
}
