package io.urbanflow.lake.maintenance;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.CorruptDeltaByteArrays;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.RequiresPreviousReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Rewrites one bin of small data files of one partition into one data file column by column, without a record per
 * row: a reader thread opens the input files in the bin's order with parquet-mr, checks that each file's Parquet
 * schema is the one the table's schema maps to, decodes its row groups column by column into primitive arrays
 * ({@link Batch}) and hands them to the calling thread, which writes the values row by row with Iceberg's Parquet
 * writer: the table's Parquet properties (compression, row-group and page sizes, dictionary), field ids and metrics
 * as the generic writer makes them (footer statistics, plus NaN counts and bounds of float and double columns, which
 * the generic writer tracks itself). Reading and writing overlap; at most {@link #QUEUED_BATCHES} batches wait.
 *
 * <p>Only tables whose columns are all top-level primitives of the types in {@link #supports} qualify. A file of any
 * other layout (written under an older schema, without field ids, with other physical types) stops the rewrite with
 * {@link IncompatibleLayoutException} before anything is committed, its output deleted; the caller rewrites the bin
 * with {@link BinRewriter}, which projects any file on the table's schema.
 *
 * <p>Invariant: the output holds exactly the input values, bit for bit, in input order (file by file in the bin's
 * order, rows in file order); the row count is checked against the input files' record counts and a mismatch fails
 * the bin. Values read stay valid after their row group is released because pages are read into heap buffers
 * ({@link HeapByteBufferAllocator} never reuses one). Not thread-safe: one bin per instance.
 */
final class ColumnarBinRewriter {
    static final int BATCH_ROWS = 4096;
    static final int QUEUED_BATCHES = 4;
    private static final Batch END = new Batch(new Kind[0], new boolean[0], 0);

    private final Table table;
    private final Schema schema;
    private final MessageType parquetSchema;
    private final Kind[] kinds;
    private final boolean[] optional;
    private final ExecutorService readers;

    /**
     * The table is not flat, or one of the bin's files does not have the table's Parquet layout: rewrite the bin with
     * {@link BinRewriter}.
     */
    static final class IncompatibleLayoutException extends RuntimeException {
        IncompatibleLayoutException(String what) {
            super("Cannot copy the columns of " + what);
        }
    }

    /** How a column's values are held and written: by Parquet physical type. */
    private enum Kind {
        BOOLEAN, INT, LONG, FLOAT, DOUBLE, BINARY;

        static Kind of(PrimitiveType.PrimitiveTypeName name) {
            return switch (name) {
                case BOOLEAN -> BOOLEAN;
                case INT32 -> INT;
                case INT64 -> LONG;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> BINARY;
            };
        }
    }

    /** @throws IncompatibleLayoutException when the table's current schema is not {@linkplain #supports supported} */
    ColumnarBinRewriter(Table table, ExecutorService readers) {
        this.table = table;
        this.schema = table.schema();
        if (!supports(schema)) {
            throw new IncompatibleLayoutException("table " + table.name() + ": not a flat table of primitive columns");
        }
        this.parquetSchema = ParquetSchemaUtil.convert(schema, "table");
        int count = parquetSchema.getFieldCount();
        this.kinds = new Kind[count];
        this.optional = new boolean[count];
        for (int index = 0; index < count; index++) {
            PrimitiveType type = parquetSchema.getType(index).asPrimitiveType();
            kinds[index] = Kind.of(type.getPrimitiveTypeName());
            optional[index] = type.getRepetition() == Type.Repetition.OPTIONAL;
        }
        this.readers = readers;
    }

    /**
     * True when every column is top-level and of a type whose Parquet values the generic writer writes as they are,
     * with metrics from the footer (or, for float and double, from the values, as here): boolean, int, long, float,
     * double, date, time, timestamp, string, uuid, fixed, binary and decimal.
     */
    static boolean supports(Schema schema) {
        for (Types.NestedField field : schema.columns()) {
            switch (field.type().typeId()) {
                case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIME, TIMESTAMP, TIMESTAMP_NANO, STRING, UUID, FIXED, BINARY, DECIMAL -> {
                }
                default -> {
                    return false;
                }
            }
        }
        return !schema.columns().isEmpty();
    }

    /**
     * @param files    the bin's files, all of {@code spec} and {@code partition}, in the order their rows are written
     * @param expected the sum of their record counts
     * @return the written file, not committed
     * @throws IncompatibleLayoutException when a file's Parquet schema is not the table's (nothing is left behind)
     * @throws UrbanFlowException        when a file cannot be read or written, or the row count differs
     */
    DataFile rewrite(List<DataFile> files, PartitionSpec spec, StructLike partition, long expected) {
        OutputFileFactory outputs = OutputFileFactory.builderFor(table, 0, System.nanoTime())
                .format(FileFormat.PARQUET).operationId("compact-" + UUID.randomUUID()).build();
        EncryptedOutputFile output = spec.isUnpartitioned() ? outputs.newOutputFile() : outputs.newOutputFile(spec, partition);
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED_BATCHES + 2);
        Future<?> reading = readers.submit(() -> read(files, queue, free));
        long written = 0;
        boolean complete = false;
        try {
            DataWriter<Cursor> writer = Parquet.writeData(output)
                    .forTable(table)
                    .schema(schema) // the schema the layout was taken from, whatever a refresh brought meanwhile
                    .withSpec(spec)
                    .withPartition(partition)
                    .withKeyMetadata(output.keyMetadata())
                    .withSortOrder(table.sortOrder())
                    .createWriterFunc(type -> new CursorWriter(type, kinds, optional))
                    .overwrite()
                    .build();
            try {
                Cursor cursor = new Cursor();
                while (true) {
                    Batch batch = queue.take();
                    if (batch == END) {
                        break;
                    }
                    if (batch.failure != null) {
                        throw batch.failure;
                    }
                    cursor.batch = batch;
                    for (int row = 0; row < batch.size; row++) {
                        cursor.row = row;
                        writer.write(cursor);
                    }
                    written += batch.size;
                    free.offer(batch);
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

    /**
     * On a reader thread: every row of every file in batches, then {@link #END}; a failure travels as a batch.
     * Batches come from {@code free} (written ones the writer gave back) or are made, at most
     * {@link #QUEUED_BATCHES} + 2 in all.
     */
    private void read(List<DataFile> files, BlockingQueue<Batch> queue, BlockingQueue<Batch> free) {
        Batch batch = new Batch(kinds, optional, BATCH_ROWS);
        // its codec factory decompresses lazily with one decompressor per codec: one per reading thread, never shared;
        // each reader releases it on close and the next file takes it up again
        ParquetReadOptions options = ParquetReadOptions.builder().withAllocator(new HeapByteBufferAllocator()).build();
        MessageType lastSchema = null;
        List<ColumnDescriptor> columns = null;
        try {
            for (DataFile file : files) {
                try (ParquetFileReader reader = ParquetFileReader.open(input(file), options)) {
                    MessageType fileSchema = reader.getFileMetaData().getSchema();
                    if (!fileSchema.equals(lastSchema)) { // the files of a bin mostly share one schema
                        if (!sameLayout(fileSchema, parquetSchema)) {
                            throw new IncompatibleLayoutException(file.location() + ": its Parquet schema is not the table's");
                        }
                        lastSchema = fileSchema;
                        columns = fileSchema.getColumns();
                    }
                    String createdBy = reader.getFileMetaData().getCreatedBy();
                    ChunkDecoder[] decoders = new ChunkDecoder[columns.size()];
                    PageReadStore rowGroup;
                    while ((rowGroup = reader.readNextRowGroup()) != null) {
                        for (int column = 0; column < decoders.length; column++) {
                            decoders[column] = new ChunkDecoder(columns.get(column), rowGroup.getPageReader(columns.get(column)),
                                    kinds[column], createdBy, file.location());
                        }
                        long left = rowGroup.getRowCount();
                        while (left > 0) {
                            int count = (int) Math.min(left, BATCH_ROWS - batch.size);
                            for (int column = 0; column < decoders.length; column++) {
                                decoders[column].read(batch, column, batch.size, count);
                            }
                            batch.size += count;
                            left -= count;
                            if (batch.size == BATCH_ROWS) {
                                queue.put(batch);
                                Batch recycled = free.poll();
                                batch = recycled != null ? recycled : new Batch(kinds, optional, BATCH_ROWS);
                                batch.size = 0;
                            }
                        }
                    }
                }
            }
            if (batch.size > 0) {
                queue.put(batch);
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the writer gave up
        } catch (IncompatibleLayoutException e) {
            fail(queue, e);
        } catch (IOException | RuntimeException e) {
            fail(queue, new UrbanFlowException("Cannot read data file of table " + table.name() + " for compaction: " + e.getMessage(), e));
        }
    }

    /** The writer's version as parquet-mr parses it (for the work-arounds of old writers' bugs), or null. */
    static VersionParser.ParsedVersion writerVersion(String createdBy) {
        try {
            return VersionParser.parse(createdBy);
        } catch (RuntimeException | VersionParser.VersionParseException e) {
            return null;
        }
    }

    private static void fail(BlockingQueue<Batch> queue, RuntimeException failure) {
        Batch batch = new Batch(new Kind[0], new boolean[0], 0);
        batch.failure = failure;
        try {
            queue.put(batch);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True when a file's columns are the table's, in the table's order: the same field ids, repetition, physical and
     * logical types (names may differ: a renamed column keeps its id). Anything nested is another layout.
     */
    static boolean sameLayout(MessageType file, MessageType table) {
        if (file.getFieldCount() != table.getFieldCount()) {
            return false;
        }
        for (int index = 0; index < table.getFieldCount(); index++) {
            Type fileField = file.getType(index);
            Type tableField = table.getType(index);
            if (!fileField.isPrimitive() || fileField.getId() == null || !fileField.getId().equals(tableField.getId())
                    || fileField.getRepetition() != tableField.getRepetition()) {
                return false;
            }
            PrimitiveType filePrimitive = fileField.asPrimitiveType();
            PrimitiveType tablePrimitive = tableField.asPrimitiveType();
            if (filePrimitive.getPrimitiveTypeName() != tablePrimitive.getPrimitiveTypeName()
                    || filePrimitive.getTypeLength() != tablePrimitive.getTypeLength()
                    || !Objects.equals(filePrimitive.getLogicalTypeAnnotation(), tablePrimitive.getLogicalTypeAnnotation())) {
                return false;
            }
        }
        return true;
    }

    /** parquet-mr's view of a file of the table's {@link org.apache.iceberg.io.FileIO}. */
    private org.apache.parquet.io.InputFile input(DataFile file) {
        org.apache.iceberg.io.InputFile input = table.io().newInputFile(file.location(), file.fileSizeInBytes());
        long length = file.fileSizeInBytes();
        return new org.apache.parquet.io.InputFile() {
            @Override
            public long getLength() {
                return length;
            }

            @Override
            public SeekableInputStream newStream() {
                org.apache.iceberg.io.SeekableInputStream stream = input.newStream();
                return new DelegatingSeekableInputStream(stream) {
                    @Override
                    public long getPos() throws IOException {
                        return stream.getPos();
                    }

                    @Override
                    public void seek(long position) throws IOException {
                        stream.seek(position);
                    }
                };
            }
        };
    }

    /**
     * Up to a capacity of rows, column by column: per column one array of the column's physical type (the others
     * null) and, for an optional column, which rows are null. A batch with a failure carries no rows.
     */
    private static final class Batch {
        final boolean[][] booleans;
        final int[][] ints;
        final long[][] longs;
        final float[][] floats;
        final double[][] doubles;
        final Binary[][] binaries;
        final boolean[][] nulls;
        int size;
        RuntimeException failure;

        Batch(Kind[] kinds, boolean[] optional, int capacity) {
            int columns = kinds.length;
            booleans = new boolean[columns][];
            ints = new int[columns][];
            longs = new long[columns][];
            floats = new float[columns][];
            doubles = new double[columns][];
            binaries = new Binary[columns][];
            nulls = new boolean[columns][];
            for (int column = 0; column < columns; column++) {
                switch (kinds[column]) {
                    case BOOLEAN -> booleans[column] = new boolean[capacity];
                    case INT -> ints[column] = new int[capacity];
                    case LONG -> longs[column] = new long[capacity];
                    case FLOAT -> floats[column] = new float[capacity];
                    case DOUBLE -> doubles[column] = new double[capacity];
                    case BINARY -> binaries[column] = new Binary[capacity];
                }
                if (optional[column]) {
                    nulls[column] = new boolean[capacity];
                }
            }
        }

    }

    /**
     * The values of one column chunk, page by page, into batches: through parquet-mr's level and value readers for
     * the page's encodings, and for PLAIN pages of fixed-width types straight from the page's little-endian bytes.
     * Not thread-safe.
     */
    private static final class ChunkDecoder {
        private final ColumnDescriptor descriptor;
        private final PageReader pages;
        private final Kind kind;
        private final String createdBy;
        private final String location;
        private final int maxDefinition;
        private final Dictionary dictionary;
        private int left;
        private ByteBuffer plain;
        private ValuesReader values;
        private ValuesReader definitionsV1;
        private RunLengthBitPackingHybridDecoder definitionsV2;

        ChunkDecoder(ColumnDescriptor descriptor, PageReader pages, Kind kind, String createdBy, String location) throws IOException {
            this.descriptor = descriptor;
            this.pages = pages;
            this.kind = kind;
            this.createdBy = createdBy;
            this.location = location;
            this.maxDefinition = descriptor.getMaxDefinitionLevel();
            DictionaryPage dictionaryPage = pages.readDictionaryPage();
            this.dictionary = dictionaryPage == null ? null : dictionaryPage.getEncoding().initDictionary(descriptor, dictionaryPage);
        }

        /** The next {@code count} values into rows {@code from}... of the batch's column {@code column}. */
        void read(Batch batch, int column, int from, int count) throws IOException {
            int row = from;
            int end = from + count;
            while (row < end) {
                if (left == 0) {
                    nextPage();
                }
                int step = Math.min(left, end - row);
                if (maxDefinition == 0) {
                    values(batch, column, row, step);
                } else {
                    boolean[] nulls = batch.nulls[column];
                    for (int index = row; index < row + step; index++) {
                        int level = definitionsV1 != null ? definitionsV1.readInteger() : definitionsV2.readInt();
                        nulls[index] = level < maxDefinition;
                        if (!nulls[index]) {
                            values(batch, column, index, 1);
                        }
                    }
                }
                left -= step;
                row += step;
            }
        }

        private void values(Batch batch, int column, int from, int count) {
            int end = from + count;
            switch (kind) {
                case LONG -> {
                    long[] into = batch.longs[column];
                    if (plain != null) {
                        for (int row = from; row < end; row++) {
                            into[row] = plain.getLong();
                        }
                    } else {
                        for (int row = from; row < end; row++) {
                            into[row] = values.readLong();
                        }
                    }
                }
                case DOUBLE -> {
                    double[] into = batch.doubles[column];
                    if (plain != null) {
                        for (int row = from; row < end; row++) {
                            into[row] = plain.getDouble();
                        }
                    } else {
                        for (int row = from; row < end; row++) {
                            into[row] = values.readDouble();
                        }
                    }
                }
                case INT -> {
                    int[] into = batch.ints[column];
                    if (plain != null) {
                        for (int row = from; row < end; row++) {
                            into[row] = plain.getInt();
                        }
                    } else {
                        for (int row = from; row < end; row++) {
                            into[row] = values.readInteger();
                        }
                    }
                }
                case FLOAT -> {
                    float[] into = batch.floats[column];
                    if (plain != null) {
                        for (int row = from; row < end; row++) {
                            into[row] = plain.getFloat();
                        }
                    } else {
                        for (int row = from; row < end; row++) {
                            into[row] = values.readFloat();
                        }
                    }
                }
                case BINARY -> {
                    Binary[] into = batch.binaries[column];
                    for (int row = from; row < end; row++) {
                        into[row] = values.readBytes();
                    }
                }
                case BOOLEAN -> {
                    boolean[] into = batch.booleans[column];
                    for (int row = from; row < end; row++) {
                        into[row] = values.readBoolean();
                    }
                }
            }
        }

        private void nextPage() throws IOException {
            DataPage page = pages.readPage();
            if (page == null) {
                throw new IOException("column " + descriptor + " of " + location + " ends before its row group");
            }
            left = page.getValueCount();
            if (page instanceof DataPageV1 v1) {
                ByteBufferInputStream in = v1.getBytes().toInputStream();
                v1.getRlEncoding().getValuesReader(descriptor, ValuesType.REPETITION_LEVEL).initFromPage(left, in);
                ValuesReader definitions = v1.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
                definitions.initFromPage(left, in);
                definitionsV1 = maxDefinition == 0 ? null : definitions;
                definitionsV2 = null;
                initValues(v1.getValueEncoding(), in);
            } else if (page instanceof DataPageV2 v2) {
                definitionsV1 = null;
                definitionsV2 = maxDefinition == 0 ? null : new RunLengthBitPackingHybridDecoder(
                        BytesUtils.getWidthFromMaxInt(maxDefinition), v2.getDefinitionLevels().toInputStream());
                initValues(v2.getDataEncoding(), v2.getData().toInputStream());
            } else {
                throw new IncompatibleLayoutException(location + ": a data page of an unknown kind");
            }
        }

        /** As parquet-mr's column reader sets up a page's values (ColumnReaderBase.initDataReader). */
        private void initValues(Encoding encoding, ByteBufferInputStream in) throws IOException {
            ValuesReader previous = values;
            plain = null;
            values = null;
            if (encoding == Encoding.PLAIN && (kind == Kind.LONG || kind == Kind.DOUBLE || kind == Kind.INT || kind == Kind.FLOAT)) {
                plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
                return;
            }
            if (encoding.usesDictionary()) {
                if (dictionary == null) {
                    throw new IOException("column " + descriptor + " of " + location + " has dictionary pages and no dictionary");
                }
                values = encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
            } else {
                values = encoding.getValuesReader(descriptor, ValuesType.VALUES);
            }
            values.initFromPage(left, in);
            if (encoding == Encoding.DELTA_BYTE_ARRAY && values instanceof RequiresPreviousReader reader
                    && CorruptDeltaByteArrays.requiresSequentialReads(writerVersion(createdBy), encoding)) {
                reader.setPreviousReader(previous); // PARQUET-246: old writers' DELTA_BYTE_ARRAY pages continue the previous page
            }
        }
    }

    /** The row of a batch being written. */
    private static final class Cursor {
        Batch batch;
        int row;
    }

    /**
     * Writes the cursor's row, column by column, into the row group's column writers; tracks float and double
     * metrics as Iceberg's own float and double writers do (NaN counts, bounds without NaN; for optional columns
     * value and null counts with the nulls).
     */
    private static final class CursorWriter implements ParquetValueWriter<Cursor> {
        private final ColumnDescriptor[] descriptors;
        private final Kind[] kinds;
        private final boolean[] optional;
        private final int[] maxDefinition;
        private final ColumnWriter[] writers;
        private final FloatFieldMetrics.Builder[] floatMetrics;
        private final DoubleFieldMetrics.Builder[] doubleMetrics;
        private final long[] nullCounts;

        CursorWriter(MessageType type, Kind[] kinds, boolean[] optional) {
            List<ColumnDescriptor> columns = type.getColumns();
            this.descriptors = columns.toArray(new ColumnDescriptor[0]);
            this.kinds = kinds;
            this.optional = optional;
            this.maxDefinition = new int[descriptors.length];
            this.writers = new ColumnWriter[descriptors.length];
            this.floatMetrics = new FloatFieldMetrics.Builder[descriptors.length];
            this.doubleMetrics = new DoubleFieldMetrics.Builder[descriptors.length];
            this.nullCounts = new long[descriptors.length];
            for (int column = 0; column < descriptors.length; column++) {
                maxDefinition[column] = descriptors[column].getMaxDefinitionLevel();
                int id = descriptors[column].getPrimitiveType().getId().intValue();
                if (kinds[column] == Kind.FLOAT) {
                    floatMetrics[column] = new FloatFieldMetrics.Builder(id);
                } else if (kinds[column] == Kind.DOUBLE) {
                    doubleMetrics[column] = new DoubleFieldMetrics.Builder(id);
                }
            }
        }

        @Override
        public void write(int repetitionLevel, Cursor cursor) {
            Batch batch = cursor.batch;
            int row = cursor.row;
            for (int column = 0; column < writers.length; column++) {
                ColumnWriter writer = writers[column];
                int definition = maxDefinition[column];
                if (optional[column] && batch.nulls[column][row]) {
                    writer.writeNull(repetitionLevel, definition - 1);
                    nullCounts[column]++;
                    continue;
                }
                switch (kinds[column]) {
                    case LONG -> writer.write(batch.longs[column][row], repetitionLevel, definition);
                    case DOUBLE -> {
                        double value = batch.doubles[column][row];
                        writer.write(value, repetitionLevel, definition);
                        doubleMetrics[column].addValue(value);
                    }
                    case BINARY -> writer.write(batch.binaries[column][row], repetitionLevel, definition);
                    case INT -> writer.write(batch.ints[column][row], repetitionLevel, definition);
                    case FLOAT -> {
                        float value = batch.floats[column][row];
                        writer.write(value, repetitionLevel, definition);
                        floatMetrics[column].addValue(value);
                    }
                    case BOOLEAN -> writer.write(batch.booleans[column][row], repetitionLevel, definition);
                }
            }
        }

        /** Only a parent writer asks for the columns; this writer is always the root. */
        @Override
        public List<TripleWriter<?>> columns() {
            return List.of();
        }

        @Override
        public void setColumnStore(ColumnWriteStore store) {
            for (int column = 0; column < descriptors.length; column++) {
                writers[column] = store.getColumnWriter(descriptors[column]);
            }
        }

        @Override
        public Stream<FieldMetrics<?>> metrics() {
            List<FieldMetrics<?>> metrics = new ArrayList<>();
            for (int column = 0; column < descriptors.length; column++) {
                FieldMetrics<?> tracked = floatMetrics[column] != null ? floatMetrics[column].build()
                        : doubleMetrics[column] != null ? doubleMetrics[column].build() : null;
                if (tracked == null) {
                    continue;
                }
                if (optional[column]) {
                    tracked = withNulls(tracked, nullCounts[column]);
                }
                metrics.add(tracked);
            }
            return metrics.stream();
        }

        private static <T> FieldMetrics<T> withNulls(FieldMetrics<T> metrics, long nulls) {
            return new FieldMetrics<>(metrics.id(), metrics.valueCount() + nulls, nulls, metrics.nanValueCount(),
                    metrics.lowerBound(), metrics.upperBound(), metrics.originalType(), metrics.avgValueSizeInBytes());
        }
    }
}
