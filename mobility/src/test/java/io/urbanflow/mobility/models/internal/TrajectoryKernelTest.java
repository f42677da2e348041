package io.urbanflow.mobility.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.Geo;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

    @Test
    void no_speed_is_measured_across_a_gap_longer_than_the_default_maximum_and_the_point_after_it_starts_a_segment() {
        // tracks of good points only, with pauses of 3 to 30 minutes: speeds against a plain haversine
        Random random = new Random(42);
        List<Fix> fixes = new ArrayList<>();
        for (int vehicle = 0; vehicle < 40; vehicle++) {
            Walk walk = new Walk(vehicle, random);
            for (int point = 0; point < 60; point++) {
                long pause = random.nextInt(8) == 0 ? (3 + random.nextInt(28)) * MINUTE : 0;
                fixes.add(walk.next(pause, true));
            }
        }
        assertMatchesReference(fixes, defaultKernel());
        long across = fixes.stream().filter(fix -> fix.gapBefore > 10 * MINUTE).count();
        assertThat(across).as("pauses longer than the gap").isGreaterThan(20);
    }

    @Test
    void a_track_that_starts_with_an_outlier_does_not_flag_the_good_points_after_it() {
        // every segment (the first, and each after a pause over the gap) starts with 0, 1 or 2 jumps of 15-20 km,
        // and single jumps lie between good points: flags and speeds against the known truth and a plain haversine
        Random random = new Random(7);
        List<Fix> fixes = new ArrayList<>();
        int leading = 0;
        for (int vehicle = 0; vehicle < 60; vehicle++) {
            Walk walk = new Walk(vehicle, random);
            int segments = 1 + random.nextInt(3);
            for (int segment = 0; segment < segments; segment++) {
                long pause = segment == 0 ? 0 : (11 + random.nextInt(30)) * MINUTE;
                int jumps = vehicle < 6 ? 1 : random.nextInt(3); // the first vehicles all start with one
                double direction = random.nextDouble() * 2 * Math.PI;
                for (int jump = 0; jump < jumps; jump++) {
                    // two leading jumps lie on opposite sides: they are not each other's confirmation
                    fixes.add(walk.jump(jump == 0 ? pause : 0, direction + jump * Math.PI, 15_000 + random.nextInt(5_000)));
                    leading++;
                    pause = 0;
                }
                for (int point = 0; point < 20; point++) {
                    fixes.add(walk.next(point == 0 ? pause : 0, true));
                    if (point >= 1 && point < 18 && random.nextInt(6) == 0) {
                        fixes.add(walk.jump(0, random.nextDouble() * 2 * Math.PI, 15_000 + random.nextInt(5_000)));
                    }
                }
            }
        }
        assertThat(leading).isGreaterThan(40);
        assertMatchesReference(fixes, defaultKernel());
    }

    private static TrajectoryKernel defaultKernel() {
        io.urbanflow.mobility.models.MobilityConfig config = io.urbanflow.mobility.models.MobilityConfig.defaults();
        return new TrajectoryKernel(config.maxSpeedKmh(), config.trackGap().toNanos() / 1_000, 8, Optional.empty(), ZoneId.of("Europe/Rome"), 1, 16);
    }

    /** A known point: good or a jump, and the time since the vehicle's previous point. */
    record Fix(int vehicle, long micros, double lat, double lon, boolean good, long gapBefore) {
    }

    /** A vehicle driving 20-60 km/h around the middle of Rome, a fix every 20-60 s. */
    private static final class Walk {
        final int vehicle;
        final Random random;
        double lat;
        double lon;
        long micros;
        boolean started;

        Walk(int vehicle, Random random) {
            this.vehicle = vehicle;
            this.random = random;
            this.lat = 41.875 + (random.nextDouble() - 0.5) * 0.05;
            this.lon = 12.525 + (random.nextDouble() - 0.5) * 0.05;
            this.micros = T0 + random.nextInt(600) * 1_000_000L;
        }

        Fix next(long pause, boolean good) {
            long step = started ? (20 + random.nextInt(41)) * 1_000_000L + pause : 0;
            started = true;
            micros += step;
            double metres = (20 + random.nextInt(41)) / 3.6 * Math.min(step, 60_000_000L) / 1_000_000.0;
            double bearing = random.nextDouble() * 2 * Math.PI;
            // keep near the middle: steer back when drifting away
            if (Math.abs(lat - 41.875) > 0.04 || Math.abs(lon - 12.525) > 0.05) {
                bearing = Math.atan2(12.525 - lon, 41.875 - lat);
            }
            lat += metres * Math.cos(bearing) / 111_195.0;
            lon += metres * Math.sin(bearing) / (111_195.0 * Math.cos(Math.toRadians(lat)));
            return new Fix(vehicle, micros, lat, lon, good, step);
        }

        /** A fix {@code metres} away from the true position in {@code direction}; the true position stays. */
        Fix jump(long pause, double direction, double metres) {
            long step = started ? (20 + random.nextInt(41)) * 1_000_000L + pause : 0;
            started = true;
            micros += step;
            double jumpLat = lat + metres * Math.cos(direction) / 111_195.0;
            double jumpLon = lon + metres * Math.sin(direction) / (111_195.0 * Math.cos(Math.toRadians(lat)));
            return new Fix(vehicle, micros, jumpLat, jumpLon, false, step);
        }
    }

    /**
     * The reference: jumps are outliers; a good point's speed, distance and heading are measured from the vehicle's
     * previous good point when that is at most 10 minutes earlier, else they are NULL. Plain haversine and bearing,
     * written here, not the kernel's.
     */
    private static void assertMatchesReference(List<Fix> fixes, TrajectoryKernel kernel) {
        for (int row = 0; row < fixes.size(); row++) {
            Fix fix = fixes.get(row);
            kernel.add(fix.vehicle, fix.micros, fix.lat, fix.lon, row, false);
        }
        kernel.compute();
        java.util.Map<Integer, Fix> previousGood = new java.util.HashMap<>();
        int checked = 0;
        for (int row = 0; row < fixes.size(); row++) {
            Fix fix = fixes.get(row);
            String where = "vehicle " + fix.vehicle + " row " + row + " at +" + (fix.micros - T0) / 1_000_000 + " s";
            if (!fix.good) {
                assertThat(kernel.flag(row)).as(where + ": a jump").isEqualTo(TrajectoryKernel.OUTLIER);
                assertThat(kernel.speedKmh(row)).isNaN();
                continue;
            }
            assertThat(kernel.flag(row)).as(where + ": a good point").isEqualTo(TrajectoryKernel.KEPT);
            Fix previous = previousGood.put(fix.vehicle, fix);
            if (previous == null || fix.micros - previous.micros > 10 * MINUTE) {
                assertThat(kernel.speedKmh(row)).as(where + ": a segment's first point").isNaN();
                assertThat(kernel.distanceMetres(row)).isNaN();
                continue;
            }
            double metres = haversineMetres(previous.lat, previous.lon, fix.lat, fix.lon);
            double kmh = metres / 1_000 / ((fix.micros - previous.micros) / 3_600_000_000.0);
            assertThat(kernel.distanceMetres(row)).as(where).isCloseTo(metres, within(1e-6));
            assertThat(kernel.speedKmh(row)).as(where).isCloseTo(kmh, within(1e-6));
            if (metres > 1) {
                assertThat(kernel.headingDegrees(row)).as(where).isCloseTo(bearingDegrees(previous.lat, previous.lon, fix.lat, fix.lon), within(1e-6));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(fixes.size() / 2);
    }

    private static double haversineMetres(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
    }

    private static double bearingDegrees(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dl = Math.toRadians(lon2 - lon1);
        double y = Math.sin(dl) * Math.cos(p2);
        double x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }

    private static long micros(LocalDateTime local) {
        return local.toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }
}
