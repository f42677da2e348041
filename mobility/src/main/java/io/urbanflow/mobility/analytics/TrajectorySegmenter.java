package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.Geo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a vehicle's track into sessions, stay points and trips.
 *
 * <ol>
 *   <li><b>Sessions</b>: the track is cut wherever two consecutive points are more than the trip gap apart. Nothing
 *       spans a gap: like trackintel's {@code gap_threshold}, a vehicle that stopped reporting is not assumed to
 *       have stayed or moved.</li>
 *   <li><b>Stay points</b> within each session, after Li et al. (2008), "Mining user similarity based on location
 *       history": from an anchor point, the following points within the stop radius of the anchor form a stay
 *       when the last of them is at least the minimum duration after the anchor; the search then goes on after
 *       the stay, else from the next anchor. The last run of a session counts too (a vehicle parked until its
 *       session ends stayed).</li>
 *   <li><b>Trips</b>: the movement between stays within a session, from the last point of one stay (or the
 *       session's first point) to the first point of the next stay (or the session's last point); a piece needs
 *       two points to be a trip.</li>
 * </ol>
 *
 * Immutable and thread-safe when its {@link CellFunction} is.
 */
public final class TrajectorySegmenter {
    /** Finds the H3 cell of a stay's centroid. */
    @FunctionalInterface
    public interface CellFunction {
        CellFunction NONE = (latitude, longitude, like) -> VehicleTrack.NO_CELL;

        /** The cell of the position at the resolution of {@code likeCell} (a cell of the same track), or NO_CELL. */
        long cellOf(double latitude, double longitude, long likeCell);
    }

    private final long tripGapMicros;
    private final double stopRadiusMeters;
    private final long stopMinDurationMicros;
    private final CellFunction cells;

    public TrajectorySegmenter(Duration tripGap, double stopRadiusMeters, Duration stopMinDuration, CellFunction cells) {
        if (tripGap.isNegative() || tripGap.isZero()) {
            throw new IllegalArgumentException("Cannot segment trajectories: trip gap " + tripGap + " is not positive");
        }
        if (!(stopRadiusMeters > 0)) {
            throw new IllegalArgumentException("Cannot segment trajectories: stop radius " + stopRadiusMeters + " m is not positive");
        }
        if (stopMinDuration.isNegative() || stopMinDuration.isZero()) {
            throw new IllegalArgumentException("Cannot segment trajectories: stop duration " + stopMinDuration + " is not positive");
        }
        this.tripGapMicros = tripGap.toNanos() / 1_000;
        this.stopRadiusMeters = stopRadiusMeters;
        this.stopMinDurationMicros = stopMinDuration.toNanos() / 1_000;
        this.cells = cells == null ? CellFunction.NONE : cells;
    }

    public static TrajectorySegmenter of(AnalyticsConfig config, CellFunction cells) {
        return new TrajectorySegmenter(config.tripGap(), config.stopRadiusMeters(), config.stopMinDuration(), cells);
    }

    public TrackSegments segment(VehicleTrack track) {
        List<int[]> sessions = new ArrayList<>();
        List<StayPoint> stays = new ArrayList<>();
        List<Trip> trips = new ArrayList<>();
        int size = track.size();
        int sessionStart = 0;
        for (int index = 1; index <= size; index++) {
            if (index == size || track.epochMicros(index) - track.epochMicros(index - 1) > tripGapMicros) {
                if (size > 0) {
                    sessions.add(new int[] {sessionStart, index - 1});
                    segmentSession(track, sessionStart, index - 1, stays, trips);
                }
                sessionStart = index;
            }
        }
        return new TrackSegments(sessions, stays, trips);
    }

    private void segmentSession(VehicleTrack track, int first, int last, List<StayPoint> stays, List<Trip> trips) {
        int pieceStart = first;
        int anchor = first;
        while (anchor <= last) {
            double anchorLatitude = track.latitude(anchor);
            double anchorLongitude = track.longitude(anchor);
            int next = anchor + 1;
            while (next <= last && Geo.distanceMetres(anchorLatitude, anchorLongitude,
                    track.latitude(next), track.longitude(next)) <= stopRadiusMeters) {
                next++;
            }
            if (track.epochMicros(next - 1) - track.epochMicros(anchor) >= stopMinDurationMicros) {
                StayPoint stay = stay(track, anchor, next - 1);
                addTrip(track, pieceStart, anchor, trips);
                stays.add(stay);
                pieceStart = next - 1;
                anchor = next;
            } else {
                anchor++;
            }
        }
        addTrip(track, pieceStart, last, trips);
    }

    private StayPoint stay(VehicleTrack track, int first, int last) {
        double latitudeSum = 0;
        double longitudeSum = 0;
        for (int index = first; index <= last; index++) {
            latitudeSum += track.latitude(index);
            longitudeSum += track.longitude(index);
        }
        int points = last - first + 1;
        double latitude = latitudeSum / points;
        double longitude = longitudeSum / points;
        long like = track.h3Cell(first);
        long cell = like == VehicleTrack.NO_CELL ? VehicleTrack.NO_CELL : cells.cellOf(latitude, longitude, like);
        return new StayPoint(track.vehicleId(), track.epochMicros(first), track.epochMicros(last), track.localMicros(first),
                latitude, longitude, cell, points, first, last);
    }

    private static void addTrip(VehicleTrack track, int first, int last, List<Trip> trips) {
        if (last <= first) {
            return;
        }
        double distance = 0;
        for (int index = first + 1; index <= last; index++) {
            distance += Geo.distanceMetres(track.latitude(index - 1), track.longitude(index - 1),
                    track.latitude(index), track.longitude(index));
        }
        trips.add(new Trip(track.vehicleId(), track.epochMicros(first), track.epochMicros(last), track.localMicros(first),
                track.latitude(first), track.longitude(first), track.latitude(last), track.longitude(last),
                track.h3Cell(first), track.h3Cell(last), distance, last - first + 1, first, last));
    }
}
