package io.urbanflow.ingest;

import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * A {@link BatchWriter} of Iceberg generic records: each message is turned into one {@link Record} of the table's
 * schema by a {@link RowDecoder} and written to the Parquet file of its partition (one open file per partition of the
 * batch). The path for any schema; the mobility domain's GPS points have a faster, allocation-free writer of their
 * own. The columns {@code kafka_partition}, {@code kafka_offset} and {@code ingested_at}, when the schema has them and
 * the decoder left them unset, are filled from the message. Not thread-safe.
 */
public final class GenericBatchWriter implements BatchWriter {
    private static final long TARGET_FILE_SIZE_BYTES = 512L * 1024 * 1024;

    /** Fills a fresh row from a message, or says why it cannot. */
    @FunctionalInterface
    public interface RowDecoder {
        /**
         * @return null when {@code row} was filled; otherwise the reason (nothing of the row is kept)
         */
        String decode(ConsumedRecord record, Record row);
    }

    private final Table table;
    private final Schema schema;
    private final RowDecoder decoder;
    private final String filePrefix;
    private final PartitionKey partitionKey;
    private final InternalRecordWrapper wrapper;
    private final int partitionPosition;
    private final int offsetPosition;
    private final int ingestedAtPosition;
    private final GenericRecord template;
    private FanoutDataWriter<Record> writer;
    private long rows;

    public GenericBatchWriter(Table table, String filePrefix, RowDecoder decoder) {
        this.table = table;
        this.schema = table.schema();
        this.decoder = decoder;
        this.filePrefix = filePrefix;
        this.partitionKey = new PartitionKey(table.spec(), schema);
        this.wrapper = new InternalRecordWrapper(schema.asStruct());
        this.partitionPosition = position(schema, "kafka_partition");
        this.offsetPosition = position(schema, "kafka_offset");
        this.ingestedAtPosition = position(schema, "ingested_at");
        this.template = GenericRecord.create(schema);
    }

    /** A decoder whose writers are generic ones with {@code decoder}. */
    public static RecordDecoder decoder(RowDecoder decoder) {
        return (table, filePrefix) -> new GenericBatchWriter(table, filePrefix, decoder);
    }

    private static int position(Schema schema, String name) {
        List<org.apache.iceberg.types.Types.NestedField> columns = schema.columns();
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).name().equals(name)) {
                return index;
            }
        }
        return -1;
    }

    @Override
    public String write(ConsumedRecord record, long ingestedAtMicros) {
        GenericRecord row = template.copy();
        String reason = decoder.decode(record, row);
        if (reason != null) {
            return reason;
        }
        if (partitionPosition >= 0 && row.get(partitionPosition) == null) {
            row.set(partitionPosition, record.partition());
        }
        if (offsetPosition >= 0 && row.get(offsetPosition) == null) {
            row.set(offsetPosition, record.offset());
        }
        if (ingestedAtPosition >= 0 && row.get(ingestedAtPosition) == null) {
            row.set(ingestedAtPosition, java.time.Instant.ofEpochSecond(Math.floorDiv(ingestedAtMicros, 1_000_000L),
                    Math.floorMod(ingestedAtMicros, 1_000_000L) * 1_000L).atOffset(java.time.ZoneOffset.UTC));
        }
        String missing = missingRequired(row);
        if (missing != null) {
            return "missing field " + missing;
        }
        try {
            if (writer == null) {
                writer = open();
            }
            if (table.spec().isUnpartitioned()) {
                writer.write(row, table.spec(), null);
            } else {
                partitionKey.partition(wrapper.wrap(row));
                writer.write(row, table.spec(), partitionKey);
            }
        } catch (RuntimeException e) {
            throw new UrbanFlowException("Cannot write a row of " + table.name() + ": " + e.getMessage(), e);
        }
        rows++;
        return null;
    }

    private String missingRequired(GenericRecord row) {
        List<org.apache.iceberg.types.Types.NestedField> columns = schema.columns();
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).isRequired() && row.get(index) == null) {
                return columns.get(index).name();
            }
        }
        return null;
    }

    private FanoutDataWriter<Record> open() {
        GenericFileWriterFactory writerFactory = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET).dataSchema(schema).build();
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime())
                .format(FileFormat.PARQUET).operationId(filePrefix).build();
        return new FanoutDataWriter<>(writerFactory, files, table.io(), TARGET_FILE_SIZE_BYTES);
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public List<DataFile> finish() {
        if (writer == null) {
            return List.of();
        }
        try {
            writer.close();
        } catch (IOException e) {
            abort();
            throw new UrbanFlowException("Cannot write data files of " + table.name() + ": " + e.getMessage(), e);
        }
        List<DataFile> files = writer.result().dataFiles();
        writer = null;
        rows = 0;
        return files;
    }

    @Override
    public void abort() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
            TableWrites.deleteQuietly(table, writer.result().dataFiles());
        } catch (IOException | RuntimeException e) {
            // files not closed cleanly are orphans, never referenced by a snapshot
        }
        writer = null;
        rows = 0;
    }
}
