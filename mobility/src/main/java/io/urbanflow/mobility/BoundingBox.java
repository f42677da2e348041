package io.urbanflow.mobility;

/**
 * A latitude/longitude rectangle that does not cross the antimeridian. Immutable.
 */
public record BoundingBox(double south, double west, double north, double east) {
    public BoundingBox {
        if (!(south >= -90 && north <= 90 && south < north)) {
            throw new IllegalArgumentException("Cannot build bounding box: latitudes " + south + ".." + north + " are not increasing within [-90, 90]");
        }
        if (!(west >= -180 && east <= 180 && west < east)) {
            throw new IllegalArgumentException("Cannot build bounding box: longitudes " + west + ".." + east + " are not increasing within [-180, 180]");
        }
    }

    public boolean contains(double latitude, double longitude) {
        return latitude >= south && latitude <= north && longitude >= west && longitude <= east;
    }

    public double centerLatitude() {
        return (south + north) / 2;
    }

    public double centerLongitude() {
        return (west + east) / 2;
    }
}
