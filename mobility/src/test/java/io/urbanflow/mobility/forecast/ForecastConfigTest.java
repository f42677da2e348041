package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastConfigTest {
    @Test
    void defaults_forecast_points_per_cell_with_two_weeks_of_training_and_weekly_origins() {
        ForecastConfig config = ForecastConfig.from(Settings.empty());
        assertThat(config).isEqualTo(ForecastConfig.defaults());
        assertThat(config.target()).isEqualTo(ForecastTarget.POINTS);
        assertThat(config.level()).isEqualTo(ForecastLevel.CELL);
        assertThat(config.minTrainDays()).isEqualTo(14);
        assertThat(config.testDays()).isEqualTo(7);
        assertThat(config.maxTrainRows()).isEqualTo(300_000);
        assertThat(config.interval()).isEqualTo(0.8);
    }

    @Test
    void every_key_maps_onto_its_field_and_back() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("forecast.target", "speed"), Map.entry("forecast.level", "zone"), Map.entry("forecast.zone-set", "districts"),
                Map.entry("forecast.min-cell-share", "0.2"), Map.entry("forecast.max-series", "50"), Map.entry("forecast.test-days", "3"),
                Map.entry("forecast.min-train-days", "10"), Map.entry("forecast.validation-days", "1"), Map.entry("forecast.max-train-rows", "5000"),
                Map.entry("forecast.trees", "40"), Map.entry("forecast.depth", "4"), Map.entry("forecast.learning-rate", "0.3"),
                Map.entry("forecast.threads", "1"), Map.entry("forecast.seed", "-9"), Map.entry("forecast.interval", "0.9"),
                Map.entry("forecast.min-mean", "2.5"), Map.entry("forecast.retrain-every", "PT24H"));
        ForecastConfig config = ForecastConfig.from(Settings.of(values));
        assertThat(config).isEqualTo(new ForecastConfig(ForecastTarget.SPEED, ForecastLevel.ZONE, "districts", 0.2, 50, 3, 10, 1, 5_000, 40, 4,
                0.3, 1, -9, 0.9, 2.5, java.time.Duration.ofDays(1)));
        assertThat(config.asMap()).containsExactlyInAnyOrderEntriesOf(values);
    }

    @Test
    void a_bad_value_is_refused_naming_its_key() {
        assertThatThrownBy(() -> ForecastConfig.from(Settings.of(Map.of("forecast.target", "taxis"))))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot forecast 'taxis': known targets are points, vehicles, speed");
        assertThatThrownBy(() -> ForecastConfig.from(Settings.of(Map.of("forecast.min-train-days", "5"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot configure forecasts: forecast.min-train-days=5 is outside 8..3650");
        assertThatThrownBy(() -> ForecastConfig.from(Settings.of(Map.of("forecast.seed", "x"))))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot read setting forecast.seed='x': expected a whole number");
    }
}
