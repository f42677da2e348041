package io.urbanflow.pipeline;

import io.urbanflow.lake.FileSync;
import io.urbanflow.lake.LocalCopies;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;

/**
 * Writes the rows of a DuckDB query as Parquet data files of an Iceberg table: DuckDB's {@code COPY} does the
 * columnar encoding on all cores, with the table's field ids, one directory per partition; the files' metrics are
 * then read back from their footers. Local files are synced to disk as the lake's durability asks ({@link FileSync});
 * for a table in an object store the files are written to a local staging folder and uploaded through the lake's
 * FileIO (and kept as cached copies). Nothing is committed: the caller adds the returned files in one commit.
 *
 * <p>Supported partition specs: unpartitioned, or one {@code day} transform of a timestamp column.
 */
public final class ParquetTableWriter {
    private ParquetTableWriter() {
    }

    /**
     * @param selectSql a query whose columns include every column of the table's schema, by name
     * @return the data files written, none for an empty result
     */
    public static List<DataFile> write(Connection duckdb, Table table, String selectSql) {
        Schema schema = table.schema();
        PartitionSpec spec = table.spec();
        String run = "run-" + UUID.randomUUID();
        // DuckDB writes local files only: for an object store they are written to a staging folder, then uploaded
        Path directory = LocalCopies.stagingDirectory(table.location()).resolve(run);
        String locationPrefix = table.location().replaceAll("/+$", "") + "/data/" + run + "/";
        StringJoiner projection = new StringJoiner(", ");
        StringJoiner fieldIds = new StringJoiner(", ", "{", "}");
        for (Types.NestedField field : schema.columns()) {
            String column = SqlText.quoteIdentifier(field.name());
            projection.add("CAST(" + column + " AS " + SqlText.duckDbType(field.type()) + ") AS " + column);
            fieldIds.add(column + ": " + field.fieldId());
        }
        String partitionColumn = null;
        if (spec.isPartitioned()) {
            PartitionField partition = onlyDayPartition(spec, schema);
            partitionColumn = partition.name();
            String source = SqlText.quoteIdentifier(schema.findColumnName(partition.sourceId()));
            projection.add("CAST(floor(epoch_us(" + source + ") / " + MicrosRange.MICROS_PER_DAY + ") AS INTEGER) AS " + SqlText.quoteIdentifier(partitionColumn));
        }
        String copy;
        if (partitionColumn == null) {
            copy = "COPY (SELECT " + projection + " FROM (" + selectSql + ")) TO "
                    + SqlText.quoteString(directory.resolve("part-" + UUID.randomUUID() + ".parquet").toString())
                    + " (FORMAT parquet, FIELD_IDS " + fieldIds + ")";
        } else {
            copy = "COPY (SELECT " + projection + " FROM (" + selectSql + ")) TO " + SqlText.quoteString(directory.toString())
                    + " (FORMAT parquet, PARTITION_BY (" + SqlText.quoteIdentifier(partitionColumn) + "), FIELD_IDS " + fieldIds
                    + ", FILENAME_PATTERN 'part-{uuid}')";
        }
        try {
            Files.createDirectories(directory);
            try (Statement statement = duckdb.createStatement()) {
                statement.execute(copy);
            }
            List<DataFile> files = dataFiles(table, directory, locationPrefix, partitionColumn);
            if (!LocalCopies.isLocal(table.location())) {
                deleteQuietly(directory); // what was not uploaded: the empty files and folders
            }
            return files;
        } catch (SQLException e) {
            deleteQuietly(directory);
            throw new UrbanFlowException("Cannot write data files of " + table.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(directory);
            throw new UncheckedIOException(e);
        }
    }

    private static PartitionField onlyDayPartition(PartitionSpec spec, Schema schema) {
        if (spec.fields().size() != 1 || !spec.fields().get(0).transform().toString().equals("day")
                || schema.findType(spec.fields().get(0).sourceId()).typeId() != org.apache.iceberg.types.Type.TypeID.TIMESTAMP) {
            throw new IllegalArgumentException("Cannot write " + spec + ": only unpartitioned tables or day(timestamp) are supported");
        }
        return spec.fields().get(0);
    }

    private static List<DataFile> dataFiles(Table table, Path directory, String locationPrefix, String partitionColumn) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(path -> path.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        MetricsConfig metricsConfig = MetricsConfig.forTable(table);
        List<DataFile> dataFiles = new ArrayList<>();
        boolean local = LocalCopies.isLocal(table.location());
        List<String> uploaded = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (Path file : files) {
            InputFile input = org.apache.iceberg.Files.localInput(file.toFile());
            Metrics metrics = ParquetUtil.fileMetrics(input, metricsConfig);
            if (metrics.recordCount() == 0) {
                Files.delete(file);
                continue;
            }
            long size = Files.size(file);
            String location = file.toString();
            if (!local) {
                location = locationPrefix + directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                try {
                    LocalCopies.upload(file, location);
                } catch (RuntimeException e) {
                    uploaded.forEach(LocalCopies::deleteQuietly);
                    throw e;
                }
                uploaded.add(location);
            } else {
                kept.add(file);
            }
            DataFiles.Builder builder = DataFiles.builder(table.spec())
                    .withPath(location)
                    .withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(size)
                    .withMetrics(metrics);
            if (partitionColumn != null) {
                String directoryName = file.getParent().getFileName().toString();
                PartitionData partition = new PartitionData(table.spec().partitionType());
                partition.set(0, Integer.parseInt(directoryName.substring(directoryName.indexOf('=') + 1)));
                builder.withPartition(partition);
            }
            dataFiles.add(builder.build());
        }
        // DuckDB does not fsync what COPY writes: on disk, under their names, before a commit references them
        FileSync.sync(table, kept);
        return dataFiles;
    }

    /** Removes files written for a commit that did not happen. */
    public static void deleteQuietly(List<DataFile> files) {
        for (DataFile file : files) {
            LocalCopies.deleteQuietly(file.location()); // an orphan file is harmless: no snapshot references it
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: orphans are harmless
        }
    }
}
