package io.urbanflow.ingest;

import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * The open data files of one batch of one table: decodes messages into rows and writes them as they arrive.
 * {@link #finish()} closes the files and describes them for the commit; {@link #abort()} deletes them. A file that is
 * never committed is an orphan, never visible to readers. Not thread-safe: a batch is filled by the polling thread,
 * then finished by the committing thread, never both at once.
 */
public interface BatchWriter {
    /**
     * Decodes {@code record} and appends its row (or rows).
     *
     * @param ingestedAtMicros the batch's ingest time, for an {@code ingested_at} column
     * @return null when the record was written; otherwise a short reason ("missing field lat") and nothing was
     *         written. Bad input never throws.
     * @throws io.urbanflow.model.UrbanFlowException only when a file cannot be written
     */
    String write(ConsumedRecord record, long ingestedAtMicros);

    /** Rows written so far. */
    long rows();

    /** Closes every file and describes it for a commit; the writer is empty afterwards. */
    List<DataFile> finish();

    /** Closes and deletes every file of the batch. */
    void abort();
}
