package io.urbanflow.mobility;

/**
 * Distances, bearings and speeds on the sphere, for the hot loops that derive trajectories from points. Pure
 * static functions without allocation; thread-safe.
 *
 * <p>The Earth is a sphere of radius {@link #EARTH_RADIUS_METRES} (the IUGG mean radius). Against the WGS84
 * ellipsoid the haversine distance errs by at most about 0.5%, far below GPS noise at city scale.
 */
public final class Geo {
    /** The IUGG mean Earth radius R1 = (2a + b) / 3, in metres. */
    public static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private static final double MICROS_PER_HOUR = 3_600_000_000.0;

    private Geo() {
    }

    /**
     * The great-circle distance between two positions by the haversine formula, in metres; 0 for equal positions.
     * Arguments are degrees; the result is NaN when an argument is NaN.
     */
    public static double distanceMetres(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double sinHalfDeltaPhi = Math.sin((phi2 - phi1) * 0.5);
        double sinHalfDeltaLambda = Math.sin(Math.toRadians(longitude2 - longitude1) * 0.5);
        double a = sinHalfDeltaPhi * sinHalfDeltaPhi + Math.cos(phi1) * Math.cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda;
        // min() guards asin against rounding just above 1 for antipodal points
        return 2.0 * EARTH_RADIUS_METRES * Math.asin(Math.sqrt(Math.min(1.0, a)));
    }

    /**
     * The initial bearing (forward azimuth) of the great circle from the first position to the second, in degrees
     * clockwise from true north in [0, 360): 0 north, 90 east. For equal positions the result is 0.
     */
    public static double initialBearingDegrees(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double deltaLambda = Math.toRadians(longitude2 - longitude1);
        double cosPhi2 = Math.cos(phi2);
        double y = Math.sin(deltaLambda) * cosPhi2;
        double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * cosPhi2 * Math.cos(deltaLambda);
        double degrees = Math.toDegrees(Math.atan2(y, x));
        // atan2 gives (-180, 180]; +0.0 turns a -0.0 into 0.0
        return degrees < 0 ? degrees + 360.0 : degrees + 0.0;
    }

    /**
     * The mean speed over {@code distanceMetres} covered in {@code elapsedMicros}, in km/h. Positive infinity when
     * the distance is positive and no time elapsed (two fixes at one instant far apart); NaN for 0 m in 0 us.
     */
    public static double speedKmh(double distanceMetres, long elapsedMicros) {
        // m / us * 3.6e9 us/h / 1000 m/km
        return distanceMetres / elapsedMicros * (MICROS_PER_HOUR / 1000.0);
    }
}
