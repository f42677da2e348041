package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    @Test
    void defaults_are_documented_values() {
        IngestConfig config = IngestConfig.defaults();
        assertThat(config).isEqualTo(new IngestConfig("127.0.0.1:9092", List.of(), "urbanflow-ingest",
                Duration.ofSeconds(1), 1_000_000, null, 10_000, Duration.ofSeconds(10), null, Duration.ofHours(1), OffsetReset.NONE));
        assertThat(config.untilIdleIfSet()).isEmpty();
    }

    @Test
    void every_key_maps_to_its_field() {
        IngestConfig config = IngestConfig.from(Settings.of(Map.ofEntries(
                Map.entry("ingest.bootstrap-servers", "127.0.0.1:19092"),
                Map.entry("ingest.topics", "points, clicks"),
                Map.entry("ingest.group", "lake-writers"),
                Map.entry("ingest.commit-interval", "250ms"),
                Map.entry("ingest.commit-rows", "50_000"),
                Map.entry("ingest.until-idle", "5"),
                Map.entry("ingest.max-poll-records", "500"),
                Map.entry("ingest.session-timeout", "6s"),
                Map.entry("ingest.instance-id", "ingest-1"),
                Map.entry("ingest.snapshot-retention", "2h"),
                Map.entry("ingest.reset-offsets", "Earliest"))));
        assertThat(config).isEqualTo(new IngestConfig("127.0.0.1:19092", List.of("points", "clicks"), "lake-writers",
                Duration.ofMillis(250), 50_000, Duration.ofSeconds(5), 500, Duration.ofSeconds(6), "ingest-1",
                Duration.ofHours(2), OffsetReset.EARLIEST));
    }

    @Test
    void environment_variables_reach_the_same_keys() {
        Settings settings = Settings.load(null, Map.of("URBANFLOW_INGEST_COMMIT_INTERVAL", "3s",
                "URBANFLOW_INGEST_UNTIL_IDLE", "1m"), Map.of());
        IngestConfig config = IngestConfig.from(settings);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.untilIdle()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void invalid_values_name_their_key() {
        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("ingest.commit-rows", "0"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting ingest.commit-rows='0': expected a positive number");
        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("ingest.commit-interval", "soon"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot read setting ingest.commit-interval='soon'");
        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("ingest.reset-offsets", "sometimes"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting ingest.reset-offsets='sometimes': expected none, earliest, latest or lake");
    }
}
