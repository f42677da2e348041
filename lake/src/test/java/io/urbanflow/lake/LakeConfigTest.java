package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void a_local_lake_has_the_defaults_and_no_object_store_properties() {
        LakeConfig config = LakeConfig.from(Settings.empty(), dataDir);

        assertThat(config.catalogUrl()).isEqualTo("jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("catalog.db"));
        assertThat(config.warehouse()).isEqualTo(dataDir.toAbsolutePath().normalize().resolve("warehouse").toString());
        assertThat(config.isObjectStore()).isFalse();
        assertThat(config.isPostgres()).isFalse();
        assertThat(config.catalogProperties()).isEmpty();
    }

    @Test
    void every_s3_key_maps_to_its_s3fileio_property() {
        Map<String, String> values = new HashMap<>();
        values.put(LakeConfig.WAREHOUSE, "s3://bucket/lake");
        values.put(LakeConfig.S3_ENDPOINT, "http://127.0.0.1:9000");
        values.put(LakeConfig.S3_REGION, "eu-west-1");
        values.put(LakeConfig.S3_PATH_STYLE_ACCESS, "TRUE");
        values.put(LakeConfig.S3_ACCESS_KEY_ID, "id");
        values.put(LakeConfig.S3_SECRET_ACCESS_KEY, "secret");
        values.put(LakeConfig.CACHE_DIR, "/tmp/cache");
        values.put(LakeConfig.CACHE_MAX_MB, "10");

        LakeConfig config = LakeConfig.from(Settings.of(values), dataDir);

        assertThat(config.isObjectStore()).isTrue();
        assertThat(config.catalogProperties()).containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("client.region", "eu-west-1").containsEntry("s3.path-style-access", "true")
                .containsEntry("s3.access-key-id", "id").containsEntry("s3.secret-access-key", "secret")
                .containsEntry("http-client.type", "urlconnection").containsEntry("urbanflow.cache-dir", "/tmp/cache")
                .containsEntry("urbanflow.cache-max-bytes", Long.toString(10L * 1024 * 1024));
        assertThat(config.toString()).doesNotContain("secret\"").doesNotContain("=secret");
    }

    @Test
    void an_endpoint_without_a_region_signs_for_us_east_1_and_the_cache_defaults_to_the_data_dir() {
        LakeConfig config = LakeConfig.from(Settings.of(Map.of(LakeConfig.WAREHOUSE, "s3a://bucket/lake",
                LakeConfig.S3_ENDPOINT, "http://127.0.0.1:9000")), dataDir);

        assertThat(config.catalogProperties()).containsEntry("client.region", LakeConfig.DEFAULT_S3_REGION)
                .containsEntry("s3.path-style-access", "false")
                .containsEntry("urbanflow.cache-dir", dataDir.toAbsolutePath().normalize().resolve("cache").toString())
                .doesNotContainKey("s3.access-key-id");
    }

    @Test
    void credentials_files_are_read_and_explicit_keys_win_over_them() throws IOException {
        Path database = Files.writeString(dataDir.resolve("pg.properties"), "user=from-file\npassword=file-password\n");
        Path store = Files.writeString(dataDir.resolve("s3.properties"), "access-key-id=file-id\nsecret-access-key=file-secret\n");
        Map<String, String> values = new HashMap<>();
        values.put(LakeConfig.CATALOG_URL, "jdbc:postgresql://127.0.0.1:5555/lake");
        values.put(LakeConfig.JDBC_CREDENTIALS_FILE, database.toString());
        values.put(LakeConfig.JDBC_USER, "explicit");
        values.put(LakeConfig.WAREHOUSE, "s3://bucket/lake");
        values.put(LakeConfig.S3_CREDENTIALS_FILE, store.toString());

        LakeConfig config = LakeConfig.from(Settings.of(values), dataDir);

        assertThat(config.isPostgres()).isTrue();
        assertThat(config.catalogProperties()).containsEntry("jdbc.user", "explicit").containsEntry("jdbc.password", "file-password")
                .containsEntry("s3.access-key-id", "file-id").containsEntry("s3.secret-access-key", "file-secret");
    }

    @Test
    void a_missing_credentials_file_or_half_a_key_pair_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> LakeConfig.from(Settings.of(Map.of(LakeConfig.JDBC_CREDENTIALS_FILE,
                dataDir.resolve("absent.properties").toString())), dataDir))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining(LakeConfig.JDBC_CREDENTIALS_FILE);
        assertThatThrownBy(() -> LakeConfig.from(Settings.of(Map.of(LakeConfig.WAREHOUSE, "s3://bucket/lake",
                LakeConfig.S3_ACCESS_KEY_ID, "only-the-id")), dataDir))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining(LakeConfig.S3_SECRET_ACCESS_KEY);
    }

    @Test
    void the_sqlite_file_is_the_path_of_a_sqlite_url_and_nothing_for_other_catalogs() {
        assertThat(new LakeConfig("jdbc:sqlite:/data/catalog.db", "/data/warehouse", Map.of()).sqliteFile()).contains(Path.of("/data/catalog.db"));
        assertThat(new LakeConfig("jdbc:sqlite:/data/catalog.db?journal_mode=WAL", "/w", Map.of()).sqliteFile()).contains(Path.of("/data/catalog.db"));
        assertThat(new LakeConfig("jdbc:sqlite::memory:", "/w", Map.of()).sqliteFile()).isEmpty();
        assertThat(new LakeConfig("jdbc:sqlite:file:/data/catalog.db", "/w", Map.of()).sqliteFile()).isEmpty();
        assertThat(new LakeConfig("jdbc:postgresql://127.0.0.1:5433/lake", "/w", Map.of()).sqliteFile()).isEmpty();
    }
}
