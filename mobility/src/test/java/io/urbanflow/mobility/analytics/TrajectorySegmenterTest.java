package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectorySegmenterTest {
    private static final Duration GAP = Duration.ofMinutes(15);
    private static final double RADIUS = 100;
    private static final Duration MIN_STAY = Duration.ofMinutes(5);
    private static final List<VehicleTrack> TRACKS = SampleTracks.all();

    private final TrajectorySegmenter segmenter = new TrajectorySegmenter(GAP, RADIUS, MIN_STAY, SampleTracks::cellLike);

    @Test
    void without_stays_trips_are_the_runs_between_gaps_longer_than_the_trip_gap() {
        TrajectorySegmenter gapsOnly = new TrajectorySegmenter(GAP, RADIUS, Duration.ofDays(3650), null);
        long totalTrips = 0;
        long totalGaps = 0;
        for (VehicleTrack track : TRACKS) {
            int runs = 0;
            int gaps = 0;
            int runLength = 1;
            for (int index = 1; index <= track.size(); index++) {
                boolean gap = index < track.size() && track.epochMicros(index) - track.epochMicros(index - 1) > GAP.toNanos() / 1000;
                if (index == track.size() || gap) {
                    if (runLength >= 2) {
                        runs++;
                    }
                    runLength = 1;
                    gaps += gap ? 1 : 0;
                } else {
                    runLength++;
                }
            }
            TrackSegments segments = gapsOnly.segment(track);
            assertThat(segments.trips()).as("trips of %s", track.vehicleId()).hasSize(runs);
            assertThat(segments.sessions()).as("sessions of %s", track.vehicleId()).hasSize(gaps + 1);
            assertThat(segments.stays()).isEmpty();
            totalTrips += runs;
            totalGaps += gaps;
        }
        // The samples hold gaps to find: San Francisco's 24 days and Porto's separate trips per taxi.
        assertThat(totalGaps).isGreaterThan(100);
        assertThat(totalTrips).isGreaterThan(100);
    }

    @Test
    void stays_equal_a_brute_force_stay_point_detection_on_every_sample() {
        int total = 0;
        for (VehicleTrack track : TRACKS) {
            List<long[]> expected = bruteForceStays(track);
            List<StayPoint> actual = segmenter.segment(track).stays();
            assertThat(actual).as("stays of %s", track.vehicleId()).hasSize(expected.size());
            for (int index = 0; index < expected.size(); index++) {
                StayPoint stay = actual.get(index);
                long[] want = expected.get(index);
                assertThat(new long[] {stay.startMicros(), stay.endMicros(), stay.points()}).containsExactly(want[0], want[1], want[2]);
                assertThat(stay.durationSeconds()).isGreaterThanOrEqualTo(MIN_STAY.toSeconds());
                assertThat(stay.h3Cell()).isEqualTo(SampleTracks.cell(stay.latitude(), stay.longitude()));
            }
            total += expected.size();
        }
        assertThat(total).as("stays found in the samples").isGreaterThan(50);
    }

    @Test
    void trips_are_the_movement_between_stays_and_never_span_a_gap() {
        int total = 0;
        for (VehicleTrack track : TRACKS) {
            List<long[]> stays = bruteForceStays(track);
            List<long[]> expected = bruteForceTrips(track, stays);
            List<Trip> trips = segmenter.segment(track).trips();
            assertThat(trips).as("trips of %s", track.vehicleId()).hasSize(expected.size());
            for (int index = 0; index < trips.size(); index++) {
                Trip trip = trips.get(index);
                assertThat(new long[] {trip.startMicros(), trip.endMicros()}).containsExactly(expected.get(index));
                double steps = 0;
                for (int point = trip.firstIndex() + 1; point <= trip.lastIndex(); point++) {
                    assertThat(track.epochMicros(point) - track.epochMicros(point - 1)).isLessThanOrEqualTo(GAP.toNanos() / 1000);
                    steps += vincentyMeters(track.latitude(point - 1), track.longitude(point - 1), track.latitude(point), track.longitude(point));
                }
                assertThat(trip.distanceMeters()).isCloseTo(steps, within(0.5 + steps * 1e-6));
                assertThat(trip.meanSpeedKmh()).isCloseTo(steps / trip.durationSeconds() * 3.6, within(0.01));
                assertThat(trip.startCell()).isEqualTo(SampleTracks.cell(trip.startLatitude(), trip.startLongitude()));
                assertThat(trip.endCell()).isEqualTo(SampleTracks.cell(trip.endLatitude(), trip.endLongitude()));
                assertThat(trip.tripId()).isEqualTo(track.vehicleId() + "-" + trip.startMicros());
            }
            total += trips.size();
        }
        assertThat(total).isGreaterThan(100);
    }

    @Test
    void a_taxi_that_waits_drives_and_waits_has_two_stays_and_one_trip_between_them() {
        VehicleTrack track = new VehicleTrack().reset("t1");
        long start = 1_391_209_200_000_000L;
        int second = 0;
        for (; second <= 600; second += 30) { // 10 minutes at a rank, jittering a few metres
            add(track, start, second, 41.9000 + (second % 60 == 0 ? 0.00002 : -0.00002), 12.5000);
        }
        for (int step = 1; step <= 20; step++, second += 30) { // 20 steps of about 110 m north
            add(track, start, second, 41.9000 + step * 0.001, 12.5000);
        }
        double parked = 41.9000 + 20 * 0.001;
        for (int wait = 0; wait <= 600; wait += 30, second += 30) {
            add(track, start, second, parked, 12.5000);
        }
        TrackSegments segments = segmenter.segment(track);
        assertThat(segments.stays()).hasSize(2);
        assertThat(segments.trips()).hasSize(1);
        Trip trip = segments.trips().get(0);
        assertThat(trip.startMicros()).isEqualTo(segments.stays().get(0).endMicros());
        assertThat(trip.endMicros()).isEqualTo(segments.stays().get(1).startMicros());
        assertThat(trip.distanceMeters()).isCloseTo(20 * 111.2, within(5.0));
        assertThat(segments.stays().get(0).latitude()).isCloseTo(41.9, within(0.00003));
    }

    @Test
    void a_gap_longer_than_the_trip_gap_ends_a_session_even_when_the_vehicle_did_not_move() {
        VehicleTrack track = new VehicleTrack().reset("t2");
        long start = 1_391_209_200_000_000L;
        add(track, start, 0, 41.9, 12.5);
        add(track, start, 60, 41.901, 12.5);
        add(track, start, 60 + 16 * 60, 41.901, 12.5); // 16 minutes later at the same place
        add(track, start, 60 + 17 * 60, 41.902, 12.5);
        TrackSegments segments = segmenter.segment(track);
        assertThat(segments.sessions()).hasSize(2);
        assertThat(segments.stays()).isEmpty();
        assertThat(segments.trips()).hasSize(2);
    }

    private static void add(VehicleTrack track, long startMicros, int second, double latitude, double longitude) {
        long micros = startMicros + second * 1_000_000L;
        track.add(micros, micros + 3_600_000_000L, latitude, longitude, Double.NaN, SampleTracks.cell(latitude, longitude));
    }

    /**
     * Stay points as Li et al. (2008) write them, per session: anchor i, advance j while within the radius of i;
     * a stay when the last point within is at least the minimum duration after i. Returns {start, end, points}.
     */
    static List<long[]> bruteForceStays(VehicleTrack track) {
        List<long[]> stays = new ArrayList<>();
        for (int[] session : sessions(track)) {
            int i = session[0];
            while (i <= session[1]) {
                int j = i + 1;
                boolean token = false;
                while (true) {
                    boolean outside = j > session[1]
                            || vincentyMeters(track.latitude(i), track.longitude(i), track.latitude(j), track.longitude(j)) > RADIUS;
                    if (outside) {
                        if (track.epochMicros(j - 1) - track.epochMicros(i) >= MIN_STAY.toNanos() / 1000) {
                            stays.add(new long[] {track.epochMicros(i), track.epochMicros(j - 1), j - i, i, j - 1});
                            i = j;
                            token = true;
                        }
                        break;
                    }
                    j++;
                }
                if (!token) {
                    i++;
                }
            }
        }
        return stays;
    }

    /** Trips from stays: within a session, from the session start or a stay's last point to the next stay's first point or the session end. */
    static List<long[]> bruteForceTrips(VehicleTrack track, List<long[]> stays) {
        List<long[]> trips = new ArrayList<>();
        for (int[] session : sessions(track)) {
            int from = session[0];
            for (long[] stay : stays) {
                if (stay[3] >= session[0] && stay[4] <= session[1]) {
                    if (stay[3] > from) {
                        trips.add(new long[] {track.epochMicros(from), track.epochMicros((int) stay[3])});
                    }
                    from = (int) stay[4];
                }
            }
            if (session[1] > from) {
                trips.add(new long[] {track.epochMicros(from), track.epochMicros(session[1])});
            }
        }
        return trips;
    }

    private static List<int[]> sessions(VehicleTrack track) {
        List<int[]> sessions = new ArrayList<>();
        int first = 0;
        for (int index = 1; index < track.size(); index++) {
            if (track.epochMicros(index) - track.epochMicros(index - 1) > GAP.toNanos() / 1000) {
                sessions.add(new int[] {first, index - 1});
                first = index;
            }
        }
        if (track.size() > 0) {
            sessions.add(new int[] {first, track.size() - 1});
        }
        return sessions;
    }

    /** The spherical Vincenty (atan2) formula: a different formula from the haversine the segmenter uses. */
    static double vincentyMeters(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double deltaLambda = Math.toRadians(longitude2 - longitude1);
        double y1 = Math.cos(phi2) * Math.sin(deltaLambda);
        double y2 = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(deltaLambda);
        double x = Math.sin(phi1) * Math.sin(phi2) + Math.cos(phi1) * Math.cos(phi2) * Math.cos(deltaLambda);
        return 6_371_008.8 * Math.atan2(Math.sqrt(y1 * y1 + y2 * y2), x);
    }
}
