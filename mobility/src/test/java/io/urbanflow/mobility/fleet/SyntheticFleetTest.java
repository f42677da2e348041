package io.urbanflow.mobility.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticFleetTest {
    /** 80 Rome taxis for one day with 1 % outliers: about 250,000 points, generated once for the class. */
    private static final FleetOptions ROME = FleetOptions.defaults().withTaxis(80).withOutlierFraction(0.01);
    private static List<GpsPoint> romePoints;
    private static Tracks rome;

    @BeforeAll
    static void generate() {
        romePoints = generate(ROME);
        rome = new Tracks(romePoints);
    }

    @Test
    void same_seed_gives_the_same_points_in_the_same_order() {
        assertThat(generate(ROME)).isEqualTo(romePoints);
    }

    @Test
    void a_different_seed_gives_different_points() {
        List<GpsPoint> other = generate(ROME.withSeed(8));
        assertThat(other).isNotEqualTo(romePoints);
        assertThat(other.subList(0, 1_000)).doesNotContainAnyElementsOf(romePoints.subList(0, 1_000));
    }

    @Test
    void adding_taxis_leaves_the_existing_taxis_unchanged() {
        List<GpsPoint> ten = generate(ROME.withTaxis(10));
        List<GpsPoint> firstTenOfTwenty = new ArrayList<>();
        for (GpsPoint point : generate(ROME.withTaxis(20))) {
            if (Integer.parseInt(point.vehicleId().substring("taxi-".length())) <= 10) {
                firstTenOfTwenty.add(point);
            }
        }
        assertThat(firstTenOfTwenty).isEqualTo(ten);
    }

    @Test
    void points_come_in_non_decreasing_timestamp_order_within_the_simulated_day() {
        TimeWindow window = SyntheticFleet.of(ROME).window();
        assertThat(window.start()).isEqualTo(Instant.parse("2014-01-31T23:00:00Z")); // local midnight in Rome
        assertThat(window.length()).isEqualTo(Duration.ofHours(24));
        for (int i = 1; i < romePoints.size(); i++) {
            assertThat(romePoints.get(i).epochMicros()).isGreaterThanOrEqualTo(romePoints.get(i - 1).epochMicros());
        }
        assertThat(romePoints.get(0).instant()).isAfterOrEqualTo(window.start());
        assertThat(romePoints.get(romePoints.size() - 1).instant()).isBefore(window.end());
        assertThat(romePoints.get(romePoints.size() - 1).instant()).isAfter(window.end().minusSeconds(600));
        assertThat(romePoints).allSatisfy(point -> assertThat(point.epochMicros() % 1_000).as("whole milliseconds").isZero());
    }

    @Test
    void read_counts_every_point_and_rejects_none() {
        long[] seen = {0};
        ReadSummary summary = SyntheticFleet.of(ROME).read(point -> seen[0]++, RejectSink.strict());
        assertThat(summary).isEqualTo(new ReadSummary(romePoints.size(), 0));
        assertThat(seen[0]).isEqualTo(romePoints.size());
        assertThat(romePoints.size()).isBetween(200_000, 400_000);
    }

    @Test
    void points_carry_the_synthetic_source_and_one_id_per_taxi() {
        assertThat(romePoints).allSatisfy(point -> assertThat(point.source()).isEqualTo("synthetic"));
        assertThat(rome.byVehicle.keySet()).hasSize(80).contains("taxi-0001", "taxi-0080");
        assertThat(SyntheticFleet.of(ROME).name()).isEqualTo(
                "synthetic:rome,taxis=80,days=1,seed=7,start=2014-02-01,outliers=0.01");
    }

    @Test
    void active_taxis_follow_the_daily_cycle_low_at_night_with_morning_and_evening_peaks() {
        double[] active = activeTaxisByLocalHour(romePoints, City.ROME.zone());
        double night = average(active, 2, 5);
        double morningPeak = average(active, 8, 10);
        double midday = average(active, 12, 15);
        double eveningPeak = average(active, 17, 19);
        assertThat(night / morningPeak).isLessThan(0.35);
        assertThat(night / eveningPeak).isLessThan(0.35);
        assertThat(morningPeak / midday).isGreaterThan(1.15);
        assertThat(eveningPeak / midday).isGreaterThan(1.15);
        assertThat(eveningPeak).isGreaterThan(0.8 * 80);
    }

    @Test
    void occupied_taxis_drive_at_urban_speeds_slower_at_rush_hours() {
        List<Double> all = new ArrayList<>();
        List<Double> rush = new ArrayList<>();
        List<Double> midday = new ArrayList<>();
        List<Double> night = new ArrayList<>();
        forEachOccupiedStep((kmh, localHour) -> {
            all.add(kmh);
            if (localHour == 8 || localHour == 17 || localHour == 18) {
                rush.add(kmh);
            } else if (localHour >= 11 && localHour < 15) {
                midday.add(kmh);
            } else if (localHour < 5) {
                night.add(kmh);
            }
        });
        double median = Tracks.percentile(all, 0.5);
        assertThat(median).isBetween(15.0, 45.0);
        assertThat(Tracks.percentile(rush, 0.5)).isLessThan(0.85 * Tracks.percentile(midday, 0.5));
        assertThat(Tracks.percentile(midday, 0.5)).isLessThan(0.85 * Tracks.percentile(night, 0.5));
        assertThat(Tracks.percentile(all, 0.99)).isLessThan(130.0);
        assertThat(Tracks.percentile(all, 1.0)).as("fastest step between non-outliers").isLessThan(150.0);
    }

    @Test
    void measured_outlier_fraction_matches_the_option() {
        double measured = (double) rome.outlierCount() / romePoints.size();
        assertThat(measured).isCloseTo(0.01, within(0.0015));
    }

    @Test
    void without_outliers_no_point_jumps_and_every_point_lies_in_the_city() {
        List<GpsPoint> clean = generate(ROME.withOutlierFraction(0));
        assertThat(new Tracks(clean).outlierCount()).isZero();
        assertThat(clean).allSatisfy(point ->
                assertThat(City.ROME.bounds().contains(point.latitude(), point.longitude())).isTrue());
    }

    @Test
    void the_outlier_fraction_moves_only_the_outlier_points_by_kilometres() {
        List<GpsPoint> clean = generate(ROME.withOutlierFraction(0));
        assertThat(clean).hasSameSizeAs(romePoints);
        int moved = 0;
        for (int i = 0; i < clean.size(); i++) {
            GpsPoint before = clean.get(i);
            GpsPoint after = romePoints.get(i);
            assertThat(after.vehicleId()).isEqualTo(before.vehicleId());
            assertThat(after.epochMicros()).isEqualTo(before.epochMicros());
            if (after.latitude() != before.latitude() || after.longitude() != before.longitude()) {
                moved++;
                assertThat(Tracks.meters(before, after)).isBetween(4_900.0, 25_100.0);
            }
        }
        assertThat((double) moved / clean.size()).isCloseTo(0.01, within(0.001));
    }

    @Test
    void every_point_but_the_outliers_lies_in_the_city() {
        rome.byVehicle.forEach((id, track) -> {
            for (int i = 0; i < track.size(); i++) {
                if (!rome.isOutlier(id, i)) {
                    assertThat(City.ROME.bounds().contains(track.get(i).latitude(), track.get(i).longitude()))
                            .as("%s inside Rome", track.get(i)).isTrue();
                }
            }
        });
    }

    @Test
    void reports_come_every_5_to_60_seconds_apart_from_gaps_of_minutes_to_hours() {
        int intervals = 0;
        int gaps = 0;
        int hourLongGaps = 0;
        for (List<GpsPoint> track : rome.tracks()) {
            for (int i = 1; i < track.size(); i++) {
                double seconds = Tracks.seconds(track.get(i - 1), track.get(i));
                if (seconds <= 60) {
                    assertThat(seconds).isGreaterThanOrEqualTo(5);
                    intervals++;
                } else {
                    assertThat(seconds).as("a gap lasts minutes").isGreaterThanOrEqualTo(120);
                    gaps++;
                    hourLongGaps += seconds >= 3_600 ? 1 : 0;
                }
            }
        }
        assertThat(gaps).as("dropouts and breaks between shifts").isBetween(80, 80 * 8);
        assertThat(hourLongGaps).isPositive();
        assertThat((double) gaps / intervals).isLessThan(0.01);
    }

    @Test
    void occupancy_follows_trips_that_last_minutes_and_end_elsewhere() {
        List<Double> tripMinutes = new ArrayList<>();
        List<Double> tripKilometres = new ArrayList<>();
        double occupiedSeconds = 0;
        double freeSeconds = 0;
        for (List<GpsPoint> track : rome.tracks()) {
            int tripStart = -1;
            for (int i = 1; i < track.size(); i++) {
                GpsPoint previous = track.get(i - 1);
                GpsPoint point = track.get(i);
                if (Tracks.seconds(previous, point) <= 60) {
                    if (previous.occupancy() == GpsPoint.OCCUPIED) {
                        occupiedSeconds += Tracks.seconds(previous, point);
                    } else {
                        freeSeconds += Tracks.seconds(previous, point);
                    }
                }
                if (previous.occupancy() == GpsPoint.FREE && point.occupancy() == GpsPoint.OCCUPIED) {
                    tripStart = i;
                } else if (previous.occupancy() == GpsPoint.OCCUPIED && point.occupancy() == GpsPoint.FREE && tripStart >= 0) {
                    tripMinutes.add(Tracks.seconds(track.get(tripStart), previous) / 60);
                    tripKilometres.add(Tracks.meters(track.get(tripStart), previous) / 1_000);
                    tripStart = -1;
                }
            }
        }
        assertThat(romePoints).extracting(GpsPoint::occupancy).containsOnly(GpsPoint.FREE, GpsPoint.OCCUPIED);
        assertThat(occupiedSeconds / (occupiedSeconds + freeSeconds)).isBetween(0.35, 0.65);
        assertThat(tripMinutes.size()).as("fares per taxi and day").isBetween(80 * 10, 80 * 40);
        assertThat(Tracks.percentile(tripMinutes, 0.5)).isBetween(6.0, 30.0);
        assertThat(Tracks.percentile(tripKilometres, 0.5)).as("straight-line km from pick-up to drop-off").isBetween(1.5, 10.0);
    }

    @ParameterizedTest
    @EnumSource(value = City.class, names = {"ROME", "SAN_FRANCISCO", "PORTO"})
    void every_synthetic_city_keeps_its_taxis_inside_and_its_rhythm_in_local_time(City city) {
        List<GpsPoint> points = generate(FleetOptions.defaults().withCity(city).withTaxis(40).withOutlierFraction(0));
        assertThat(points).allSatisfy(point ->
                assertThat(city.bounds().contains(point.latitude(), point.longitude())).isTrue());
        double[] active = activeTaxisByLocalHour(points, city.zone());
        assertThat(average(active, 2, 5)).isLessThan(0.35 * average(active, 17, 19));
        assertThat(new Tracks(points).outlierCount()).isZero();
    }

    @Test
    void a_day_with_a_clock_change_lasts_23_hours() {
        FleetOptions springForward = ROME.withTaxis(5).withStart(LocalDate.parse("2014-03-30"));
        TimeWindow window = SyntheticFleet.of(springForward).window();
        assertThat(window.length()).isEqualTo(Duration.ofHours(23));
        assertThat(generate(springForward)).allSatisfy(point -> assertThat(window.contains(point.instant())).isTrue());
    }

    @Test
    void several_days_run_back_to_back() {
        List<GpsPoint> points = generate(ROME.withTaxis(10).withDays(3));
        TimeWindow window = SyntheticFleet.of(ROME.withDays(3)).window();
        assertThat(window.length()).isEqualTo(Duration.ofDays(3));
        Set<Long> days = new HashSet<>();
        for (GpsPoint point : points) {
            days.add(Duration.between(window.start(), point.instant()).toDays());
        }
        assertThat(days).containsExactlyInAnyOrder(0L, 1L, 2L);
    }

    @Test
    void a_city_without_a_synthetic_map_is_refused_by_name() {
        assertThatThrownBy(() -> FleetOptions.defaults().withCity(City.BEIJING))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot generate synthetic fleet: no synthetic map for beijing; synthetic cities are rome, san-francisco, porto");
    }

    @Test
    void hotspots_name_real_places() {
        assertThat(SyntheticFleet.hotspots(City.ROME)).extracting(Hotspot::name)
                .contains("Termini", "St Peter's", "Fiumicino Airport", "EUR", "Trastevere", "Colosseum",
                        "Piazza Venezia", "Tiburtina", "Ciampino Airport");
        Hotspot termini = SyntheticFleet.hotspots(City.ROME).get(0);
        assertThat(termini.latitude()).isCloseTo(41.901, within(0.002));
        assertThat(termini.longitude()).isCloseTo(12.502, within(0.002));
        assertThat(SyntheticFleet.hotspots(City.SAN_FRANCISCO)).extracting(Hotspot::name).contains("SFO Airport", "Union Square");
        assertThat(SyntheticFleet.hotspots(City.PORTO)).extracting(Hotspot::name).contains("Porto Airport", "São Bento");
    }

    private static List<GpsPoint> generate(FleetOptions options) {
        List<GpsPoint> points = new ArrayList<>();
        SyntheticFleet.of(options).read(points::add, RejectSink.strict());
        return points;
    }

    /** Distinct taxis reporting during each local hour of the day. */
    private static double[] activeTaxisByLocalHour(List<GpsPoint> points, ZoneId zone) {
        List<Set<String>> byHour = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            byHour.add(new HashSet<>());
        }
        for (GpsPoint point : points) {
            byHour.get(point.instant().atZone(zone).getHour()).add(point.vehicleId());
        }
        return byHour.stream().mapToDouble(Set::size).toArray();
    }

    /** Mean of {@code values} over hours [from, to). */
    private static double average(double[] values, int from, int to) {
        double sum = 0;
        for (int hour = from; hour < to; hour++) {
            sum += values[hour];
        }
        return sum / (to - from);
    }

    private interface StepConsumer {
        void accept(double kmh, int localHour);
    }

    /** Speeds between consecutive reports of occupied taxis (moving with a fare), outliers and gaps left out. */
    private static void forEachOccupiedStep(StepConsumer consumer) {
        rome.byVehicle.forEach((id, track) -> {
            IntPredicate usable = i -> !rome.isOutlier(id, i) && track.get(i).occupancy() == GpsPoint.OCCUPIED;
            for (int i = 1; i < track.size(); i++) {
                if (usable.test(i - 1) && usable.test(i) && Tracks.seconds(track.get(i - 1), track.get(i)) <= 60) {
                    consumer.accept(Tracks.kmh(track.get(i - 1), track.get(i)),
                            track.get(i).instant().atZone(City.ROME.zone()).getHour());
                }
            }
        });
    }
}
