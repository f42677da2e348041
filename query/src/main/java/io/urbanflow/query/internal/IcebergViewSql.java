package io.urbanflow.query.internal;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The DuckDB SELECT that reads one Iceberg table at one snapshot: the snapshot's data files are planned from Iceberg
 * metadata and read with {@code read_parquet}, columns matched by Iceberg field id, as Iceberg readers do (so renamed
 * and added columns read right; a column missing from older files reads as NULL). A table with a name mapping
 * ({@code schema.name-mapping.default}: files imported without field ids) is read by column name with
 * {@code union_by_name} instead. A table without a snapshot, or without files, is a typed empty SELECT. Stateless.
 */
public final class IcebergViewSql {
    private IcebergViewSql() {
    }

    /**
     * @param name     the table's name for messages
     * @param snapshot the snapshot to read, or null for "no rows yet"
     * @param schema   the columns to show: the table's current schema for current reads, the snapshot's for time travel
     * @throws UrbanFlowException when the snapshot has delete files, non-Parquet files or files outside local storage
     */
    public static String select(String name, Table table, Snapshot snapshot, Schema schema) {
        return select(name, table, snapshot, schema, new ArrayList<>());
    }

    /** As {@link #select(String, Table, Snapshot, Schema)}, adding the paths DuckDB will read to {@code read}. */
    public static String select(String name, Table table, Snapshot snapshot, Schema schema, List<String> read) {
        List<String> files = snapshot == null ? List.of() : dataFiles(name, table, snapshot);
        read.addAll(files);
        StringJoiner columns = new StringJoiner(", ");
        if (files.isEmpty()) {
            for (Types.NestedField field : schema.columns()) {
                columns.add("CAST(NULL AS " + DuckDbTypes.of(field.type()) + ") AS " + SqlText.identifier(field.name()));
            }
            return "SELECT " + columns + " WHERE false";
        }
        StringJoiner paths = new StringJoiner(", ", "[", "]");
        files.forEach(path -> paths.add(SqlText.literal(path)));
        if (table.properties().containsKey(TableProperties.DEFAULT_NAME_MAPPING)) {
            // files imported without Iceberg field ids: match columns by name, as Iceberg's name mapping does
            for (Types.NestedField field : schema.columns()) {
                columns.add("CAST(" + SqlText.identifier(field.name()) + " AS " + DuckDbTypes.of(field.type()) + ") AS "
                        + SqlText.identifier(field.name()));
            }
            return "SELECT " + columns + " FROM read_parquet(" + paths + ", union_by_name = true)";
        }
        StringJoiner fieldIds = new StringJoiner(", ", "MAP {", "}");
        for (Types.NestedField field : schema.columns()) {
            columns.add(SqlText.identifier(field.name()));
            fieldIds.add(field.fieldId() + ": {name: " + SqlText.literal(field.name()) + ", type: "
                    + SqlText.literal(DuckDbTypes.of(field.type())) + ", default_value: NULL}");
        }
        return "SELECT " + columns + " FROM read_parquet(" + paths + ", schema = " + fieldIds + ")";
    }

    /** The schema a snapshot was written with (Iceberg's time-travel rule). */
    public static Schema schemaAt(Table table, Snapshot snapshot) {
        Integer schemaId = snapshot.schemaId();
        Schema schema = schemaId == null ? null : table.schemas().get(schemaId);
        return schema == null ? table.schema() : schema;
    }

    private static List<String> dataFiles(String name, Table table, Snapshot snapshot) {
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).ignoreResiduals().planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new UrbanFlowException("Cannot read table " + name + " at snapshot " + snapshot.snapshotId()
                            + ": it has delete files, which DuckDB here does not apply (rewrite the table's data files first)");
                }
                if (task.file().format() != FileFormat.PARQUET) {
                    throw new UrbanFlowException("Cannot read table " + name + ": data file " + task.file().location()
                            + " is " + task.file().format() + ", only Parquet is read");
                }
                files.add(readablePath(name, task.file().location(), task.file().fileSizeInBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * What DuckDB reads for a data file: a local path, an {@code s3://} URL (httpfs) or a cached local copy.
     *
     * @throws UrbanFlowException naming the table when the file cannot be cached
     */
    static String readablePath(String name, String location, long length) {
        if (io.urbanflow.lake.LocalCopies.isLocal(location)) {
            return localPath(name, location);
        }
        try {
            return io.urbanflow.query.DuckDbFiles.path(location, length);
        } catch (UrbanFlowException e) {
            throw new UrbanFlowException("Cannot read table " + name + ": " + e.getMessage(), e);
        }
    }

    /** A local path for a {@code file:} URI or a plain path. */
    public static String localPath(String name, String location) {
        if (location.startsWith("/")) {
            return location;
        }
        if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
            return Paths.get(URI.create(location)).toString();
        }
        throw new UrbanFlowException("Cannot read table " + name + ": its file " + location
                + " is not on local storage, and DuckDB here reads local files only");
    }
}
