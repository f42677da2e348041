package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.durability}: with {@code power-loss} (the default) every file a commit references is fsynced before the
 * commit and the SQLite catalog commits with {@code synchronous=FULL}; with {@code process-crash} neither.
 */
class DurabilityTest {
    @TempDir
    Path dataDir;

    @Test
    void the_default_survives_power_loss_and_the_setting_reads_both_values() {
        assertThat(LakeConfig.defaults(dataDir).durability()).isEqualTo(Durability.POWER_LOSS);
        assertThat(LakeConfig.from(Settings.empty(), dataDir).durability()).isEqualTo(Durability.POWER_LOSS);
        assertThat(LakeConfig.from(Settings.of(Map.of("lake.durability", "process-crash")), dataDir).durability())
                .isEqualTo(Durability.PROCESS_CRASH);
        assertThatThrownBy(() -> LakeConfig.from(Settings.of(Map.of("lake.durability", "sometimes")), dataDir))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting lake.durability='sometimes': expected power-loss or process-crash");
    }

    @Test
    void the_sqlite_catalog_connection_commits_with_synchronous_full_in_wal_mode_and_normal_without_power_loss_durability()
            throws Exception {
        for (Durability durability : Durability.values()) {
            LakeConfig config = LakeConfig.defaults(dataDir.resolve(durability.key())).withDurability(durability);
            try (Lake lake = Lake.open(config)) {
                lake.createIfMissing("raw.things", LakeTest.THINGS, org.apache.iceberg.PartitionSpec.unpartitioned());
                // the catalog's own connections use the write-ahead log: its file exists beside the database
                assertThat(dataDir.resolve(durability.key()).resolve("catalog.db-wal")).exists();
            }
            // a connection opened as Iceberg's pool opens them: the catalog properties with "jdbc." stripped
            Properties properties = new Properties();
            Lake.catalogProperties(config).forEach((key, value) -> {
                if (key.startsWith("jdbc.")) {
                    properties.put(key.substring("jdbc.".length()), value);
                }
            });
            try (Connection connection = DriverManager.getConnection(config.catalogUrl(), properties);
                    Statement statement = connection.createStatement()) {
                assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(statement, "synchronous")).isEqualTo(durability == Durability.POWER_LOSS ? "2" : "1"); // FULL, NORMAL
            }
        }
    }

    @Test
    void a_commit_fsyncs_its_data_and_metadata_files_before_it_and_none_without_power_loss_durability() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.createIfMissing("raw.things", LakeTest.THINGS, org.apache.iceberg.PartitionSpec.unpartitioned());
            assertThat(FileSync.enabled(table)).isTrue();
            long before = FileSync.count();
            TableWrites.append(table, List.of(LakeTest.thing(1, "a"), LakeTest.thing(2, "b")));
            // a data file, a manifest, a manifest list, the table metadata, and their two directories' entries
            assertThat(FileSync.count() - before).isGreaterThanOrEqualTo(6);
        }
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir.resolve("fast")).withDurability(Durability.PROCESS_CRASH))) {
            Table table = lake.createIfMissing("raw.things", LakeTest.THINGS, org.apache.iceberg.PartitionSpec.unpartitioned());
            assertThat(FileSync.enabled(table)).isFalse();
            long before = FileSync.count();
            TableWrites.append(table, List.of(LakeTest.thing(1, "a")));
            assertThat(FileSync.count()).isEqualTo(before);
            assertThat(Files.list(dataDir.resolve("fast").resolve("warehouse").resolve("raw").resolve("things").resolve("data"))).isNotEmpty();
        }
    }

    private static String pragma(Statement statement, String name) throws Exception {
        try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
