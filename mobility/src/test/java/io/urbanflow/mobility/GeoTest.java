package io.urbanflow.mobility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeoTest {
    @Test
    void distance_between_rome_termini_and_the_colosseum_is_about_1400_metres() {
        // Roma Termini (41.9010, 12.5018) to the Colosseum (41.8902, 12.4922): about 1.44 km on a map
        assertThat(Geo.distanceMetres(41.9010, 12.5018, 41.8902, 12.4922)).isCloseTo(1_445, within(15.0));
    }

    @Test
    void one_degree_of_latitude_is_the_radius_times_pi_over_180() {
        assertThat(Geo.distanceMetres(10, 20, 11, 20)).isCloseTo(Geo.EARTH_RADIUS_METRES * Math.PI / 180, within(1e-6));
    }

    @Test
    void distance_is_symmetric_and_zero_for_equal_positions() {
        assertThat(Geo.distanceMetres(41.9, 12.5, 37.77, -122.42)).isCloseTo(Geo.distanceMetres(37.77, -122.42, 41.9, 12.5), within(1e-6));
        assertThat(Geo.distanceMetres(41.9, 12.5, 41.9, 12.5)).isZero();
    }

    @Test
    void antipodal_points_are_half_the_circumference_apart() {
        assertThat(Geo.distanceMetres(0, 0, 0, 180)).isCloseTo(Math.PI * Geo.EARTH_RADIUS_METRES, within(1e-3));
    }

    @Test
    void bearing_points_to_the_compass_directions() {
        assertThat(Geo.initialBearingDegrees(41.9, 12.5, 42.0, 12.5)).isCloseTo(0.0, within(1e-9));
        assertThat(Geo.initialBearingDegrees(0, 12.5, 0, 12.6)).isCloseTo(90.0, within(1e-9));
        assertThat(Geo.initialBearingDegrees(41.9, 12.5, 41.8, 12.5)).isCloseTo(180.0, within(1e-9));
        assertThat(Geo.initialBearingDegrees(0, 12.5, 0, 12.4)).isCloseTo(270.0, within(1e-9));
    }

    @Test
    void bearing_is_in_zero_to_360_and_zero_for_equal_positions() {
        assertThat(Geo.initialBearingDegrees(41.9, 12.5, 41.8, 12.4)).isBetween(180.0, 270.0);
        assertThat(Geo.initialBearingDegrees(41.9, 12.5, 41.9, 12.5)).isEqualTo(0.0);
    }

    @Test
    void speed_of_one_kilometre_in_one_minute_is_60_kmh() {
        assertThat(Geo.speedKmh(1_000, 60_000_000L)).isCloseTo(60.0, within(1e-9));
        assertThat(Geo.speedKmh(10, 0)).isInfinite();
    }
}
