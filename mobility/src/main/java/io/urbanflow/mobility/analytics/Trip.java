package io.urbanflow.mobility.analytics;

/**
 * A movement of one vehicle between two stays, or between a gap in its reports and a stay (or another gap).
 * Immutable.
 *
 * @param vehicleId        the vehicle
 * @param startMicros      the first point's instant, epoch microseconds
 * @param endMicros        the last point's instant, epoch microseconds
 * @param startLocalMicros the start as local wall-clock microseconds (for its day and hour)
 * @param startCell        the first point's H3 cell, or {@link VehicleTrack#NO_CELL}
 * @param endCell          the last point's H3 cell, or {@link VehicleTrack#NO_CELL}
 * @param distanceMeters   the sum of the haversine distances between consecutive points
 * @param points           how many points the trip holds, at least 2
 * @param firstIndex       index of the first point in the segmented {@link VehicleTrack}
 * @param lastIndex        index of the last point in the segmented {@link VehicleTrack}
 */
public record Trip(String vehicleId, long startMicros, long endMicros, long startLocalMicros,
                   double startLatitude, double startLongitude, double endLatitude, double endLongitude,
                   long startCell, long endCell, double distanceMeters, int points, int firstIndex, int lastIndex) {
    public Trip {
        if (endMicros < startMicros || points < 2 || lastIndex <= firstIndex) {
            throw new IllegalArgumentException("Cannot build trip of " + vehicleId + ": it needs two points in time order");
        }
    }

    /** {@code VEHICLE-STARTMICROS}: unique, and the same when the trip is computed again from the same points. */
    public String tripId() {
        return vehicleId + "-" + startMicros;
    }

    public double durationSeconds() {
        return (endMicros - startMicros) / 1e6;
    }

    /** Distance over duration, or 0 for a trip without duration. */
    public double meanSpeedKmh() {
        double seconds = durationSeconds();
        return seconds > 0 ? distanceMeters / seconds * 3.6 : 0.0;
    }
}
