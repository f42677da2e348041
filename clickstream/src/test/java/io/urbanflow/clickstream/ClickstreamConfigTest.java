package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickstreamConfigTest {
    @Test
    void defaults_are_a_thirty_minute_session_timeout_twenty_recent_purchases_and_ten_top_entries() {
        ClickstreamConfig defaults = ClickstreamConfig.defaults();
        assertThat(defaults).isEqualTo(new ClickstreamConfig(Optional.of(Duration.ofMinutes(30)), 20, 10));
        assertThat(ClickstreamConfig.from(Settings.empty())).isEqualTo(defaults);
        assertThat(defaults.sessionTimeoutMicros()).isEqualTo(1_800_000_000L);
        assertThat(defaults.sessionTimeoutText()).isEqualTo("1800000ms");
    }

    @Test
    void maps_every_key() {
        ClickstreamConfig config = ClickstreamConfig.from(Settings.of(Map.of(
                "clickstream.session-timeout", "45m",
                "clickstream.recent-purchases", "50",
                "clickstream.top-entries", "5")));
        assertThat(config).isEqualTo(new ClickstreamConfig(Optional.of(Duration.ofMinutes(45)), 50, 5));
    }

    @Test
    void an_unlimited_session_timeout_makes_one_session_per_click_id() {
        ClickstreamConfig config = ClickstreamConfig.from(Settings.of(Map.of("clickstream.session-timeout", " Unlimited ")));
        assertThat(config.sessionTimeout()).isEmpty();
        assertThat(config.sessionTimeoutMicros()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.sessionTimeoutText()).isEqualTo("unlimited");
    }

    @Test
    void refuses_bad_values_naming_the_key() {
        assertThatThrownBy(() -> ClickstreamConfig.from(Settings.of(Map.of("clickstream.session-timeout", "soon"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting clickstream.session-timeout='soon': expected a duration such as 30m or 2h, or unlimited");
        assertThatThrownBy(() -> ClickstreamConfig.from(Settings.of(Map.of("clickstream.session-timeout", "500ms"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("clickstream.session-timeout=PT0.5S is shorter than 1s");
        assertThatThrownBy(() -> ClickstreamConfig.from(Settings.of(Map.of("clickstream.recent-purchases", "0"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("clickstream.recent-purchases=0 is outside 1..1000");
        assertThatThrownBy(() -> ClickstreamConfig.from(Settings.of(Map.of("clickstream.top-entries", "many"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("clickstream.top-entries='many'");
    }
}
