package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
    @Test
    void defaults_are_the_documented_ones() {
        AnalyticsConfig config = AnalyticsConfig.defaults();
        assertThat(config.tripGap()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.stopRadiusMeters()).isEqualTo(100.0);
        assertThat(config.stopMinDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.clusters()).isEqualTo(ClusterCount.auto());
        assertThat(config.dbscanEpsMeters()).isEqualTo(200.0);
        assertThat(config.dbscanMinPoints()).isEqualTo(5);
        assertThat(config.clusterInput()).isEqualTo(AnalyticsConfig.ClusterInput.STOPS);
        assertThat(config.clusterSample()).isEqualTo(10_000);
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.dbscanEnabled()).isTrue();
    }

    @Test
    void every_key_maps_to_its_field() {
        AnalyticsConfig config = AnalyticsConfig.from(Settings.of(Map.of(
                "analytics.trip-gap", "30m", "analytics.stop-radius", "50", "analytics.stop-min-duration", "2m",
                "analytics.clusters", "6", "analytics.clusters-max", "12", "analytics.dbscan-eps", "0",
                "analytics.dbscan-min-points", "3", "analytics.cluster-input", "points", "analytics.cluster-sample", "500",
                "analytics.seed", "11")));
        assertThat(config).isEqualTo(new AnalyticsConfig(Duration.ofMinutes(30), 50, Duration.ofMinutes(2), ClusterCount.fixed(6), 0, 3,
                AnalyticsConfig.ClusterInput.POINTS, 500, 11));
        assertThat(config.dbscanEnabled()).isFalse();
        assertThat(AnalyticsConfig.from(Settings.of(Map.of("analytics.clusters", "auto", "analytics.clusters-max", "12"))).clusters())
                .isEqualTo(new ClusterCount(ClusterCount.Mode.AUTO, 0, 12));
        assertThat(AnalyticsConfig.from(Settings.of(Map.of("analytics.clusters", "off"))).clusters()).isEqualTo(ClusterCount.off());
    }

    @Test
    void bad_values_name_their_key() {
        assertThatThrownBy(() -> AnalyticsConfig.from(Settings.of(Map.of("analytics.stop-radius", "-5"))))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot read setting analytics.stop-radius='-5.0': expected a positive number of metres");
        assertThatThrownBy(() -> AnalyticsConfig.from(Settings.of(Map.of("analytics.trip-gap", "soon"))))
                .hasMessageStartingWith("Cannot read setting analytics.trip-gap='soon'");
        assertThatThrownBy(() -> AnalyticsConfig.from(Settings.of(Map.of("analytics.cluster-input", "cars"))))
                .hasMessage("Cannot read setting analytics.cluster-input='cars': expected stops or points");
        assertThatThrownBy(() -> AnalyticsConfig.from(Settings.of(Map.of("analytics.clusters", "0"))))
                .hasMessage("Cannot use 0 clusters: k must be at least 1");
    }
}
