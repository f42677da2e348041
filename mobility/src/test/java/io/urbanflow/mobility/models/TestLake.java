package io.urbanflow.mobility.models;

import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.duckdb.DuckDBConnection;

/**
 * A temp-dir lake for pipeline tests: the real {@link Lake} (JdbcCatalog on SQLite), {@code raw.gps_points} written
 * with the lake's {@link TableWrites} (one append commit per batch), and the query engine's trusted DuckDB connection.
 */
final class TestLake implements AutoCloseable {
    final Lake lake;
    final DuckDbQueryEngine engine;
    final Catalog catalog;
    final DuckDBConnection duckdb;
    final ModelContext context;
    private long nextOffset;

    private TestLake(Lake lake, DuckDbQueryEngine engine, MobilityConfig config) throws SQLException {
        this.lake = lake;
        this.engine = engine;
        this.catalog = lake.catalog();
        this.duckdb = engine.trustedConnection().unwrap(DuckDBConnection.class);
        this.context = ModelContext.of(lake, duckdb, config.asSettings(), Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static TestLake create(Path dir) {
        return create(dir, MobilityConfig.defaults());
    }

    static TestLake create(Path dir, MobilityConfig config) {
        Lake lake = Lake.open(LakeConfig.defaults(dir));
        lake.create(MobilityTables.GPS_POINTS);
        lake.create(MobilityTables.GPS_POINTS_REJECTED);
        try {
            return new TestLake(lake, DuckDbQueryEngine.open(lake), config);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    ModelContext context(MobilityConfig config) {
        return new ModelContext(catalog, duckdb, config.asSettings(), context.clock());
    }

    Table raw() {
        return lake.table(MobilityTables.RAW_GPS_POINTS);
    }

    /** Appends the points in one commit with {@link TableWrites}, as ingest would: consecutive Kafka offsets on partition 0. */
    void appendRaw(List<GpsPoint> points) {
        Table raw = raw();
        List<Record> records = new ArrayList<>(points.size());
        OffsetDateTime ingestedAt = OffsetDateTime.parse("2024-01-01T00:00:00Z");
        for (GpsPoint point : points) {
            GenericRecord record = GenericRecord.create(raw.schema());
            record.setField("vehicle_id", point.vehicleId());
            record.setField("ts", point.instant().atOffset(ZoneOffset.UTC));
            record.setField("lat", point.latitude());
            record.setField("lon", point.longitude());
            record.setField("occupancy", point.occupancy());
            record.setField("source", point.source());
            record.setField("kafka_partition", 0);
            record.setField("kafka_offset", nextOffset++);
            record.setField("ingested_at", ingestedAt);
            records.add(record);
        }
        TableWrites.append(raw, records);
    }

    /** Runs a query on the trusted connection, where the query engine's views show every table at its current snapshot. */
    List<List<String>> rows(String sql) {
        engine.refreshViews();
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

    /** The latitude and longitude of a vehicle's raw fix at an instant. */
    List<Double> rowsOf(String vehicle, long epochMicros) {
        List<String> row = rows("SELECT lat, lon FROM raw.gps_points WHERE vehicle_id = '" + vehicle + "' AND epoch_us(ts) = " + epochMicros
                + " ORDER BY kafka_offset LIMIT 1").get(0);
        return List.of(Double.parseDouble(row.get(0)), Double.parseDouble(row.get(1)));
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
        engine.close();
        lake.close();
    }
}
