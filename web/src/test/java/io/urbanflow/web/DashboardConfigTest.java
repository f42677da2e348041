package io.urbanflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {
    @Test
    void defaults_bind_loopback_on_8080_with_no_token() {
        DashboardConfig config = DashboardConfig.from(Settings.empty());
        assertThat(config).isEqualTo(DashboardConfig.defaults());
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.token()).isNull();
        assertThat(config.updateInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.loopbackOnly()).isTrue();
        assertThat(config.sqlMaxConcurrent()).isEqualTo(4);
        assertThat(config.allowedHosts()).isEmpty();
    }

    @Test
    void every_key_maps_onto_its_field() {
        DashboardConfig config = DashboardConfig.from(Settings.of(Map.of("web.bind", "0.0.0.0", "web.port", "9000",
                "web.token", "abcdefgh12", "web.update-interval", "500ms",
                "web.sql-timeout", "10s", "web.sql-max-rows", "50", "web.sql-max-concurrent", "2",
                "web.allowed-hosts", " UrbanFlow.local, dash.example.org:443 ,[::1]:9000")));
        assertThat(config).isEqualTo(new DashboardConfig("0.0.0.0", 9000, "abcdefgh12",
                Duration.ofMillis(500), Duration.ofSeconds(10), 50, 2, List.of("urbanflow.local", "dash.example.org:443", "[::1]:9000")));
        assertThat(config.loopbackOnly()).isFalse();
    }

    @Test
    void bad_values_are_one_clear_error_each() {
        assertThatThrownBy(() -> DashboardConfig.defaults().withToken("short")).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("at least 8 characters");
        assertThatThrownBy(() -> DashboardConfig.defaults().withUpdateInterval(Duration.ofSeconds(2)))
                .hasMessageContaining("at least one update a second");
        assertThatThrownBy(() -> DashboardConfig.defaults().withPort(70_000)).hasMessageContaining("not in [0, 65535]");
        assertThatThrownBy(() -> DashboardConfig.defaults().withSqlMaxConcurrent(0)).hasMessageContaining("web.sql-max-concurrent");
        assertThatThrownBy(() -> DashboardConfig.from(Settings.of(Map.of("web.allowed-hosts", "ok.local, http://evil.example"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot configure dashboard: web.allowed-hosts entry 'http://evil.example' is not a host name or IP address"
                        + " (optionally with :port)");
    }
}
