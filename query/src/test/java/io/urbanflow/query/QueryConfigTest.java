package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {
    @Test
    void defaults_are_one_minute_one_hundred_thousand_rows_2gb_of_memory_4_threads_and_4gb_of_spill() {
        QueryConfig defaults = QueryConfig.defaults();
        assertThat(defaults).isEqualTo(new QueryConfig(Duration.ofSeconds(60), 100_000, 2L << 30,
                Math.min(4, Runtime.getRuntime().availableProcessors()), Path.of(System.getProperty("java.io.tmpdir")), 4L << 30));
        assertThat(new QueryConfig(Duration.ofSeconds(60), 100_000)).isEqualTo(defaults);
        assertThat(QueryConfig.from(Settings.empty())).isEqualTo(defaults);
    }

    @Test
    void every_key_maps_onto_its_field() {
        QueryConfig config = QueryConfig.from(Settings.of(Map.of("query.timeout", "5m", "query.max-rows", "1_000",
                "query.memory-limit", "512MB", "query.threads", "2", "query.temp-directory", "/var/tmp/urbanflow",
                "query.max-temp-size", "1GB")));
        assertThat(config).isEqualTo(new QueryConfig(Duration.ofMinutes(5), 1_000, 512L << 20, 2, Path.of("/var/tmp/urbanflow"), 1L << 30));
        assertThat(Settings.environmentVariable(QueryConfig.TIMEOUT)).isEqualTo("URBANFLOW_QUERY_TIMEOUT");
        assertThat(Settings.environmentVariable(QueryConfig.MAX_ROWS)).isEqualTo("URBANFLOW_QUERY_MAX_ROWS");
        assertThat(Settings.environmentVariable(QueryConfig.MEMORY_LIMIT)).isEqualTo("URBANFLOW_QUERY_MEMORY_LIMIT");
        assertThat(Settings.environmentVariable(QueryConfig.THREADS)).isEqualTo("URBANFLOW_QUERY_THREADS");
        assertThat(Settings.environmentVariable(QueryConfig.TEMP_DIRECTORY)).isEqualTo("URBANFLOW_QUERY_TEMP_DIRECTORY");
        assertThat(Settings.environmentVariable(QueryConfig.MAX_TEMP_SIZE)).isEqualTo("URBANFLOW_QUERY_MAX_TEMP_SIZE");
    }

    @Test
    void invalid_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.max-rows", "0"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.max-rows");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.timeout", "500ms"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.timeout").hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.timeout", "soon"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.timeout");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.memory-limit", "lots"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.memory-limit");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.memory-limit", "1MB"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.memory-limit").hasMessageContaining("at least 16MB");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.threads", "0"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.threads");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.max-temp-size", "10KB"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.max-temp-size");
    }

    @Test
    void a_snapshot_selector_takes_a_time_or_an_id_not_both() {
        assertThat(SnapshotSelector.current().isCurrent()).isTrue();
        assertThat(SnapshotSelector.snapshot(3).isCurrent()).isFalse();
        assertThatThrownBy(() -> new SnapshotSelector(java.time.Instant.EPOCH, 3L)).isInstanceOf(UrbanFlowException.class);
    }
}
