package io.urbanflow.mobility.analytics;

/**
 * A stay point (Li et al. 2008): a vehicle stayed within a radius of the first point for at least a minimum
 * duration. Immutable.
 *
 * @param vehicleId        the vehicle
 * @param startMicros      arrival: the first point's instant, epoch microseconds
 * @param endMicros        departure: the last point within the radius, epoch microseconds
 * @param startLocalMicros the arrival as local wall-clock microseconds (for its day and hour)
 * @param latitude         the centroid (mean) of the points of the stay
 * @param longitude        the centroid (mean) of the points of the stay
 * @param h3Cell           the centroid's H3 cell at the track's resolution, or {@link VehicleTrack#NO_CELL}
 * @param points           how many points the stay holds
 * @param firstIndex       index of the first point in the segmented {@link VehicleTrack}
 * @param lastIndex        index of the last point in the segmented {@link VehicleTrack}
 */
public record StayPoint(String vehicleId, long startMicros, long endMicros, long startLocalMicros,
                        double latitude, double longitude, long h3Cell, int points, int firstIndex, int lastIndex) {
    public StayPoint {
        if (endMicros < startMicros || points < 1 || lastIndex < firstIndex) {
            throw new IllegalArgumentException("Cannot build stay point of " + vehicleId + ": it ends before it starts");
        }
    }

    public double durationSeconds() {
        return (endMicros - startMicros) / 1e6;
    }
}
