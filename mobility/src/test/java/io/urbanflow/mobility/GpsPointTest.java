package io.urbanflow.mobility;

import io.urbanflow.model.InvalidRecordException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GpsPointTest {
    private static final long FEB_2014 = GpsPoint.toEpochMicros(Instant.parse("2014-02-01T00:00:00.739166Z"));

    @Test
    void keeps_microsecond_precision() {
        GpsPoint point = new GpsPoint("156", FEB_2014, 41.8836, 12.4877, GpsPoint.OCCUPANCY_UNKNOWN, "rome-crawdad");
        assertThat(point.instant()).isEqualTo(Instant.parse("2014-02-01T00:00:00.739166Z"));
        assertThat(point.epochMillis()).isEqualTo(FEB_2014 / 1000);
    }

    @Test
    void rejects_coordinates_out_of_range_with_the_reason() {
        assertThatThrownBy(() -> new GpsPoint("1", FEB_2014, 91, 12, -1, ""))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("latitude 91.0 outside [-90, 90]");
        assertThatThrownBy(() -> new GpsPoint("1", FEB_2014, 41, -180.5, -1, ""))
                .hasMessageContaining("longitude -180.5 outside [-180, 180]");
        assertThatThrownBy(() -> new GpsPoint("1", FEB_2014, Double.NaN, 12, -1, ""))
                .hasMessageContaining("latitude NaN");
    }

    @Test
    void rejects_null_island_blank_vehicle_and_absurd_time() {
        assertThatThrownBy(() -> new GpsPoint("1", FEB_2014, 0, 0, -1, "")).hasMessageContaining("(0, 0)");
        assertThatThrownBy(() -> new GpsPoint(" ", FEB_2014, 41, 12, -1, "")).hasMessageContaining("vehicle id");
        assertThatThrownBy(() -> new GpsPoint("1", 0, 41, 12, -1, "")).hasMessageContaining("outside [1990, 2100)");
        assertThatThrownBy(() -> new GpsPoint("1", GpsPoint.MAX_EPOCH_MICROS, 41, 12, -1, ""))
                .hasMessageContaining("outside [1990, 2100)");
    }

    @Test
    void reason_is_available_without_the_prefix() {
        InvalidRecordException error = new InvalidRecordException("latitude 999.0 outside [-90, 90]");
        assertThat(error.reason()).isEqualTo("latitude 999.0 outside [-90, 90]");
        assertThat(error.getStackTrace()).isEmpty();
    }
}
