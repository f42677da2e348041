package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class TrajectoryPlannerTest {
    private static final Duration GAP = Duration.ofMinutes(15);
    private final TrajectorySegmenter segmenter = new TrajectorySegmenter(GAP, 100, Duration.ofMinutes(5), SampleTracks::cellLike);

    @Test
    void an_incremental_run_after_a_change_gives_what_a_full_rebuild_gives() {
        List<VehicleTrack> before = SampleTracks.sfCabspotting();
        long[] bounds = new InMemoryTrackReader(before).bounds();
        List<Long> allDays = days(bounds);
        assertThat(allDays.size()).isGreaterThan(20);
        // Change a few days: drop points around local midnights and in the middle of a day.
        for (long day : new long[] {allDays.get(3), allDays.get(10), allDays.get(allDays.size() - 2)}) {
            long midnight = (day + 1) * TrajectoryPlanner.DAY_MICROS;
            long noon = day * TrajectoryPlanner.DAY_MICROS + TrajectoryPlanner.DAY_MICROS / 2;
            LongPredicate dropped = local -> Math.abs(local - midnight) < 600_000_000L || Math.abs(local - noon) < 1_800_000_000L;
            List<VehicleTrack> after = without(before, dropped);
            List<Long> changed = List.of(day, day + 1);
            assertIncrementalEqualsFull(before, after, changed);
        }
    }

    @Test
    void a_change_reaches_back_to_the_day_on_which_its_session_started() {
        // A taxi that drives from 23:40 to 00:20 local without a gap: its trip starts the day before the change.
        VehicleTrack track = new VehicleTrack().reset("night");
        long day = 16_000;
        long start = (day + 1) * TrajectoryPlanner.DAY_MICROS - 20 * 60_000_000L;
        for (int minute = 0; minute <= 40; minute++) {
            long local = start + minute * 60_000_000L;
            track.add(local - 3_600_000_000L, local, 41.9 + minute * 0.002, 12.5, Double.NaN, SampleTracks.cell(41.9 + minute * 0.002, 12.5));
        }
        TrajectoryPlanner planner = new TrajectoryPlanner(segmenter, GAP, List.of());
        TrajectoryPlanner.Outcome outcome = planner.incremental(new InMemoryTrackReader(List.of(track)), List.of(day + 1));
        assertThat(outcome.days()).containsExactly(day, day + 1);
        assertThat(outcome.trips()).hasSize(1);
    }

    @Test
    void a_session_longer_than_the_window_is_read_again_with_a_wider_window() {
        // Three days of reports every 2 minutes without a gap, moving slowly: one session, read whole.
        VehicleTrack track = new VehicleTrack().reset("tireless");
        long startLocal = 16_000 * TrajectoryPlanner.DAY_MICROS;
        for (int step = 0; step < 3 * 24 * 30; step++) {
            double latitude = 41.85 + (step % 500) * 0.0005;
            long local = startLocal + step * 120_000_000L;
            track.add(local - 3_600_000_000L, local, latitude, 12.5, Double.NaN, SampleTracks.cell(latitude, 12.5));
        }
        InMemoryTrackReader reader = new InMemoryTrackReader(List.of(track));
        TrajectoryPlanner planner = new TrajectoryPlanner(segmenter, GAP, List.of());
        TrajectoryPlanner.Outcome outcome = planner.incremental(reader, List.of(16_001L));
        TrajectoryPlanner.Outcome full = planner.full(new InMemoryTrackReader(List.of(track)));
        assertThat(outcome.passes()).isGreaterThan(1);
        assertThat(keys(outcome.trips(), outcome.stays())).isEqualTo(keys(restrict(full, outcome.days())));
    }

    @Test
    void nothing_changed_reads_nothing() {
        InMemoryTrackReader reader = new InMemoryTrackReader(SampleTracks.romeCrawdad());
        TrajectoryPlanner.Outcome outcome = new TrajectoryPlanner(segmenter, GAP, List.of()).incremental(reader, List.of());
        assertThat(outcome.days()).isEmpty();
        assertThat(reader.reads).isZero();
    }

    private void assertIncrementalEqualsFull(List<VehicleTrack> before, List<VehicleTrack> after, List<Long> changed) {
        TrajectoryPlanner planner = new TrajectoryPlanner(segmenter, GAP, List.of());
        TrajectoryPlanner.Outcome old = planner.full(new InMemoryTrackReader(before));
        TrajectoryPlanner.Outcome incremental = planner.incremental(new InMemoryTrackReader(after), changed);
        TrajectoryPlanner.Outcome rebuilt = planner.full(new InMemoryTrackReader(after));
        assertThat(incremental.days()).containsAll(changed);
        // the table after the incremental run: old rows of the days not recomputed, new rows of the recomputed days
        Set<String> table = new HashSet<>();
        Set<Long> recomputed = new HashSet<>(incremental.days());
        for (String key : keys(old.trips(), old.stays())) {
            if (!recomputed.contains(Long.parseLong(key.substring(0, key.indexOf('|'))))) {
                table.add(key);
            }
        }
        table.addAll(keys(incremental.trips(), incremental.stays()));
        assertThat(table).isEqualTo(keys(rebuilt.trips(), rebuilt.stays()));
    }

    private static Set<String> keys(TrajectoryPlanner.Outcome outcome) {
        return keys(outcome.trips(), outcome.stays());
    }

    private static TrajectoryPlanner.Outcome restrict(TrajectoryPlanner.Outcome outcome, List<Long> days) {
        Set<Long> wanted = new HashSet<>(days);
        return new TrajectoryPlanner.Outcome(false, days,
                outcome.trips().stream().filter(trip -> wanted.contains(Math.floorDiv(trip.startLocalMicros(), TrajectoryPlanner.DAY_MICROS))).toList(),
                outcome.stays().stream().filter(stay -> wanted.contains(Math.floorDiv(stay.startLocalMicros(), TrajectoryPlanner.DAY_MICROS))).toList(),
                1, 0, 0, 0);
    }

    /** Rows as "localDay|kind|vehicle|start|end|points". */
    private static Set<String> keys(List<Trip> trips, List<StayPoint> stays) {
        Set<String> keys = new HashSet<>();
        for (Trip trip : trips) {
            keys.add(Math.floorDiv(trip.startLocalMicros(), TrajectoryPlanner.DAY_MICROS) + "|trip|" + trip.vehicleId() + "|"
                    + trip.startMicros() + "|" + trip.endMicros() + "|" + trip.points());
        }
        for (StayPoint stay : stays) {
            keys.add(Math.floorDiv(stay.startLocalMicros(), TrajectoryPlanner.DAY_MICROS) + "|stay|" + stay.vehicleId() + "|"
                    + stay.startMicros() + "|" + stay.endMicros() + "|" + stay.points());
        }
        return keys;
    }

    private static List<Long> days(long[] bounds) {
        List<Long> days = new ArrayList<>();
        for (long day = Math.floorDiv(bounds[0], TrajectoryPlanner.DAY_MICROS); day <= Math.floorDiv(bounds[1], TrajectoryPlanner.DAY_MICROS); day++) {
            days.add(day);
        }
        return days;
    }

    private static List<VehicleTrack> without(List<VehicleTrack> tracks, LongPredicate droppedLocal) {
        List<VehicleTrack> copies = new ArrayList<>();
        for (VehicleTrack track : tracks) {
            VehicleTrack copy = new VehicleTrack().reset(track.vehicleId());
            for (int index = 0; index < track.size(); index++) {
                if (!droppedLocal.test(track.localMicros(index))) {
                    copy.add(track.epochMicros(index), track.localMicros(index), track.latitude(index), track.longitude(index),
                            track.speedKmh(index), track.h3Cell(index));
                }
            }
            copies.add(copy);
        }
        return copies;
    }
}
