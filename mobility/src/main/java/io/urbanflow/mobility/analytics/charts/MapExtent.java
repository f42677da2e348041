package io.urbanflow.mobility.analytics.charts;

/**
 * The part of the map a chart shows, in degrees. Immutable.
 *
 * @param west  smallest longitude
 * @param east  largest longitude
 * @param south smallest latitude
 * @param north largest latitude
 */
public record MapExtent(double west, double east, double south, double north) {
    /** Narrowest span shown, in degrees of latitude (about 1 km): a single point still gets a readable map. */
    public static final double MINIMUM_SPAN_DEGREES = 0.01;

    public MapExtent {
        if (!(west <= east && south <= north) || Double.isNaN(west) || Double.isNaN(south)) {
            throw new IllegalArgumentException("Cannot build map extent: " + west + ".." + east + " x " + south + ".." + north);
        }
    }

    public double centerLatitude() {
        return (south + north) / 2;
    }

    public double centerLongitude() {
        return (west + east) / 2;
    }

    /** East-west stretch of the equirectangular projection at the extent's middle latitude: cos(latitude). */
    public double longitudeScale() {
        return Math.max(0.05, Math.cos(Math.toRadians(centerLatitude())));
    }

    /** This extent grown by {@code fraction} of its span on every side, and to at least the minimum span. */
    public MapExtent padded(double fraction) {
        double latitudeSpan = Math.max(north - south, MINIMUM_SPAN_DEGREES);
        double longitudeSpan = Math.max(east - west, MINIMUM_SPAN_DEGREES / longitudeScale());
        double latitudeMargin = latitudeSpan * fraction;
        double longitudeMargin = longitudeSpan * fraction;
        return new MapExtent(centerLongitude() - longitudeSpan / 2 - longitudeMargin, centerLongitude() + longitudeSpan / 2 + longitudeMargin,
                Math.max(-90, centerLatitude() - latitudeSpan / 2 - latitudeMargin), Math.min(90, centerLatitude() + latitudeSpan / 2 + latitudeMargin));
    }
}
