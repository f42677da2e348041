package io.urbanflow.mobility.analytics;

import org.locationtech.jts.geom.Geometry;

/**
 * A named area of a zone set (a district of "districts"): a valid Polygon or MultiPolygon in longitude/latitude
 * degrees (x = longitude, y = latitude). Immutable by convention: do not change the geometry.
 *
 * @param zoneSet  the set it belongs to, e.g. {@code districts}
 * @param zoneId   unique within the set
 * @param name     for people; the id when the source has none
 * @param geometry Polygon or MultiPolygon, valid in the OGC sense
 */
public record Zone(String zoneSet, String zoneId, String name, Geometry geometry) {
    public Zone {
        if (zoneSet == null || zoneSet.isBlank() || zoneId == null || zoneId.isBlank() || geometry == null) {
            throw new IllegalArgumentException("Cannot build zone: zone set, id and geometry are required");
        }
        name = name == null || name.isBlank() ? zoneId : name;
    }
}
