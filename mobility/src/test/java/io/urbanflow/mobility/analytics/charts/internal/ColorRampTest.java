package io.urbanflow.mobility.analytics.charts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColorRampTest {
    @Test
    void density_runs_from_light_to_dark_and_clamps_outside_its_range() {
        ColorRamp ramp = ColorRamp.density(0, 100);
        assertThat(brightness(ramp.color(0))).isGreaterThan(brightness(ramp.color(50))).isGreaterThan(brightness(ramp.color(100)));
        assertThat(ramp.color(-5)).isEqualTo(ramp.color(0));
        assertThat(ramp.color(500)).isEqualTo(ramp.color(100));
        assertThat(ramp.color(Double.NaN)).isEqualTo(ColorRamp.NO_DATA);
    }

    @Test
    void diverging_puts_its_pale_middle_at_the_pivot() {
        ColorRamp ramp = ColorRamp.diverging(0, 100, 20);
        assertThat(ramp.color(20)).isEqualTo(new Color(0xFFFFBF));
        assertThat(ramp.color(0).getRed()).isGreaterThan(ramp.color(0).getBlue());
        assertThat(ramp.color(100).getBlue()).isGreaterThan(ramp.color(100).getRed());
    }

    private static double brightness(Color color) {
        return 0.299 * color.getRed() + 0.587 * color.getGreen() + 0.114 * color.getBlue();
    }
}
