package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {
    @Test
    void defaults_are_one_minute_and_one_hundred_thousand_rows() {
        assertThat(QueryConfig.defaults()).isEqualTo(new QueryConfig(Duration.ofSeconds(60), 100_000));
        assertThat(QueryConfig.from(Settings.empty())).isEqualTo(QueryConfig.defaults());
    }

    @Test
    void every_key_maps_onto_its_field() {
        QueryConfig config = QueryConfig.from(Settings.of(Map.of("query.timeout", "5m", "query.max-rows", "1_000")));
        assertThat(config).isEqualTo(new QueryConfig(Duration.ofMinutes(5), 1_000));
        assertThat(Settings.environmentVariable(QueryConfig.TIMEOUT)).isEqualTo("URBANFLOW_QUERY_TIMEOUT");
        assertThat(Settings.environmentVariable(QueryConfig.MAX_ROWS)).isEqualTo("URBANFLOW_QUERY_MAX_ROWS");
    }

    @Test
    void invalid_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.max-rows", "0"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.max-rows");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.timeout", "500ms"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.timeout").hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> QueryConfig.from(Settings.of(Map.of("query.timeout", "soon"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("query.timeout");
    }

    @Test
    void a_snapshot_selector_takes_a_time_or_an_id_not_both() {
        assertThat(SnapshotSelector.current().isCurrent()).isTrue();
        assertThat(SnapshotSelector.snapshot(3).isCurrent()).isFalse();
        assertThatThrownBy(() -> new SnapshotSelector(java.time.Instant.EPOCH, 3L)).isInstanceOf(UrbanFlowException.class);
    }
}
