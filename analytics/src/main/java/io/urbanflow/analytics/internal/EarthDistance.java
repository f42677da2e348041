package io.urbanflow.analytics.internal;

/**
 * Great-circle distances on a spherical Earth. Stateless, thread-safe; no allocation.
 */
public final class EarthDistance {
    /** The IUGG mean Earth radius. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private EarthDistance() {
    }

    /** The haversine distance between two positions in degrees, in metres. */
    public static double haversineMeters(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double sinHalfDeltaPhi = Math.sin((phi2 - phi1) * 0.5);
        double sinHalfDeltaLambda = Math.sin(Math.toRadians(longitude2 - longitude1) * 0.5);
        double a = sinHalfDeltaPhi * sinHalfDeltaPhi + Math.cos(phi1) * Math.cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
