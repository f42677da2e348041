package io.urbanflow.mobility.analytics.charts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScaleBarTest {
    @Test
    void shows_the_largest_round_length_up_to_a_fifth_of_the_map() {
        assertThat(ScaleBar.roundLength(30_000)).isEqualTo(5_000);
        assertThat(ScaleBar.roundLength(9_000)).isEqualTo(1_000);
        assertThat(ScaleBar.roundLength(12_000)).isEqualTo(2_000);
        assertThat(ScaleBar.roundLength(700)).isEqualTo(100);
        assertThat(ScaleBar.label(5_000)).isEqualTo("5 km");
        assertThat(ScaleBar.label(200)).isEqualTo("200 m");
    }

    @Test
    void degree_labels_name_the_hemisphere() {
        assertThat(DegreeFormat.longitude().format(-122.4)).isEqualTo("122.40°W");
        assertThat(DegreeFormat.longitude().format(12.5)).isEqualTo("12.50°E");
        assertThat(DegreeFormat.latitude().format(41.9)).isEqualTo("41.90°N");
        assertThat(DegreeFormat.latitude().format(0)).isEqualTo("0.00°");
        assertThat(new ClockFormat().format(13.5)).isEqualTo("13:30");
    }
}
