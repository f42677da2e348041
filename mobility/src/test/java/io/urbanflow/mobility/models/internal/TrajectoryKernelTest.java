package io.urbanflow.mobility.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.Geo;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrajectoryKernelTest {
    private static final long MINUTE = 60_000_000L;
    private static final long T0 = 1_391_241_600_000_000L; // 2014-02-01T08:00Z
    private static final long ONE_HOUR = 60 * MINUTE;

    private static TrajectoryKernel kernel() {
        return new TrajectoryKernel(200, ONE_HOUR, 8, Optional.empty(), ZoneId.of("Europe/Rome"), 2, 16);
    }

    @Test
    void speed_heading_and_distance_come_from_the_previous_point_of_the_same_vehicle() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 0, false);
        kernel.add(2, T0, 41.80, 12.40, 1, false);
        kernel.add(1, T0 + MINUTE, 41.905, 12.50, 2, false);
        kernel.compute();
        double metres = Geo.distanceMetres(41.90, 12.50, 41.905, 12.50);
        assertThat(kernel.distanceMetres(2)).isCloseTo(metres, within(1e-9));
        assertThat(kernel.speedKmh(2)).isCloseTo(metres / 1000 * 60, within(1e-9));
        assertThat(kernel.headingDegrees(2)).isCloseTo(0.0, within(1e-9));
        assertThat(kernel.speedKmh(0)).isNaN();
        assertThat(kernel.speedKmh(1)).isNaN();
        assertThat(kernel.vehicles()).isEqualTo(2);
    }

    @Test
    void rows_arriving_out_of_order_are_taken_in_time_order() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0 + 2 * MINUTE, 41.92, 12.50, 0, false);
        kernel.add(1, T0, 41.90, 12.50, 1, false);
        kernel.add(1, T0 + MINUTE, 41.91, 12.50, 2, false);
        kernel.compute();
        assertThat(kernel.speedKmh(1)).isNaN();
        assertThat(kernel.distanceMetres(2)).isCloseTo(Geo.distanceMetres(41.90, 12.50, 41.91, 12.50), within(1e-9));
        assertThat(kernel.distanceMetres(0)).isCloseTo(Geo.distanceMetres(41.91, 12.50, 41.92, 12.50), within(1e-9));
    }

    @Test
    void of_two_fixes_at_one_instant_the_first_arrived_is_kept() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 7, false);
        kernel.add(1, T0, 41.901, 12.501, 3, false);
        kernel.add(1, T0 + MINUTE, 41.90, 12.50, 9, false);
        kernel.compute();
        assertThat(kernel.flag(1)).isEqualTo(TrajectoryKernel.KEPT);
        assertThat(kernel.flag(0)).isEqualTo(TrajectoryKernel.DROPPED);
        assertThat(kernel.duplicates()).isEqualTo(1);
        assertThat(kernel.distanceMetres(2)).isCloseTo(Geo.distanceMetres(41.901, 12.501, 41.90, 12.50), within(1e-9));
    }

    @Test
    void a_jump_is_an_outlier_and_the_next_speed_comes_from_the_last_good_point() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 0, false);
        kernel.add(1, T0 + MINUTE, 42.10, 12.80, 1, false); // ~33 km in a minute
        kernel.add(1, T0 + 2 * MINUTE, 41.901, 12.50, 2, false);
        kernel.compute();
        assertThat(kernel.flag(1)).isEqualTo(TrajectoryKernel.OUTLIER);
        assertThat(kernel.speedKmh(1)).isNaN();
        assertThat(kernel.flag(2)).isEqualTo(TrajectoryKernel.KEPT);
        assertThat(kernel.speedKmh(2)).isCloseTo(Geo.distanceMetres(41.90, 12.50, 41.901, 12.50) / 1000 * 30, within(1e-9));
        assertThat(kernel.outliers()).isEqualTo(1);
    }

    @Test
    void a_point_outside_every_known_city_is_an_outlier() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 45.0, 9.0, 0, false); // Milan
        kernel.add(1, T0 + MINUTE, 41.90, 12.50, 1, false);
        kernel.compute();
        assertThat(kernel.flag(0)).isEqualTo(TrajectoryKernel.OUTLIER);
        assertThat(kernel.flag(1)).isEqualTo(TrajectoryKernel.KEPT);
        assertThat(kernel.speedKmh(1)).isNaN();
    }

    @Test
    void with_a_configured_city_only_its_bounds_count() {
        TrajectoryKernel kernel = new TrajectoryKernel(200, ONE_HOUR, 8, Optional.of(City.ROME), ZoneId.of("Europe/Rome"), 1, 16);
        kernel.add(1, T0, 37.77, -122.42, 0, false);
        kernel.compute();
        assertThat(kernel.flag(0)).isEqualTo(TrajectoryKernel.OUTLIER);
    }

    @Test
    void a_gap_longer_than_the_track_gap_starts_a_new_track() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 0, false);
        kernel.add(1, T0 + ONE_HOUR + 1, 42.10, 12.80, 1, false);
        kernel.compute();
        assertThat(kernel.flag(1)).isEqualTo(TrajectoryKernel.KEPT);
        assertThat(kernel.speedKmh(1)).isNaN();
    }

    @Test
    void a_context_row_seeds_the_track_and_is_not_output() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0 - MINUTE, 41.90, 12.50, 0, true);
        kernel.add(1, T0, 41.91, 12.50, 5, false);
        kernel.compute();
        assertThat(kernel.flag(0)).isEqualTo(TrajectoryKernel.DROPPED);
        assertThat(kernel.duplicates()).isZero();
        assertThat(kernel.distanceMetres(1)).isCloseTo(Geo.distanceMetres(41.90, 12.50, 41.91, 12.50), within(1e-9));
    }

    @Test
    void a_vehicle_standing_still_has_speed_zero_and_no_heading() {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 0, false);
        kernel.add(1, T0 + MINUTE, 41.90, 12.50, 1, false);
        kernel.compute();
        assertThat(kernel.speedKmh(1)).isZero();
        assertThat(kernel.headingDegrees(1)).isNaN();
    }

    @Test
    void cells_are_h3_cells_and_local_time_is_the_city_zone() throws Exception {
        TrajectoryKernel kernel = kernel();
        kernel.add(1, T0, 41.90, 12.50, 0, false);
        kernel.add(2, T0, 37.77, -122.42, 1, false);
        kernel.compute();
        H3Core h3 = H3Core.newInstance();
        assertThat(kernel.h3Cell(0)).isEqualTo(h3.latLngToCell(41.90, 12.50, 8));
        assertThat(kernel.h3Cell(1)).isEqualTo(h3.latLngToCell(37.77, -122.42, 8));
        assertThat(micros(LocalDateTime.parse("2014-02-01T09:00:00"))).isEqualTo(kernel.localMicros(0));
        assertThat(micros(LocalDateTime.parse("2014-02-01T00:00:00"))).isEqualTo(kernel.localMicros(1));
    }

    @Test
    void many_rows_are_computed_alike_by_several_threads() throws Exception {
        TrajectoryKernel kernel = new TrajectoryKernel(200, ONE_HOUR, 9, Optional.empty(), ZoneId.of("Europe/Rome"), 2, 16);
        int rows = 120_000;
        for (int i = 0; i < rows; i++) {
            kernel.add(i % 100, T0 + (i / 100) * 10_000_000L, 41.9 + Math.sin(i * 0.001) * 0.05, 12.5 + Math.cos(i * 0.001) * 0.05, i, false);
        }
        kernel.compute();
        H3Core h3 = H3Core.newInstance();
        for (int i = 0; i < rows; i += 997) {
            assertThat(kernel.h3Cell(i)).isEqualTo(h3.latLngToCell(41.9 + Math.sin(i * 0.001) * 0.05, 12.5 + Math.cos(i * 0.001) * 0.05, 9));
        }
    }

    private static long micros(LocalDateTime local) {
        return local.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }
}
