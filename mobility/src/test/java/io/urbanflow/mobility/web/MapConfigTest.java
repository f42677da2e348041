package io.urbanflow.mobility.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapConfigTest {
    @Test
    void defaults_are_rome_with_openstreetmap_tiles() {
        assertThat(MapConfig.from(Settings.empty())).isEqualTo(MapConfig.defaults())
                .isEqualTo(new MapConfig(City.ROME, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
    }

    @Test
    void every_key_maps_onto_its_field() {
        assertThat(MapConfig.from(Settings.of(Map.of("web.city", "porto", "web.tiles", "none"))))
                .isEqualTo(new MapConfig(City.PORTO, ""));
    }

    @Test
    void bad_values_are_one_clear_error_each() {
        assertThatThrownBy(() -> MapConfig.from(Settings.of(Map.of("web.tiles", "ftp://tiles/{z}/{x}/{y}.png"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("must start with http://, https:// or /");
        assertThatThrownBy(() -> MapConfig.from(Settings.of(Map.of("web.city", "atlantis"))))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot find city 'atlantis'");
    }
}
