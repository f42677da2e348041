package io.urbanflow.mobility.analytics;

import java.util.List;

/**
 * What {@link TrajectorySegmenter#segment} found in one track. Immutable.
 *
 * @param sessions runs of points without a gap longer than the trip gap, as {@code {firstIndex, lastIndex}}
 * @param stays    stay points in time order
 * @param trips    trips in time order
 */
public record TrackSegments(List<int[]> sessions, List<StayPoint> stays, List<Trip> trips) {
    public TrackSegments {
        sessions = List.copyOf(sessions);
        stays = List.copyOf(stays);
        trips = List.copyOf(trips);
    }
}
