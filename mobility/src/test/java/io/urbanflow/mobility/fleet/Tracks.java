package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.GpsPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of a run grouped by vehicle, with what the tests measure on them: implied speeds, report intervals and
 * outliers as an analyst would detect them, knowing nothing of the generator.
 */
final class Tracks {
    /** Faster than any taxi: a point this far from its neighbours in time is a GPS jump. */
    static final double IMPOSSIBLE_KMH = 200;
    /** Consecutive reports further apart than this are a gap (dropout or shift change), not one interval. */
    static final double GAP_SECONDS = 60;

    final List<GpsPoint> points;
    final Map<String, List<GpsPoint>> byVehicle = new LinkedHashMap<>();
    final Map<String, boolean[]> outliers = new LinkedHashMap<>();

    Tracks(List<GpsPoint> points) {
        this.points = points;
        for (GpsPoint point : points) {
            byVehicle.computeIfAbsent(point.vehicleId(), id -> new ArrayList<>()).add(point);
        }
        byVehicle.forEach((id, track) -> outliers.put(id, detectOutliers(track)));
    }

    Collection<List<GpsPoint>> tracks() {
        return byVehicle.values();
    }

    boolean isOutlier(String vehicleId, int index) {
        return outliers.get(vehicleId)[index];
    }

    long outlierCount() {
        long count = 0;
        for (boolean[] flags : outliers.values()) {
            for (boolean flag : flags) {
                count += flag ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * A point is an outlier when it has at least one neighbour in its track within {@link #GAP_SECONDS} and the
     * implied speed to every such neighbour is impossible.
     */
    private static boolean[] detectOutliers(List<GpsPoint> track) {
        boolean[] flags = new boolean[track.size()];
        for (int i = 0; i < track.size(); i++) {
            int near = 0;
            int impossible = 0;
            for (int j = i - 1; j <= i + 1; j += 2) {
                if (j < 0 || j >= track.size() || seconds(track.get(i), track.get(j)) > GAP_SECONDS) {
                    continue;
                }
                near++;
                if (kmh(track.get(i), track.get(j)) > IMPOSSIBLE_KMH) {
                    impossible++;
                }
            }
            flags[i] = near > 0 && impossible == near;
        }
        return flags;
    }

    static double seconds(GpsPoint a, GpsPoint b) {
        return Math.abs(b.epochMicros() - a.epochMicros()) / 1e6;
    }

    static double meters(GpsPoint a, GpsPoint b) {
        double latitudeA = Math.toRadians(a.latitude());
        double latitudeB = Math.toRadians(b.latitude());
        double halfLatitude = (latitudeB - latitudeA) / 2;
        double halfLongitude = Math.toRadians(b.longitude() - a.longitude()) / 2;
        double h = Math.sin(halfLatitude) * Math.sin(halfLatitude)
                + Math.cos(latitudeA) * Math.cos(latitudeB) * Math.sin(halfLongitude) * Math.sin(halfLongitude);
        return 2 * CityMap.EARTH_RADIUS_METERS * Math.asin(Math.sqrt(h));
    }

    static double kmh(GpsPoint a, GpsPoint b) {
        return meters(a, b) / seconds(a, b) * 3.6;
    }

    static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(fraction * sorted.size())));
    }
}
