package io.urbanflow.lake;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.StrictMetricsEvaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * Whole-batch writes of generic {@link Record}s for the pipeline's and analytics' tables (marts): each call is one
 * atomic Iceberg commit, partitioned as the table is, retried on a conflicting concurrent commit. Not for the hot
 * ingest path. Records use Iceberg's generic representation ({@code OffsetDateTime} for timestamptz,
 * {@code LocalDateTime} for timestamp, {@code LocalDate} for date).
 *
 * <p>Thread-safe (stateless). Files written by an attempt that does not commit are deleted, but only once it is
 * certain that the commit did not land ({@link CommitOutcomes}): after an error that leaves the outcome open the
 * commit is looked up by its {@link CommitOutcomes#COMMIT_ID}, and when that fails too a
 * {@link CommitOutcomeUnknownException} is thrown and nothing deleted.
 */
public final class TableWrites {
    /** Attempts per call before a conflict is reported. */
    static final int MAX_ATTEMPTS = 10;
    private static final long TARGET_FILE_SIZE_BYTES = 256L * 1024 * 1024;

    private TableWrites() {
    }

    /** Appends the records in one commit. */
    public static void append(Table table, Iterable<Record> records) {
        List<DataFile> files = write(table, records);
        String commitId = CommitOutcomes.newCommitId();
        commitWithRetries(table, "append to", files, commitId, List.of(), () -> {
            table.refresh();
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            append.set(CommitOutcomes.COMMIT_ID, commitId);
            append.commit();
        });
    }

    /**
     * Replaces the rows matching {@code rowFilter} by {@code records} in one commit: readers see either the old rows
     * or the new ones, never both nor neither. Files whose rows all match are dropped unread; files with some
     * matching rows are rewritten without them.
     */
    public static void overwrite(Table table, Expression rowFilter, Iterable<Record> records) {
        List<DataFile> files = write(table, records);
        String commitId = CommitOutcomes.newCommitId();
        // rewritten files of an attempt whose outcome is open: deleted only if the lookup proves it did not land
        List<DataFile> rewrittenOfUnknown = new ArrayList<>();
        commitWithRetries(table, "overwrite", files, commitId, rewrittenOfUnknown, () -> {
            table.refresh();
            Snapshot base = table.currentSnapshot();
            OverwriteFiles overwrite = table.newOverwrite();
            List<DataFile> kept = new ArrayList<>();
            if (base != null) {
                overwrite.validateFromSnapshot(base.snapshotId());
                try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(rowFilter).planFiles()) {
                    for (FileScanTask task : tasks) {
                        DataFile file = task.file();
                        overwrite.deleteFile(file);
                        if (!allRowsMatch(table, rowFilter, file)) {
                            kept.addAll(write(table, rowsNotMatching(table, file, rowFilter)));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            overwrite.conflictDetectionFilter(rowFilter).validateNoConflictingData().validateNoConflictingDeletes();
            files.forEach(overwrite::addFile);
            kept.forEach(overwrite::addFile);
            overwrite.set(CommitOutcomes.COMMIT_ID, commitId);
            try {
                overwrite.commit();
            } catch (RuntimeException e) {
                if (CommitOutcomes.certainlyNotCommitted(e)) {
                    deleteQuietly(table, kept);
                } else {
                    rewrittenOfUnknown.addAll(kept);
                }
                throw e;
            }
        });
    }

    /** Replaces every row of the table by {@code records} in one commit. */
    public static void replaceAll(Table table, Iterable<Record> records) {
        overwrite(table, Expressions.alwaysTrue(), records);
    }

    /** Writes data files for the records, one or more per partition, without committing them. */
    public static List<DataFile> write(Table table, Iterable<Record> records) {
        Schema schema = table.schema();
        GenericFileWriterFactory writerFactory = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).build();
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime())
                .format(FileFormat.PARQUET).operationId(UUID.randomUUID().toString()).build();
        PartitionKey partitionKey = new PartitionKey(table.spec(), schema);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        FanoutDataWriter<Record> writer = new FanoutDataWriter<>(writerFactory, files, table.io(), TARGET_FILE_SIZE_BYTES);
        try {
            try {
                for (Record record : records) {
                    if (table.spec().isUnpartitioned()) {
                        writer.write(record, table.spec(), null);
                    } else {
                        partitionKey.partition(wrapper.wrap(record));
                        writer.write(record, table.spec(), partitionKey);
                    }
                }
            } finally {
                writer.close();
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write data files of table " + table.name() + ": " + e.getMessage(), e);
        }
        DataWriteResult result = writer.result();
        return result.dataFiles();
    }

    private static boolean allRowsMatch(Table table, Expression rowFilter, DataFile file) {
        return rowFilter.op() == Expression.Operation.TRUE
                || new StrictMetricsEvaluator(table.schema(), rowFilter).eval(file);
    }

    private static List<Record> rowsNotMatching(Table table, DataFile file, Expression rowFilter) {
        Schema schema = table.schema();
        Evaluator matches = new Evaluator(schema.asStruct(), rowFilter, true);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        List<Record> kept = new ArrayList<>();
        try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location()))
                .project(schema)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                .build()) {
            for (Record row : rows) {
                if (!matches.eval(wrapper.wrap(row))) {
                    kept.add(row.copy());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kept;
    }

    /**
     * Runs {@code attempt} (a commit named {@code commitId}) until it succeeds, retrying conflicts. After any other
     * error the commit is looked up: found, it succeeded; proven absent, {@code files} and {@code otherFiles} are
     * deleted and the error reported; not established, nothing is deleted ({@link CommitOutcomeUnknownException}).
     */
    private static void commitWithRetries(Table table, String verb, List<DataFile> files, String commitId,
                                          List<DataFile> otherFiles, Runnable attempt) {
        RuntimeException last = null;
        for (int attemptNumber = 1; attemptNumber <= MAX_ATTEMPTS; attemptNumber++) {
            try {
                attempt.run();
                return;
            } catch (CommitFailedException | ValidationException e) {
                last = e;
                sleepQuietly(Math.min(2_000L, 20L << attemptNumber));
            } catch (RuntimeException e) {
                if (CommitOutcomes.landedAfter(table, commitId, e)) {
                    return;
                }
                deleteQuietly(table, files);
                deleteQuietly(table, otherFiles);
                throw e instanceof UrbanFlowException ? e
                        : new UrbanFlowException("Cannot " + verb + " table " + table.name() + ": " + e.getMessage(), e);
            }
        }
        deleteQuietly(table, files);
        throw new UrbanFlowException("Cannot " + verb + " table " + table.name() + ": " + MAX_ATTEMPTS
                + " commits conflicted with other writers; last: " + last.getMessage(), last);
    }

    public static void deleteQuietly(Table table, List<DataFile> files) {
        for (DataFile file : files) {
            try {
                table.io().deleteFile(file.location());
            } catch (RuntimeException e) {
                // an orphan file, never referenced by a snapshot
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
