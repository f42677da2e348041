package io.urbanflow.lake.maintenance;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;

/**
 * Rewrites one bin of small data files of one partition into one data file record by record, for the bins
 * {@link ColumnarBinRewriter} cannot copy column by column (nested columns, files of older schemas or other layouts):
 * a reader thread decodes the input files in the bin's order (oldest data first) with Iceberg's generic Parquet
 * reader, projected on the table's schema (so files of either writer, and files of older schemas, read the same),
 * and hands rows in batches to the calling thread, which writes them with Iceberg's generic writer (the table's
 * Parquet properties and metrics). Reading and writing overlap; at most {@link #QUEUED_BATCHES} batches wait.
 *
 * <p>Invariant: the output holds exactly the input rows, in input order; the row count is checked against the input
 * files' record counts and a mismatch fails the bin (its output is deleted). Not thread-safe: one bin per instance.
 */
final class BinRewriter {
    static final int BATCH_ROWS = 4096;
    static final int QUEUED_BATCHES = 4;
    private static final Batch END = new Batch(new Record[0], 0, null);

    private final Table table;
    private final Schema schema;
    private final ExecutorService readers;

    BinRewriter(Table table, ExecutorService readers) {
        this.table = table;
        this.schema = table.schema();
        this.readers = readers;
    }

    /**
     * @param files     the bin's files, all of {@code spec} and {@code partition}, in the order their rows are written
     * @param expected  the sum of their record counts
     * @return the written file, not committed
     * @throws UrbanFlowException when a file cannot be read or written, or the row count differs
     */
    DataFile rewrite(List<DataFile> files, PartitionSpec spec, StructLike partition, long expected) {
        GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).build();
        OutputFileFactory outputs = OutputFileFactory.builderFor(table, 0, System.nanoTime())
                .format(FileFormat.PARQUET).operationId("compact-" + UUID.randomUUID()).build();
        EncryptedOutputFile output = spec.isUnpartitioned() ? outputs.newOutputFile() : outputs.newOutputFile(spec, partition);
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        Future<?> reading = readers.submit(() -> read(files, queue));
        DataWriter<Record> writer = writers.newDataWriter(output, spec, partition);
        long written = 0;
        boolean complete = false;
        try {
            try {
                while (true) {
                    Batch batch = queue.take();
                    if (batch == END) {
                        break;
                    }
                    if (batch.failure != null) {
                        throw batch.failure;
                    }
                    Record[] rows = batch.rows;
                    for (int index = 0; index < batch.size; index++) {
                        writer.write(rows[index]);
                    }
                    written += batch.size;
                }
            } finally {
                writer.close();
            }
            if (written != expected) {
                throw new UrbanFlowException("Cannot compact table " + table.name() + ": read " + written
                        + " rows from " + files.size() + " files whose metadata counts " + expected);
            }
            complete = true;
            return writer.toDataFile();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot compact table " + table.name() + ": interrupted");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write compacted file " + output.encryptingOutputFile().location() + ": " + e.getMessage(), e);
        } finally {
            if (!complete) {
                reading.cancel(true);
                queue.clear();
                try {
                    table.io().deleteFile(output.encryptingOutputFile().location());
                } catch (RuntimeException e) {
                    // never committed: an orphan for orphan removal
                }
            }
        }
    }

    /** On a reader thread: every row of every file, then {@link #END}; a failure travels as a batch. */
    private void read(List<DataFile> files, BlockingQueue<Batch> queue) {
        String mapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
        Record[] rows = new Record[BATCH_ROWS];
        int size = 0;
        try {
            for (DataFile file : files) {
                Parquet.ReadBuilder builder = Parquet.read(table.io().newInputFile(file.location(), file.fileSizeInBytes()))
                        .project(schema)
                        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema));
                if (mapping != null) {
                    builder.withNameMapping(NameMappingParser.fromJson(mapping));
                }
                try (CloseableIterable<Record> records = builder.build()) {
                    for (Record record : records) {
                        rows[size++] = record;
                        if (size == BATCH_ROWS) {
                            queue.put(new Batch(rows, size, null));
                            rows = new Record[BATCH_ROWS];
                            size = 0;
                        }
                    }
                }
            }
            if (size > 0) {
                queue.put(new Batch(rows, size, null));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the writer gave up
        } catch (IOException | RuntimeException e) {
            UrbanFlowException failure = new UrbanFlowException("Cannot read data file of table " + table.name()
                    + " for compaction: " + e.getMessage(), e);
            try {
                queue.put(new Batch(null, 0, failure));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Up to {@link #BATCH_ROWS} rows, or a failure of the reader. */
    private record Batch(Record[] rows, int size, UrbanFlowException failure) {
    }
}
