package io.urbanflow.ingest;

import org.apache.iceberg.Table;

/**
 * Turns a topic's messages into rows of its table: a domain's plug-in to the ingest. It never sees or returns offsets:
 * the ingest owns them and commits them with the rows ({@link IngestOffsets}). Implementations are stateless and
 * thread-safe; the writers they open are not.
 */
@FunctionalInterface
public interface RecordDecoder {
    /**
     * Opens the writer of one batch for {@code table}.
     *
     * @param filePrefix makes the batch's file names unique (process and batch)
     */
    BatchWriter open(Table table, String filePrefix);
}
