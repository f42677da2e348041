package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {
    @Test
    void defaults_are_the_local_broker_the_records_own_topics_three_partitions_at_max_speed() {
        ReplayOptions options = ReplayOptions.from(Settings.empty());

        assertThat(options).isEqualTo(new ReplayOptions("127.0.0.1:9092", null, 3, ReplaySpeed.MAX, Map.of()));
        assertThat(new ReplayOptions("127.0.0.1:9092", " ", 3, ReplaySpeed.MAX, Map.of()).topic()).as("blank is none").isNull();
    }

    @Test
    void every_key_maps_onto_its_option() {
        ReplayOptions options = ReplayOptions.from(Settings.of(Map.of(
                "replay.bootstrap-servers", "kafka:9093",
                "replay.topic", "points",
                "replay.partitions", "6",
                "replay.speed", "60")));

        assertThat(options).isEqualTo(new ReplayOptions("kafka:9093", "points", 6, ReplaySpeed.times(60), Map.of()));
    }

    @Test
    void environment_variables_name_the_same_keys() {
        Settings settings = Settings.load(null, Map.of("URBANFLOW_REPLAY_BOOTSTRAP_SERVERS", "env:9092", "URBANFLOW_REPLAY_SPEED", "2"), Map.of());

        assertThat(ReplayOptions.from(settings).bootstrapServers()).isEqualTo("env:9092");
        assertThat(ReplayOptions.from(settings).speed()).isEqualTo(ReplaySpeed.times(2));
    }

    @Test
    void a_bad_value_names_its_key() {
        assertThatThrownBy(() -> ReplayOptions.from(Settings.of(Map.of("replay.speed", "fast"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting replay.speed='fast': expected max or a number above 0, such as 60");
        assertThatThrownBy(() -> ReplayOptions.from(Settings.of(Map.of("replay.partitions", "three"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting replay.partitions='three': expected a whole number");
    }
}
