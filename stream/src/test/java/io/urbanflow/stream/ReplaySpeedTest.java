package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import org.junit.jupiter.api.Test;

class ReplaySpeedTest {
    @Test
    void parses_max_a_factor_and_a_factor_with_x() {
        assertThat(ReplaySpeed.parse("max").isMax()).isTrue();
        assertThat(ReplaySpeed.parse("MAX")).isEqualTo(ReplaySpeed.MAX);
        assertThat(ReplaySpeed.parse("60")).isEqualTo(ReplaySpeed.times(60));
        assertThat(ReplaySpeed.parse("0.5x").factor()).isEqualTo(0.5);
        assertThat(ReplaySpeed.times(60)).hasToString("60x");
        assertThat(ReplaySpeed.MAX).hasToString("max");
    }

    @Test
    void refuses_zero_negative_and_words() {
        for (String text : new String[] {"0", "-3", "fast", "", "Infinity", "NaN"}) {
            assertThatThrownBy(() -> ReplaySpeed.parse(text)).as(text).isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot read replay speed '" + text + "': expected max or a number above 0");
        }
    }
}
