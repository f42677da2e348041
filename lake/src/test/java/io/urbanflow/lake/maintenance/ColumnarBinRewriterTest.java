package io.urbanflow.lake.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.RawTable;
import io.urbanflow.lake.TableWrites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnarBinRewriterTest {
    /** Every type the column copy takes, required and optional, with nulls, NaNs and multi-byte strings. */
    static final Schema ALL_TYPES = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "name", Types.StringType.get()),
            Types.NestedField.required(4, "count", Types.IntegerType.get()),
            Types.NestedField.optional(5, "maybe_count", Types.IntegerType.get()),
            Types.NestedField.optional(6, "maybe_long", Types.LongType.get()),
            Types.NestedField.required(7, "value", Types.DoubleType.get()),
            Types.NestedField.optional(8, "maybe_value", Types.DoubleType.get()),
            Types.NestedField.optional(9, "ratio", Types.FloatType.get()),
            Types.NestedField.optional(10, "flag", Types.BooleanType.get()),
            Types.NestedField.optional(11, "day", Types.DateType.get()),
            Types.NestedField.optional(12, "time", Types.TimeType.get()),
            Types.NestedField.optional(13, "local", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(14, "small_decimal", Types.DecimalType.of(9, 2)),
            Types.NestedField.optional(15, "decimal", Types.DecimalType.of(18, 4)),
            Types.NestedField.optional(16, "big_decimal", Types.DecimalType.of(38, 10)),
            Types.NestedField.optional(17, "uuid", Types.UUIDType.get()),
            Types.NestedField.optional(18, "fixed", Types.FixedType.ofLength(3)),
            Types.NestedField.optional(19, "bytes", Types.BinaryType.get()));
    static final Instant START = Instant.parse("2014-02-01T00:00:00Z");

    @TempDir
    Path dataDir;
    Lake lake;
    ExecutorService readers = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        lake = Lake.open(LakeConfig.defaults(dataDir));
    }

    @AfterEach
    void close() {
        readers.shutdownNow();
        lake.close();
    }

    @Test
    void column_copy_writes_the_same_file_as_the_record_rewrite_for_every_type() throws IOException {
        Table table = table("raw.all_types", Map.of());
        for (int file = 0; file < 6; file++) {
            append(table, rows(file * 300L, 300));
        }
        assertSameFileByBothRewrites(table);
    }

    @Test
    void column_copy_reads_many_pages_dictionaries_that_fall_back_and_many_row_groups() throws IOException {
        // small pages, a small dictionary that overflows mid-chunk, and row groups of a few hundred rows
        Table table = table("raw.small_pages", Map.of(
                TableProperties.PARQUET_PAGE_ROW_LIMIT, "50",
                TableProperties.PARQUET_DICT_SIZE_BYTES, "512",
                TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "16384",
                TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "10",
                TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "50"));
        for (int file = 0; file < 4; file++) {
            append(table, rows(file * 2_000L, 2_000));
        }
        assertThat(dataFiles(table)).allSatisfy(file -> assertThat(file.splitOffsets()).hasSizeGreaterThan(1));
        DataFile copied = assertSameFileByBothRewrites(table);
        assertThat(copied.splitOffsets()).hasSizeGreaterThan(1);
    }

    @Test
    void column_copy_reads_version_2_data_pages_and_their_delta_encodings() throws IOException {
        Table table = table("raw.page_v2", Map.of(TableProperties.PARQUET_PAGE_VERSION, "v2",
                TableProperties.PARQUET_PAGE_ROW_LIMIT, "100"));
        for (int file = 0; file < 3; file++) {
            append(table, rows(file * 500L, 500));
        }
        assertSameFileByBothRewrites(table);
        List<String> before = contents(table);

        String note = compact(table);

        assertThat(contents(table)).isEqualTo(before);
        assertThat(note).contains("bins by columns 1, by records 0");
        assertThat(dataFiles(table)).hasSize(1);
    }

    @Test
    void files_of_an_older_schema_are_compacted_record_by_record_and_a_renamed_column_still_by_columns() {
        Table table = table("raw.evolving", Map.of());
        append(table, rows(0, 100));
        append(table, rows(100, 100));
        table.updateSchema().renameColumn("name", "label").commit();
        append(table, rows(200, 100));
        List<String> renamed = contents(table);

        String copied = compact(table);

        assertThat(contents(table)).isEqualTo(renamed);
        assertThat(copied).contains("bins by columns 1, by records 0");

        table.updateSchema().addColumn("note", Types.StringType.get()).commit();
        Schema withNote = table.schema();
        List<Record> noted = new ArrayList<>();
        for (Record row : rows(300, 100)) {
            GenericRecord record = GenericRecord.create(withNote);
            for (Types.NestedField field : ALL_TYPES.columns()) {
                record.setField(withNote.findField(field.fieldId()).name(), row.getField(field.name()));
            }
            record.setField("note", "added later");
            noted.add(record);
        }
        append(table, noted);
        append(table, noted);
        List<String> evolved = contents(table);

        String projected = compact(table);

        assertThat(contents(table)).isEqualTo(evolved);
        assertThat(projected).contains("bins by columns 0, by records 1");
        assertThat(dataFiles(table)).hasSize(1);
    }

    @Test
    void a_table_with_nested_columns_is_compacted_record_by_record() {
        Schema nested = new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())));
        Table table = lake.create(RawTable.of("raw.nested", nested, PartitionSpec.unpartitioned()));
        for (int file = 0; file < 3; file++) {
            List<Record> rows = new ArrayList<>();
            for (int index = 0; index < 10; index++) {
                GenericRecord record = GenericRecord.create(nested);
                record.setField("id", file * 10L + index);
                record.setField("tags", index % 3 == 0 ? null : List.of("a" + index, "b"));
                rows.add(record);
            }
            append(table, rows);
        }
        List<String> before = contents(table);

        String note = compact(table);

        assertThat(contents(table)).isEqualTo(before);
        assertThat(note).contains("bins by columns 0, by records 1");
        assertThatThrownBy(() -> new ColumnarBinRewriter(table, readers))
                .isInstanceOf(ColumnarBinRewriter.IncompatibleLayoutException.class)
                .hasMessageContaining("not a flat table");
    }

    @Test
    void bins_copied_at_once_on_several_threads_each_keep_their_rows_in_order() throws Exception {
        Table table = table("raw.many_days", Map.of());
        for (int file = 0; file < 6; file++) {
            for (int day = 0; day < 4; day++) {
                append(table, rows(day * 86_400L + file * 2_000L, 2_000));
            }
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Compaction.Bin> bins = new ArrayList<>();
            new Compaction(table, MaintenanceConfig.defaults(), writers, readers).plan().groups().forEach(group -> bins.addAll(group.bins()));
            assertThat(bins).hasSize(4);
            List<java.util.concurrent.Future<DataFile>> copies = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Compaction.Bin bin : bins) {
                    copies.add(writers.submit(() -> new ColumnarBinRewriter(table, readers).rewrite(bin.files(), bin.spec(), bin.partition(), bin.rows())));
                }
            }
            List<List<String>> expected = new ArrayList<>();
            for (Compaction.Bin bin : bins) {
                List<String> rows = new ArrayList<>();
                bin.files().forEach(file -> rows.addAll(rowsInFileOrder(table, file)));
                expected.add(rows);
            }
            for (int index = 0; index < copies.size(); index++) {
                assertThat(rowsInFileOrder(table, copies.get(index).get())).isEqualTo(expected.get(index % bins.size()));
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void a_failed_copy_leaves_no_file_behind() throws IOException {
        Table table = table("raw.failing", Map.of());
        append(table, rows(0, 100));
        append(table, rows(100, 100));
        Compaction.Bin bin = onlyBin(table);
        long filesBefore = dataFilesOnDisk(table);

        assertThatThrownBy(() -> new ColumnarBinRewriter(table, readers).rewrite(bin.files(), bin.spec(), bin.partition(), bin.rows() + 1))
                .hasMessageContaining("read 200 rows from 2 files whose metadata counts 201");

        assertThat(dataFilesOnDisk(table)).isEqualTo(filesBefore);
    }

    // helpers

    /** Rewrites the table's only bin both ways and checks the files are the same, byte for byte. */
    private DataFile assertSameFileByBothRewrites(Table table) throws IOException {
        Compaction.Bin bin = onlyBin(table);
        DataFile byRecords = new BinRewriter(table, readers).rewrite(bin.files(), bin.spec(), bin.partition(), bin.rows());
        DataFile byColumns = new ColumnarBinRewriter(table, readers).rewrite(bin.files(), bin.spec(), bin.partition(), bin.rows());

        assertThat(rowsInFileOrder(table, byColumns)).isEqualTo(rowsInFileOrder(table, byRecords)).hasSize((int) bin.rows());
        assertThat(byColumns.recordCount()).isEqualTo(bin.rows());
        assertThat(byColumns.valueCounts()).isEqualTo(byRecords.valueCounts());
        assertThat(byColumns.nullValueCounts()).isEqualTo(byRecords.nullValueCounts());
        assertThat(byColumns.nanValueCounts()).isEqualTo(byRecords.nanValueCounts()).isNotEmpty();
        assertThat(byColumns.lowerBounds()).isEqualTo(byRecords.lowerBounds());
        assertThat(byColumns.upperBounds()).isEqualTo(byRecords.upperBounds());
        assertThat(byColumns.columnSizes()).isEqualTo(byRecords.columnSizes());
        assertThat(byColumns.splitOffsets()).isEqualTo(byRecords.splitOffsets());
        assertThat(byColumns.sortOrderId()).isEqualTo(byRecords.sortOrderId());
        assertThat(byColumns.partition()).isEqualTo(byRecords.partition());
        assertThat(byColumns.fileSizeInBytes()).isEqualTo(byRecords.fileSizeInBytes());
        assertThat(Files.readAllBytes(Path.of(byColumns.location()))).isEqualTo(Files.readAllBytes(Path.of(byRecords.location())));
        return byColumns;
    }

    private Table table(String name, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(RawTable.PROPERTIES);
        all.putAll(properties);
        return lake.create(new RawTable(name, ALL_TYPES, PartitionSpec.builderFor(ALL_TYPES).day("ts").build(), all));
    }

    private Compaction.Bin onlyBin(Table table) {
        ExecutorService writers = Executors.newSingleThreadExecutor();
        try {
            Compaction.Plan plan = new Compaction(table, MaintenanceConfig.defaults(), writers, readers).plan();
            assertThat(plan.bins()).isEqualTo(1);
            return plan.groups().get(0).bins().get(0);
        } finally {
            writers.shutdownNow();
        }
    }

    private String compact(Table table) {
        StringWriter progress = new StringWriter();
        MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable(table.name()
                .substring(table.name().indexOf('.') + 1)).withSteps(MaintenanceStep.COMPACT),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)), new PrintWriter(progress));
        table.refresh();
        return report.steps().get(0).outcome().note();
    }

    private static void append(Table table, List<Record> rows) {
        List<DataFile> files = TableWrites.write(table, rows);
        AppendFiles append = table.newFastAppend();
        files.forEach(append::appendFile);
        append.commit();
    }

    private static List<DataFile> dataFiles(Table table) {
        return MaintenanceTest.dataFiles(table);
    }

    private static long dataFilesOnDisk(Table table) throws IOException {
        try (var paths = Files.walk(Path.of(table.location(), "data"))) {
            return paths.filter(Files::isRegularFile).count();
        }
    }

    /** {@code count} rows from {@code first}, one a second from {@link #START}, every column exercised. */
    static List<Record> rows(long first, int count) {
        List<Record> rows = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            GenericRecord record = GenericRecord.create(ALL_TYPES);
            boolean gap = id % 7 == 3;
            record.setField("id", id);
            record.setField("ts", OffsetDateTime.ofInstant(START.plusSeconds(id), ZoneOffset.UTC));
            record.setField("name", gap ? null : "vehicle-" + (id % 40) + (id % 5 == 0 ? "-ü€" : ""));
            record.setField("count", (int) (id % 11) - 5);
            record.setField("maybe_count", gap ? null : (int) id * 3);
            record.setField("maybe_long", id % 4 == 1 ? null : id * 1_000_003L);
            record.setField("value", id % 13 == 0 ? Double.NaN : 41.9 + id * 1e-5);
            record.setField("maybe_value", gap ? null : id % 9 == 0 ? Double.NaN : -12.5 - id * 1e-4);
            record.setField("ratio", gap ? null : id % 10 == 0 ? Float.NaN : id / 7f);
            record.setField("flag", gap ? null : id % 2 == 0);
            record.setField("day", gap ? null : LocalDate.of(2014, 2, 1).plusDays(id % 30));
            record.setField("time", gap ? null : LocalTime.ofSecondOfDay(id % 86_400));
            record.setField("local", gap ? null : LocalDateTime.of(2014, 2, 1, 0, 0).plusSeconds(id * 17));
            record.setField("small_decimal", gap ? null : BigDecimal.valueOf(id * 7 - 500, 2));
            record.setField("decimal", gap ? null : BigDecimal.valueOf(id * 1_000_003L, 4));
            record.setField("big_decimal", gap ? null : new BigDecimal("12345678901234567890.0123456789").add(BigDecimal.valueOf(id, 10)));
            record.setField("uuid", gap ? null : new UUID(id, -id));
            record.setField("fixed", gap ? null : new byte[] {(byte) id, (byte) (id >> 8), 7});
            record.setField("bytes", gap ? null : ByteBuffer.wrap(("b" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            rows.add(record);
        }
        return rows;
    }

    private static List<String> rowsInFileOrder(Table table, DataFile file) {
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location())).project(table.schema())
                .createReaderFunc(schema -> GenericParquetReaders.buildReader(table.schema(), schema)).build()) {
            return text(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of the table as text, sorted. */
    private static List<String> contents(Table table) {
        table.refresh();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            List<String> rows = text(records);
            Collections.sort(rows);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows as text, bytes in hex, in the order read. */
    private static List<String> text(Iterable<Record> records) {
        List<String> rows = new ArrayList<>();
        for (Record record : records) {
            StringBuilder row = new StringBuilder();
            for (int index = 0; index < record.size(); index++) {
                Object value = record.get(index);
                row.append(value instanceof ByteBuffer buffer ? HexFormat.of().formatHex(buffer.array(),
                        buffer.arrayOffset() + buffer.position(), buffer.arrayOffset() + buffer.limit())
                        : value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value)).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }
}
