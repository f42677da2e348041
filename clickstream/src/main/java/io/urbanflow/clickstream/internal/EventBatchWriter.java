package io.urbanflow.clickstream.internal;

import io.urbanflow.clickstream.EventKind;
import io.urbanflow.ingest.BatchWriter;
import io.urbanflow.ingest.ConsumedRecord;
import io.urbanflow.ingest.RecordDecoder;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * The clickstream ingest's fast path: one batch of one raw event table, each message checked by {@link EventParser}
 * and written straight into the Parquet columns ({@link RowWriter}), text as the message's own bytes, without an
 * Iceberg record or a Java string per field. One open file per day partition of the table (the kind's time column:
 * {@code event_timestamp} for browser events, {@code ingested_at} for the others); an unpartitioned table gets one
 * file. {@link #finish()} closes the files and describes them for the commit; {@link #abort()} deletes them.
 *
 * <p>Invariants: columns are matched to the kind's fields by name when the writer opens, so the table's schema may have
 * more columns (they are written null, and must be optional) or fewer; the row's day is compared with the previous
 * row's first, so a batch of one day does no map look-up per row. Not thread-safe.
 */
public final class EventBatchWriter implements BatchWriter {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final EventKind kind;
    private final Table table;
    private final String filePrefix;
    private final EventParser parser;
    private final Row row;
    /** Schema position of the partition's source column, or -1 when unpartitioned. */
    private final int partitionSource;
    private final Map<Integer, DayFile> files = new HashMap<>();
    private final DayStruct dayStruct;
    private DayFile current;
    private int currentDay = Integer.MIN_VALUE;
    private long rows;
    private int fileSequence;

    EventBatchWriter(EventKind kind, Table table, String filePrefix) {
        this.kind = kind;
        this.table = table;
        this.filePrefix = filePrefix;
        this.parser = new EventParser(kind);
        this.row = new Row(parser);
        List<Types.NestedField> columns = table.schema().columns();
        int source = -1;
        if (table.spec().isPartitioned()) {
            if (table.spec().fields().size() != 1 || !table.spec().fields().get(0).transform().toString().equals("day")) {
                throw new UrbanFlowException("Cannot ingest into " + table.name() + ": only tables partitioned by one day() are supported");
            }
            PartitionField field = table.spec().fields().get(0);
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).fieldId() == field.sourceId()) {
                    source = i;
                }
            }
        }
        this.partitionSource = source;
        this.dayStruct = new DayStruct(columns.size(), source);
        RowWriter.plan(kind, table.schema()); // fails at once on a table the events cannot fill
    }

    /** The decoder of a kind's topic: rows straight into Parquet through this writer. */
    public static RecordDecoder decoder(EventKind kind) {
        return (table, filePrefix) -> new EventBatchWriter(kind, table, filePrefix);
    }

    @Override
    public String write(ConsumedRecord record, long ingestedAtMicros) {
        byte[] value = record.value();
        String reason = parser.parse(value, 0, value.length);
        if (reason != null) {
            return reason;
        }
        row.kafkaPartition = record.partition();
        row.kafkaOffset = record.offset();
        row.ingestedAtMicros = ingestedAtMicros;
        int day = 0;
        long dayMicros = 0;
        if (partitionSource >= 0) {
            dayMicros = partitionSourceIsEventTime() ? parser.timestampMicros() : ingestedAtMicros;
            day = (int) Math.floorDiv(dayMicros, MICROS_PER_DAY);
        }
        if (current == null || day != currentDay) {
            current = files.get(day);
            if (current == null) {
                current = open(dayMicros);
                files.put(day, current);
            }
            currentDay = day;
        }
        try {
            current.appender.add(row);
        } catch (RuntimeException e) {
            throw new UrbanFlowException("Cannot write a row of " + table.name() + ": " + e.getMessage(), e);
        }
        rows++;
        return null;
    }

    private boolean partitionSourceIsEventTime() {
        return kind.timed() && table.schema().columns().get(partitionSource).name().equals("event_timestamp");
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public List<DataFile> finish() {
        List<DataFile> result = new ArrayList<>(files.size());
        try {
            for (DayFile file : files.values()) {
                file.appender.close();
                DataFiles.Builder builder = DataFiles.builder(table.spec())
                        .withPath(file.location)
                        .withFormat(FileFormat.PARQUET)
                        .withFileSizeInBytes(file.appender.length())
                        .withMetrics(file.appender.metrics())
                        .withSplitOffsets(file.appender.splitOffsets());
                if (file.partition != null) {
                    builder.withPartition(file.partition);
                }
                result.add(builder.build());
            }
        } catch (IOException e) {
            abort();
            throw new UrbanFlowException("Cannot write Parquet file for " + table.name() + ": " + e.getMessage(), e);
        }
        reset();
        return result;
    }

    @Override
    public void abort() {
        for (DayFile file : files.values()) {
            try {
                file.appender.close();
            } catch (IOException | RuntimeException e) {
                // deleted below anyway
            }
            try {
                table.io().deleteFile(file.location);
            } catch (RuntimeException e) {
                // an orphan: never referenced by a snapshot
            }
        }
        reset();
    }

    private void reset() {
        files.clear();
        current = null;
        currentDay = Integer.MIN_VALUE;
        rows = 0;
    }

    private DayFile open(long dayMicros) {
        PartitionKey partition = null;
        if (partitionSource >= 0) {
            partition = new PartitionKey(table.spec(), table.schema());
            dayStruct.micros = dayMicros;
            partition.partition(dayStruct);
        }
        String name = filePrefix + "-" + (fileSequence++) + ".parquet";
        String location = partition == null ? table.locationProvider().newDataLocation(name)
                : table.locationProvider().newDataLocation(table.spec(), partition, name);
        OutputFile output = table.io().newOutputFile(location);
        try {
            Parquet.WriteBuilder builder = Parquet.write(output)
                    .forTable(table)
                    .createWriterFunc(type -> new RowWriter(kind, table.schema(), type))
                    .metricsConfig(MetricsConfig.forTable(table))
                    .overwrite();
            // nearly unique per row or per visitor, or long: hashing them into a dictionary costs more than it saves
            for (String column : NO_DICTIONARY) {
                if (table.schema().findField(column) != null) {
                    builder.withDictionaryEncoding(column, false);
                }
            }
            FileAppender<Row> appender = builder.build();
            return new DayFile(location, partition, appender);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create Parquet file " + location + ": " + e.getMessage(), e);
        }
    }

    /** Columns written without a dictionary (where the table has them). */
    private static final List<String> NO_DICTIONARY = List.of("event_id", "click_id", "event_timestamp", "browser_user_agent",
            "user_custom_id", "user_domain_id", "ip_address", "geo_latitude", "geo_longitude", "kafka_offset");

    private record DayFile(String location, PartitionKey partition, FileAppender<Row> appender) {
    }

    /** A row as the partition transform sees it: only the partition's source column is read. */
    private static final class DayStruct implements StructLike {
        private final int size;
        private final int source;
        long micros;

        DayStruct(int size, int source) {
            this.size = size;
            this.source = source;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(pos == source ? Long.valueOf(micros) : null);
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("read-only");
        }
    }

    /** The message being written: the parsed event and where it came from. Reused for every row. */
    static final class Row {
        final EventParser parser;
        int kafkaPartition;
        long kafkaOffset;
        long ingestedAtMicros;

        Row(EventParser parser) {
            this.parser = parser;
        }
    }

    /**
     * Writes a {@link Row} into the Parquet columns of a raw event table: each column is one of the kind's fields
     * (text, the browser timestamp, or {@code device_is_mobile}), a Kafka column, or a column the events do not have
     * (always null). Text is written from the message's bytes ({@link Binary#fromReusedByteArray}: Parquet copies what
     * it keeps), or from the decoded string when it held escapes.
     */
    static final class RowWriter implements ParquetValueWriter<Row> {
        private static final int TEXT = 0;
        private static final int EVENT_TIME = 1;
        private static final int MOBILE = 2;
        private static final int KAFKA_PARTITION = 3;
        private static final int KAFKA_OFFSET = 4;
        private static final int INGESTED_AT = 5;
        private static final int ABSENT = 6;

        private final int[] roles;
        private final int[] fields;
        private final int[] nullLevels;
        private final List<TripleWriter<?>> columns = new ArrayList<>();
        private final List<ParquetValueWriter<?>> writers = new ArrayList<>();

        RowWriter(EventKind kind, Schema schema, MessageType type) {
            int[][] plan = plan(kind, schema);
            this.roles = plan[0];
            this.fields = plan[1];
            this.nullLevels = new int[roles.length];
            List<Types.NestedField> schemaColumns = schema.columns();
            for (int i = 0; i < roles.length; i++) {
                ColumnDescriptor column = type.getColumnDescription(new String[] {schemaColumns.get(i).name()});
                nullLevels[i] = column.getMaxDefinitionLevel() - 1;
                ParquetValueWriter<?> writer = switch (schemaColumns.get(i).type().typeId()) {
                    case STRING -> ParquetValueWriters.strings(column);
                    case BOOLEAN -> ParquetValueWriters.booleans(column);
                    case INTEGER -> ParquetValueWriters.ints(column);
                    default -> ParquetValueWriters.longs(column);
                };
                writers.add(writer);
                columns.add(writer.columns().get(0));
            }
        }

        /**
         * Each schema column's role and, for a field, its position in the kind's fields.
         *
         * @throws UrbanFlowException when a column cannot be filled from the events
         */
        static int[][] plan(EventKind kind, Schema schema) {
            List<Types.NestedField> schemaColumns = schema.columns();
            int[] roles = new int[schemaColumns.size()];
            int[] fields = new int[schemaColumns.size()];
            for (int i = 0; i < schemaColumns.size(); i++) {
                Types.NestedField column = schemaColumns.get(i);
                int field = kind.fields().indexOf(column.name());
                fields[i] = field;
                Types.NestedField declared = kind.table().schema().findField(column.name());
                boolean sameType = declared != null && declared.type().equals(column.type());
                if (column.name().equals("kafka_partition") && sameType) {
                    roles[i] = KAFKA_PARTITION;
                } else if (column.name().equals("kafka_offset") && sameType) {
                    roles[i] = KAFKA_OFFSET;
                } else if (column.name().equals("ingested_at") && sameType) {
                    roles[i] = INGESTED_AT;
                } else if (field >= 0 && sameType && column.name().equals("event_timestamp")) {
                    roles[i] = EVENT_TIME;
                } else if (field >= 0 && sameType && column.name().equals("device_is_mobile")) {
                    roles[i] = MOBILE;
                } else if (field >= 0 && column.type().typeId() == Type.TypeID.STRING) {
                    roles[i] = TEXT;
                } else if (column.isOptional() && isWritable(column)) {
                    roles[i] = ABSENT;
                } else {
                    throw new UrbanFlowException("Cannot ingest " + kind.topic() + " into column " + column.name() + " (" + column.type()
                            + (column.isRequired() ? ", required" : "") + "): the events have no such field of that type");
                }
            }
            return new int[][] {roles, fields};
        }

        private static boolean isWritable(Types.NestedField column) {
            return switch (column.type().typeId()) {
                case STRING, BOOLEAN, INTEGER, LONG, TIMESTAMP -> true;
                default -> false;
            };
        }

        @Override
        public void write(int repetitionLevel, Row row) {
            EventParser parser = row.parser;
            for (int i = 0; i < roles.length; i++) {
                TripleWriter<?> column = columns.get(i);
                switch (roles[i]) {
                    case TEXT -> {
                        int field = fields[i];
                        if (!parser.present(field)) {
                            column.writeNull(repetitionLevel, nullLevels[i]);
                        } else if (parser.escaped(field)) {
                            column.writeBinary(repetitionLevel, Binary.fromString(parser.value(field)));
                        } else {
                            column.writeBinary(repetitionLevel, Binary.fromReusedByteArray(parser.source(), parser.start(field),
                                    parser.end(field) - parser.start(field)));
                        }
                    }
                    case EVENT_TIME -> column.writeLong(repetitionLevel, parser.timestampMicros());
                    case MOBILE -> {
                        int mobile = parser.mobile();
                        if (mobile < 0) {
                            column.writeNull(repetitionLevel, nullLevels[i]);
                        } else {
                            column.writeBoolean(repetitionLevel, mobile == 1);
                        }
                    }
                    case KAFKA_PARTITION -> column.writeInteger(repetitionLevel, row.kafkaPartition);
                    case KAFKA_OFFSET -> column.writeLong(repetitionLevel, row.kafkaOffset);
                    case INGESTED_AT -> column.writeLong(repetitionLevel, row.ingestedAtMicros);
                    default -> column.writeNull(repetitionLevel, nullLevels[i]);
                }
            }
        }

        @Override
        public List<TripleWriter<?>> columns() {
            return columns;
        }

        @Override
        public void setColumnStore(ColumnWriteStore columnStore) {
            for (ParquetValueWriter<?> writer : writers) {
                writer.setColumnStore(columnStore);
            }
        }
    }
}
