package io.urbanflow.mobility.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.Geo;
import io.urbanflow.mobility.GpsPoint;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveAggregatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2014-02-01T08:00:00Z"); // 09:00 in Rome

    private final H3Core h3 = h3();

    @Test
    void counts_points_distinct_vehicles_and_mean_speed_per_cell_and_interval() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.9000, 12.5000));
        aggregator.accept(point("a", 60, 41.9010, 12.5000)); // about 111 m in a minute: 6.7 km/h
        aggregator.accept(point("b", 30, 41.9005, 12.5000));

        List<CellIntervalFigures> rows = aggregator.intervalFigures();
        long cell = h3.latLngToCell(41.9000, 12.5000, 8);
        assertThat(rows).hasSize(1);
        CellIntervalFigures row = rows.get(0);
        assertThat(row.cell()).isEqualTo(cell);
        assertThat(row.intervalStart()).isEqualTo(T0);
        assertThat(row.points()).isEqualTo(3);
        assertThat(row.vehicles()).isEqualTo(2);
        assertThat(row.speedSamples()).isEqualTo(1);
        assertThat(row.meanSpeedKmh()).isCloseTo(Geo.speedKmh(Geo.distanceMetres(41.9, 12.5, 41.901, 12.5), 60_000_000L), within(1e-9));
        assertThat(row.closed()).isFalse();
    }

    @Test
    void duplicates_and_outliers_are_left_out_as_stage_gps_points_leaves_them_out() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("a", 0, 41.91, 12.50)); // same instant: a duplicate
        aggregator.accept(point("a", 10, 41.95, 12.50)); // 5.5 km in 10 s, about 2,000 km/h: an outlier
        aggregator.accept(point("a", 20, 48.85, 2.35)); // Paris: outside every known city
        aggregator.accept(point("a", 60, 41.901, 12.50)); // speed from the last good point, 0 s

        assertThat(aggregator.intervalFigures()).singleElement().satisfies(row -> {
            assertThat(row.points()).isEqualTo(2);
            assertThat(row.speedSamples()).isEqualTo(1);
            assertThat(row.meanSpeedKmh()).isCloseTo(Geo.speedKmh(Geo.distanceMetres(41.90, 12.50, 41.901, 12.50), 60_000_000L), within(1e-9));
        });
        assertThat(aggregator.totals().duplicates()).isEqualTo(1);
        assertThat(aggregator.totals().outliers()).isEqualTo(2);
    }

    @Test
    void a_point_after_the_track_gap_starts_a_new_track_without_speed() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("a", 3_601, 41.91, 12.50));

        assertThat(aggregator.intervalFigures()).allSatisfy(row -> assertThat(row.speedSamples()).isZero());
    }

    @Test
    void a_track_that_starts_with_a_jump_counts_the_good_points_after_it_and_takes_the_jump_back_as_the_stage_does() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.70, 12.30)); // 27 km off the track that follows
        assertThat(aggregator.totals().points()).as("as if the stream ended here: the lone first point counts").isEqualTo(1);
        aggregator.accept(point("a", 30, 41.90, 12.50));
        aggregator.accept(point("a", 60, 41.901, 12.50));

        assertThat(aggregator.totals().points()).isEqualTo(2);
        assertThat(aggregator.totals().outliers()).isEqualTo(1);
        long jumpCell = h3.latLngToCell(41.70, 12.30, 8);
        assertThat(aggregator.intervalFigures()).noneMatch(row -> row.cell() == jumpCell);
        assertThat(aggregator.intervalFigures().stream().mapToLong(CellIntervalFigures::points).sum()).isEqualTo(2);
        assertThat(aggregator.intervalFigures().stream().mapToLong(CellIntervalFigures::speedSamples).sum()).isEqualTo(1);
        assertThat(aggregator.snapshot().vehicles()).singleElement()
                .satisfies(vehicle -> assertThat(vehicle.latitude()).isEqualTo(41.901));
    }

    @Test
    void intervals_align_on_the_local_clock_of_the_zone() {
        // Kathmandu is UTC+05:45: its local 10-minute intervals start at :05, :15 ... UTC
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.of(ZoneId.of("Asia/Kathmandu")), CLOCK);
        aggregator.accept(new GpsPoint("a", GpsPoint.toEpochMicros(Instant.parse("2014-02-01T08:04:59Z")), 39.9, 116.4, -1, ""));
        aggregator.accept(new GpsPoint("a", GpsPoint.toEpochMicros(Instant.parse("2014-02-01T08:05:00Z")), 39.9, 116.4, -1, ""));

        assertThat(aggregator.intervals()).containsExactly(Instant.parse("2014-02-01T07:55:00Z"), Instant.parse("2014-02-01T08:05:00Z"));
    }

    @Test
    void an_interval_closes_when_the_data_clock_passes_its_end() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("a", 600, 41.90, 12.50));

        assertThat(aggregator.closedIntervalFigures()).extracting(CellIntervalFigures::intervalStart).containsExactly(T0);
    }

    @Test
    void a_late_point_still_revises_a_closed_interval() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("b", 1200, 41.90, 12.50));
        aggregator.accept(point("c", 5, 41.90, 12.50));

        CellIntervalFigures first = aggregator.closedIntervalFigures().get(0);
        assertThat(first.points()).isEqualTo(2);
        assertThat(first.vehicles()).isEqualTo(2);
    }

    @Test
    void updates_carry_only_what_changed_within_the_limits() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults().withUpdateLimits(2, 100), CLOCK);
        for (int i = 0; i < 5; i++) {
            aggregator.accept(point("v" + i, i, 41.90 + i * 0.01, 12.50));
        }
        LiveUpdate first = aggregator.drainUpdate();
        assertThat(first.vehicles()).hasSize(2);
        assertThat(first.more()).isTrue();
        assertThat(first.cells()).hasSize(5);
        assertThat(aggregator.drainUpdate().vehicles()).hasSize(2);
        LiveUpdate third = aggregator.drainUpdate();
        assertThat(third.vehicles()).extracting(VehiclePosition::vehicleId).containsExactly("v4");
        assertThat(third.more()).isFalse();
        assertThat(aggregator.drainUpdate().isEmpty()).isTrue();

        aggregator.accept(point("v1", 10, 41.91, 12.50));
        LiveUpdate fourth = aggregator.drainUpdate();
        assertThat(fourth.vehicles()).extracting(VehiclePosition::vehicleId).containsExactly("v1");
        assertThat(fourth.totals().points()).isEqualTo(6);
    }

    @Test
    void the_recent_view_counts_points_of_the_last_minutes_of_the_data_clock() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults().withRecent(Duration.ofMinutes(5)), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("a", 60, 41.90, 12.50));
        aggregator.accept(point("b", 60, 41.80, 12.40));
        assertThat(aggregator.snapshot().cells()).extracting(CellFigures::points).containsExactlyInAnyOrder(2L, 1L);

        aggregator.accept(point("b", 6 * 60, 41.80, 12.40)); // six minutes on: a's points and a itself age out
        aggregator.drainUpdate();
        LiveUpdate snapshot = aggregator.snapshot();
        assertThat(snapshot.vehicles()).extracting(VehiclePosition::vehicleId).containsExactly("b");
        assertThat(snapshot.cells()).singleElement().satisfies(cell -> {
            assertThat(cell.cell()).isEqualTo(h3.latLngToCell(41.80, 12.40, 8));
            assertThat(cell.points()).isEqualTo(1);
            assertThat(cell.vehicles()).isEqualTo(1);
        });
    }

    @Test
    void silent_vehicles_are_removed_from_the_map_in_an_update() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults().withRecent(Duration.ofMinutes(2)), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(point("b", 0, 41.80, 12.40));
        aggregator.drainUpdate();
        aggregator.accept(point("b", 180, 41.80, 12.40));
        LiveUpdate update = aggregator.drainUpdate();
        assertThat(update.removedVehicles()).containsExactly("a");
        assertThat(update.removedCells()).containsExactly(h3.latLngToCell(41.90, 12.50, 8));
        assertThat(update.totals().vehicles()).isEqualTo(1);
    }

    @Test
    void a_timestamp_far_in_the_future_does_not_move_the_data_clock() {
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), CLOCK);
        aggregator.accept(point("a", 0, 41.90, 12.50));
        aggregator.accept(new GpsPoint("b", GpsPoint.toEpochMicros(Instant.parse("2099-01-01T00:00:00Z")), 41.9, 12.5, -1, ""));
        assertThat(aggregator.totals().watermarkMicros()).isEqualTo(GpsPoint.toEpochMicros(T0));
    }

    private static GpsPoint point(String vehicle, int seconds, double latitude, double longitude) {
        return GpsPoint.of(vehicle, T0.plusSeconds(seconds), latitude, longitude, "test");
    }

    private static H3Core h3() {
        try {
            return H3Core.newInstance();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
