package io.urbanflow.lake.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceConfigTest {
    @Test
    void defaults_are_the_documented_ones() {
        MaintenanceConfig defaults = MaintenanceConfig.defaults();
        assertThat(defaults.targetFileSizeBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(defaults.minInputFiles()).isEqualTo(2);
        assertThat(defaults.maxCommitBytes()).isEqualTo(4L * 1024 * 1024 * 1024);
        assertThat(defaults.maxManifests()).isEqualTo(100);
        assertThat(defaults.snapshotRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.retainLast()).isEqualTo(10);
        assertThat(defaults.orphanAge()).isEqualTo(Duration.ofDays(3));
        assertThat(defaults.rawRetentionIfSet()).isEmpty();
        assertThat(defaults.rawRetentionColumnIfSet()).isEmpty();
        assertThat(defaults.parallelism()).isEqualTo(2);
        assertThat(defaults.smallFileBytes()).isEqualTo(96L * 1024 * 1024);
        assertThat(MaintenanceConfig.from(Settings.empty())).isEqualTo(defaults);
    }

    @Test
    void every_key_maps_onto_its_field() {
        MaintenanceConfig config = MaintenanceConfig.from(Settings.of(Map.of(
                MaintenanceConfig.TARGET_FILE_SIZE, "64MB",
                MaintenanceConfig.MIN_INPUT_FILES, "5",
                MaintenanceConfig.MAX_COMMIT_SIZE, "1g",
                MaintenanceConfig.MAX_MANIFESTS, "50",
                MaintenanceConfig.SNAPSHOT_RETENTION, "6h",
                MaintenanceConfig.RETAIN_LAST, "3",
                MaintenanceConfig.ORPHAN_AGE, "2d",
                MaintenanceConfig.RAW_RETENTION, "90d",
                MaintenanceConfig.RAW_RETENTION_COLUMN, "ts",
                MaintenanceConfig.PARALLELISM, "4")));
        assertThat(config).isEqualTo(new MaintenanceConfig(64L * 1024 * 1024, 5, 1024L * 1024 * 1024, 50,
                Duration.ofHours(6), 3, Duration.ofDays(2), Duration.ofDays(90), "ts", 4));
        assertThat(MaintenanceConfig.from(Settings.of(Map.of(MaintenanceConfig.RAW_RETENTION, "off"))).rawRetentionIfSet()).isEmpty();
    }

    @Test
    void sizes_read_with_and_without_units() {
        assertThat(MaintenanceConfig.parseSize("k", "134217728")).isEqualTo(134_217_728L);
        assertThat(MaintenanceConfig.parseSize("k", "512KB")).isEqualTo(512L * 1024);
        assertThat(MaintenanceConfig.parseSize("k", "128 MiB")).isEqualTo(128L * 1024 * 1024);
        assertThat(MaintenanceConfig.parseSize("k", "2g")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThatThrownBy(() -> MaintenanceConfig.parseSize(MaintenanceConfig.TARGET_FILE_SIZE, "big"))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting maintenance.target-file-size='big': expected a size such as 128MB, 512KB or 1GB");
    }

    @Test
    void invalid_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> MaintenanceConfig.from(Settings.of(Map.of(MaintenanceConfig.MIN_INPUT_FILES, "1"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting maintenance.min-input-files='1': expected a whole number of at least 2");
        assertThatThrownBy(() -> MaintenanceConfig.from(Settings.of(Map.of(MaintenanceConfig.RETAIN_LAST, "0"))))
                .hasMessageStartingWith("Cannot read setting maintenance.retain-last='0'");
        assertThatThrownBy(() -> MaintenanceConfig.from(Settings.of(Map.of(MaintenanceConfig.ORPHAN_AGE, "soon"))))
                .hasMessageStartingWith("Cannot read setting maintenance.orphan-age='soon'");
        assertThatThrownBy(() -> MaintenanceConfig.from(Settings.of(Map.of(
                MaintenanceConfig.TARGET_FILE_SIZE, "1GB", MaintenanceConfig.MAX_COMMIT_SIZE, "100MB"))))
                .hasMessageStartingWith("Cannot read setting maintenance.max-commit-size='104857600'");
    }
}
