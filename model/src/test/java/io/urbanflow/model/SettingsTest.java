package io.urbanflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @Test
    void flags_override_environment_which_overrides_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("urbanflow.properties");
        Files.writeString(file, "ingest.commit-interval=5s\ningest.topic=from-file\ningest.group=g-file\n");
        Settings settings = Settings.load(file,
                Map.of("URBANFLOW_INGEST_TOPIC", "from-env", "URBANFLOW_INGEST_GROUP", "g-env", "HOME", "/root"),
                Map.of("ingest.group", "g-flag"));
        assertThat(settings.duration("ingest.commit-interval", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.string("ingest.topic", "gps.points")).isEqualTo("from-env");
        assertThat(settings.string("ingest.group", "x")).isEqualTo("g-flag");
        assertThat(settings.asMap()).doesNotContainKey("home");
    }

    @Test
    void environment_names_map_to_keys_and_back() {
        assertThat(Settings.environmentVariable("ingest.commit-interval")).isEqualTo("URBANFLOW_INGEST_COMMIT_INTERVAL");
        assertThat(Settings.keyOfEnvironmentVariable("URBANFLOW_INGEST_COMMIT_INTERVAL")).isEqualTo("ingest.commit-interval");
    }

    @Test
    void parses_durations_and_explains_bad_ones() {
        assertThat(Settings.parseDuration("k", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.parseDuration("k", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Settings.parseDuration("k", "PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Settings.parseDuration("ingest.commit-interval", "soon"))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting ingest.commit-interval='soon': expected a duration such as 500ms, 1s, 15m, 2h");
    }
}
