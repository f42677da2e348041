package io.urbanflow.mobility.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Reads zones from GeoJSON (RFC 7946): a FeatureCollection (or one Feature) of Polygon and MultiPolygon features.
 * A zone's id is the feature's {@code id}, else {@code properties.id}, else {@code properties.name}, else
 * {@code zone-N} (N its index); its name is {@code properties.name}, else the id. Every geometry is checked with
 * JTS; errors name the feature by index (0-based) and name. Stateless, thread-safe.
 */
public final class GeoJsonZones {
    /** Plain floating point, SRID 4326 (WGS 84 longitude/latitude). */
    public static final GeometryFactory GEOMETRY_FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeoJsonZones() {
    }

    /**
     * @throws UrbanFlowException "Cannot load zones from FILE: ..." when the file is missing, not JSON, not
     *                            GeoJSON, or holds an invalid or unsupported geometry
     */
    public static ZoneSet read(Path file, String zoneSetName) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UrbanFlowException("Cannot load zones from " + file + ": no such file");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot load zones from " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), zoneSetName);
    }

    /** As {@link #read}, from text; {@code origin} names the input in messages. */
    public static ZoneSet parse(String json, String origin, String zoneSetName) {
        ZoneSet.checkName(zoneSetName);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UrbanFlowException("Cannot load zones from " + origin + ": not valid JSON at line "
                    + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail(origin, "expected a GeoJSON object, found " + describe(root));
        }
        String type = root.path("type").asText("");
        List<JsonNode> features = new ArrayList<>();
        if (type.equals("FeatureCollection")) {
            JsonNode array = root.get("features");
            if (array == null || !array.isArray()) {
                throw fail(origin, "the FeatureCollection has no \"features\" array");
            }
            array.forEach(features::add);
        } else if (type.equals("Feature")) {
            features.add(root);
        } else {
            throw fail(origin, "expected \"type\": \"FeatureCollection\", found " + (type.isEmpty() ? "no type" : "\"" + type + "\""));
        }
        if (features.isEmpty()) {
            throw fail(origin, "the FeatureCollection has no features");
        }
        List<Zone> zones = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int index = 0; index < features.size(); index++) {
            Zone zone = zone(features.get(index), index, origin, zoneSetName);
            if (!ids.add(zone.zoneId())) {
                throw fail(origin, "feature " + index + ": zone id '" + zone.zoneId() + "' is used by an earlier feature");
            }
            zones.add(zone);
        }
        return new ZoneSet(zoneSetName, zones);
    }

    private static Zone zone(JsonNode feature, int index, String origin, String zoneSetName) {
        if (!feature.isObject() || !"Feature".equals(feature.path("type").asText(""))) {
            throw fail(origin, "feature " + index + ": expected an object with \"type\": \"Feature\"");
        }
        JsonNode properties = feature.path("properties");
        String name = text(properties.get("name"));
        String id = text(feature.get("id"));
        if (id == null) {
            id = text(properties.get("id"));
        }
        if (id == null) {
            id = name;
        }
        if (id == null) {
            id = "zone-" + index;
        }
        String where = "feature " + index + (name != null ? " ('" + name + "')" : " (id '" + id + "')");
        JsonNode geometry = feature.get("geometry");
        if (geometry == null || geometry.isNull()) {
            throw fail(origin, where + ": has no geometry");
        }
        String geometryType = geometry.path("type").asText("");
        JsonNode coordinates = geometry.get("coordinates");
        if (coordinates == null || !coordinates.isArray()) {
            throw fail(origin, where + ": " + (geometryType.isEmpty() ? "geometry" : geometryType) + " has no \"coordinates\" array");
        }
        Geometry shape;
        if (geometryType.equals("Polygon")) {
            shape = polygon(coordinates, origin, where);
        } else if (geometryType.equals("MultiPolygon")) {
            if (coordinates.isEmpty()) {
                throw fail(origin, where + ": MultiPolygon has no polygons");
            }
            Polygon[] polygons = new Polygon[coordinates.size()];
            for (int part = 0; part < polygons.length; part++) {
                polygons[part] = polygon(coordinates.get(part), origin, where + " polygon " + part);
            }
            shape = GEOMETRY_FACTORY.createMultiPolygon(polygons);
        } else {
            throw fail(origin, where + ": geometry type \"" + geometryType + "\" is not supported (use Polygon or MultiPolygon)");
        }
        IsValidOp validity = new IsValidOp(shape);
        TopologyValidationError error = validity.getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            throw fail(origin, where + ": invalid geometry: " + error.getMessage()
                    + (at != null ? " at longitude " + at.x + ", latitude " + at.y : ""));
        }
        return new Zone(zoneSetName, id, name, shape);
    }

    private static Polygon polygon(JsonNode rings, String origin, String where) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw fail(origin, where + ": a polygon needs at least one ring");
        }
        LinearRing[] linearRings = new LinearRing[rings.size()];
        for (int ring = 0; ring < linearRings.length; ring++) {
            JsonNode positions = rings.get(ring);
            String ringName = where + ": ring " + ring;
            if (!positions.isArray() || positions.size() < 4) {
                throw fail(origin, ringName + " needs at least 4 positions (a closed triangle), found "
                        + (positions.isArray() ? positions.size() : describe(positions)));
            }
            Coordinate[] coordinates = new Coordinate[positions.size()];
            for (int position = 0; position < coordinates.length; position++) {
                coordinates[position] = coordinate(positions.get(position), origin, ringName + " position " + position);
            }
            if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
                throw fail(origin, ringName + " is not closed: its first and last positions differ");
            }
            linearRings[ring] = GEOMETRY_FACTORY.createLinearRing(coordinates);
        }
        LinearRing[] holes = new LinearRing[linearRings.length - 1];
        System.arraycopy(linearRings, 1, holes, 0, holes.length);
        return GEOMETRY_FACTORY.createPolygon(linearRings[0], holes);
    }

    private static Coordinate coordinate(JsonNode position, String origin, String where) {
        if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()) {
            throw fail(origin, where + ": expected [longitude, latitude], found " + describe(position));
        }
        double longitude = position.get(0).asDouble();
        double latitude = position.get(1).asDouble();
        if (!(longitude >= -180 && longitude <= 180) || !(latitude >= -90 && latitude <= 90)) {
            throw fail(origin, where + ": [" + longitude + ", " + latitude
                    + "] is not [longitude, latitude] in degrees (GeoJSON puts longitude first)");
        }
        return new Coordinate(longitude, latitude);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static UrbanFlowException fail(String origin, String reason) {
        return new UrbanFlowException("Cannot load zones from " + origin + ": " + reason);
    }
}
