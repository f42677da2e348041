package io.urbanflow.pipeline;

import io.urbanflow.model.GpsPoint;
import io.urbanflow.pipeline.internal.ParquetTableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A temp-dir lake for pipeline tests: an Iceberg JdbcCatalog on SQLite, {@code raw.gps_points} with the lake
 * module's schema, written the way ingest writes it (one append commit per batch, one file per day), and DuckDB.
 */
final class TestLake implements AutoCloseable {
    static final Schema RAW_SCHEMA = new Schema(
            Types.NestedField.required(1, "vehicle_id", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "lat", Types.DoubleType.get()),
            Types.NestedField.required(4, "lon", Types.DoubleType.get()),
            Types.NestedField.optional(5, "occupancy", Types.IntegerType.get()),
            Types.NestedField.optional(6, "source", Types.StringType.get()),
            Types.NestedField.required(7, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(8, "kafka_offset", Types.LongType.get()),
            Types.NestedField.required(9, "ingested_at", Types.TimestampType.withZone()));
    static final PartitionSpec RAW_SPEC = PartitionSpec.builderFor(RAW_SCHEMA).day("ts").build();

    final JdbcCatalog catalog;
    final DuckDBConnection duckdb;
    final ModelContext context;
    private long nextOffset;

    private TestLake(JdbcCatalog catalog, DuckDBConnection duckdb, PipelineConfig config) {
        this.catalog = catalog;
        this.duckdb = duckdb;
        this.context = new ModelContext(catalog, duckdb, config, Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static TestLake create(Path dir) {
        return create(dir, PipelineConfig.defaults());
    }

    static TestLake create(Path dir, PipelineConfig config) {
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("urbanflow", Map.of(
                CatalogProperties.URI, "jdbc:sqlite:" + dir.resolve("catalog.db"),
                CatalogProperties.WAREHOUSE_LOCATION, dir.resolve("warehouse").toString(),
                "jdbc.schema-version", "V1"));
        try {
            return new TestLake(catalog, (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"), config);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    ModelContext context(PipelineConfig config) {
        return new ModelContext(catalog, duckdb, config, context.clock());
    }

    Table raw() {
        return context.createIfMissing(PipelineTables.RAW_GPS_POINTS, RAW_SCHEMA, RAW_SPEC);
    }

    /** Appends the points in one commit, with consecutive Kafka offsets on partition 0. */
    void appendRaw(List<GpsPoint> points) {
        Table raw = raw();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE test_raw (vehicle_id VARCHAR, ts TIMESTAMPTZ, lat DOUBLE, lon DOUBLE,"
                    + " occupancy INTEGER, source VARCHAR, kafka_partition INTEGER, kafka_offset BIGINT, ingested_at TIMESTAMPTZ)");
            try (DuckDBAppender appender = duckdb.createAppender("temp", "main", "test_raw")) {
                for (GpsPoint point : points) {
                    appender.beginRow().append(point.vehicleId()).appendEpochMicros(point.epochMicros()).append(point.latitude())
                            .append(point.longitude()).append(point.occupancy()).append(point.source()).append(0)
                            .append(nextOffset++).appendEpochMicros(1_700_000_000_000_000L).endRow();
                }
            }
            List<DataFile> files = ParquetTableWriter.write(duckdb, raw, "SELECT * FROM test_raw");
            AppendFiles append = raw.newAppend();
            files.forEach(append::appendFile);
            append.commit();
            statement.execute("DROP TABLE test_raw");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query and returns its rows as lists of strings (DuckDB's text of each value). */
    List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); var result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** A DuckDB relation over the current snapshot of a pipeline-written table. */
    String scan(String tableName) {
        Table table = catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(tableName));
        long snapshot = table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId();
        return io.urbanflow.pipeline.internal.SqlText.scan(table.schema(),
                io.urbanflow.pipeline.internal.RangeReplacement.filePaths(table, snapshot, table.schema().columns().get(1).name(), java.util.Optional.empty()));
    }

    private static final DateTimeFormatter CRAWDAD_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH", "Z")
            .toFormatter();

    /** The CRAWDAD Rome sample: {@code id;2014-02-01 00:00:00.739166+01;POINT(lat lon)}. */
    static List<GpsPoint> romeCrawdad(Path file) {
        List<GpsPoint> points = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file)) {
            lines.forEach(line -> {
                String[] fields = line.split(";");
                String[] position = fields[2].substring(fields[2].indexOf('(') + 1, fields[2].indexOf(')')).trim().split("\\s+");
                Instant instant = java.time.OffsetDateTime.parse(fields[1], CRAWDAD_TIME).toInstant();
                points.add(GpsPoint.of(fields[0], instant, Double.parseDouble(position[0]), Double.parseDouble(position[1]), "rome-crawdad"));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }

    /** The San Francisco cabspotting sample: one file per cab, {@code lat lon occupancy unix_seconds}. */
    static List<GpsPoint> sfCabspotting(Path directory) {
        List<GpsPoint> points = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String cab = file.getFileName().toString().replaceFirst("^new_", "").replaceFirst("\\.txt$", "");
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.trim().split("\\s+");
                    points.add(new GpsPoint(cab, Long.parseLong(fields[3]) * 1_000_000L, Double.parseDouble(fields[0]),
                            Double.parseDouble(fields[1]), Integer.parseInt(fields[2]), "sf-cabspotting"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }

    @Override
    public void close() throws Exception {
        duckdb.close();
        catalog.close();
    }
}
