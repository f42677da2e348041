package io.urbanflow.mobility.analytics.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeBoundTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void an_instant_with_an_offset_is_absolute_and_a_local_time_is_read_in_the_zone() {
        assertThat(TimeBound.parse("2014-02-01T08:00:00Z").resolve(ROME)).isEqualTo(Instant.parse("2014-02-01T08:00:00Z"));
        assertThat(TimeBound.parse("2014-02-01T08:00+01:00").resolve(ZoneId.of("UTC"))).isEqualTo(Instant.parse("2014-02-01T07:00:00Z"));
        assertThat(TimeBound.parse("2014-02-01T08:00").resolve(ROME)).isEqualTo(Instant.parse("2014-02-01T07:00:00Z"));
        assertThat(TimeBound.parse("2014-02-01 08:00:00").resolve(ROME)).isEqualTo(Instant.parse("2014-02-01T07:00:00Z"));
        assertThat(TimeBound.parse("2014-02-01").resolve(ROME)).isEqualTo(Instant.parse("2014-01-31T23:00:00Z"));
    }

    @Test
    void anything_else_is_refused_with_the_accepted_forms() {
        assertThatThrownBy(() -> TimeBound.parse("yesterday"))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot read time 'yesterday': use 2014-02-01");
    }

    @Test
    void options_outside_their_ranges_are_refused_in_one_line() {
        assertThatThrownBy(() -> PlotOptions.defaults().withHour(24)).hasMessage("Cannot plot: hour 24 is outside 0..23");
        assertThatThrownBy(() -> PlotOptions.defaults().withResolution(16)).hasMessage("Cannot plot: H3 resolution 16 is outside 0..15");
        assertThatThrownBy(() -> PlotOptions.defaults().withSize(100, 800)).hasMessage("Cannot plot: width 100 is outside 300..8000 pixels");
        assertThatThrownBy(() -> PlotOptions.defaults().withClusters(ClusterSource.KMEANS, 0)).hasMessage("Cannot plot: k 0 is outside 1..20");
    }
}
