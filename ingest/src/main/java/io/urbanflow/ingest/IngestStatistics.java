package io.urbanflow.ingest;

import java.time.Instant;

/**
 * Progress of a running {@link IngestJob}, for live displays. Immutable.
 *
 * @param ingested   rows committed to the bindings' tables so far
 * @param rejected   rows committed to the rejected tables so far
 * @param commits    lake commits so far
 * @param lag        messages of the consumed partitions not yet committed, as of the last commit; -1 before it
 * @param lastCommit time of the last commit, null before it
 * @param fileFinishMillis time spent closing Parquet files of batches
 * @param commitMillis     time spent in Iceberg commits (offset checks, retries, metadata)
 */
public record IngestStatistics(long ingested, long rejected, long commits, long lag, Instant lastCommit,
        long fileFinishMillis, long commitMillis) {
}
