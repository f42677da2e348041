package io.urbanflow.mobility.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MobilityConfigTest {
    @Test
    void defaults_are_rome_resolution_8_200_kmh_and_a_track_gap_of_10_minutes() {
        MobilityConfig config = MobilityConfig.from(Settings.empty());
        assertThat(config).isEqualTo(MobilityConfig.defaults());
        assertThat(config.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(config.h3Resolution()).isEqualTo(8);
        assertThat(config.maxSpeedKmh()).isEqualTo(200.0);
        assertThat(config.city()).isEmpty();
        assertThat(config.trackGap()).as("no speed across a longer gap").isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void every_key_maps_to_its_field() {
        MobilityConfig config = MobilityConfig.from(Settings.of(Map.of(
                "aggregate.zone", "America/Los_Angeles",
                "stage.h3-resolution", "9",
                "stage.max-speed-kmh", "150.5",
                "stage.city", "sf",
                "stage.track-gap", "30m")));
        assertThat(config).isEqualTo(new MobilityConfig(ZoneId.of("America/Los_Angeles"), 9, 150.5,
                Optional.of(City.SAN_FRANCISCO), Duration.ofMinutes(30)));
    }

    @Test
    void invalid_values_name_their_key() {
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("aggregate.zone", "Mars/Olympus"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("aggregate.zone");
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("stage.h3-resolution", "16"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("stage.h3-resolution");
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("stage.max-speed-kmh", "-1"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("stage.max-speed-kmh");
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("stage.city", "atlantis"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("atlantis");
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("stage.track-gap", "2d"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("stage.track-gap");
    }

    @Test
    void a_zero_offset_in_any_spelling_becomes_utc_which_duckdb_knows() {
        for (String zero : new String[] {"Z", "UTC", "GMT", "UT", "+00:00", "-00:00", "UTC+0", "GMT+00:00", " Z "}) {
            MobilityConfig config = MobilityConfig.from(Settings.of(Map.of("aggregate.zone", zero)));
            assertThat(config.zone().getId()).as(zero).isEqualTo("UTC");
        }
        assertThat(MobilityConfig.defaults().withZone(ZoneOffset.UTC).zone().getId()).isEqualTo("UTC");
    }

    @Test
    void a_non_zero_fixed_offset_is_refused_in_one_line_suggesting_a_region_id() {
        assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("aggregate.zone", "+01:00"))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read setting aggregate.zone='+01:00': use a region id such as Europe/Rome or UTC");
        for (String offset : new String[] {"-05:00", "UTC+01:00", "GMT-5", "+05:30"}) {
            assertThatThrownBy(() -> MobilityConfig.from(Settings.of(Map.of("aggregate.zone", offset))))
                    .as(offset).isInstanceOf(UrbanFlowException.class).hasMessageContaining("aggregate.zone='" + offset + "'")
                    .hasMessageContaining("region id");
        }
        assertThatThrownBy(() -> MobilityConfig.defaults().withZone(ZoneOffset.ofHours(2)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot configure pipeline: aggregate.zone=+02:00: use a region id such as Europe/Rome or UTC");
    }

    @Test
    void region_ids_pass_unchanged() {
        for (String region : new String[] {"Europe/Rome", "Etc/UTC", "Etc/GMT-1", "Asia/Kolkata"}) {
            assertThat(MobilityConfig.from(Settings.of(Map.of("aggregate.zone", region))).zone()).isEqualTo(ZoneId.of(region));
        }
    }
}
