package io.urbanflow.mobility.analytics.internal;

import io.urbanflow.mobility.Geo;

/**
 * Equirectangular projection to metres around a reference position: east and north offsets. Accurate to well under
 * 1% of the distance within a city (tens of kilometres), which is what clustering needs; not for continents.
 * Immutable.
 */
public final class LocalProjection {
    private final double referenceLatitude;
    private final double referenceLongitude;
    private final double metersPerDegreeLatitude;
    private final double metersPerDegreeLongitude;

    public LocalProjection(double referenceLatitude, double referenceLongitude) {
        this.referenceLatitude = referenceLatitude;
        this.referenceLongitude = referenceLongitude;
        this.metersPerDegreeLatitude = Math.toRadians(1) * Geo.EARTH_RADIUS_METRES;
        this.metersPerDegreeLongitude = metersPerDegreeLatitude * Math.cos(Math.toRadians(referenceLatitude));
    }

    /** Centred on the mean position of the points. */
    public static LocalProjection centredOn(double[] latitudes, double[] longitudes) {
        double latitudeSum = 0;
        double longitudeSum = 0;
        for (int index = 0; index < latitudes.length; index++) {
            latitudeSum += latitudes[index];
            longitudeSum += longitudes[index];
        }
        int count = Math.max(1, latitudes.length);
        return new LocalProjection(latitudeSum / count, longitudeSum / count);
    }

    public double x(double longitude) {
        return (longitude - referenceLongitude) * metersPerDegreeLongitude;
    }

    public double y(double latitude) {
        return (latitude - referenceLatitude) * metersPerDegreeLatitude;
    }

    public double latitude(double y) {
        return referenceLatitude + y / metersPerDegreeLatitude;
    }

    public double longitude(double x) {
        return referenceLongitude + x / metersPerDegreeLongitude;
    }
}
