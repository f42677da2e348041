package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonZonesTest {
    @Test
    void reads_polygons_and_multipolygons_with_ids_and_names() {
        ZoneSet set = GeoJsonZones.parse(RomeDistricts.geoJson(), "test.geojson", "districts");
        assertThat(set.name()).isEqualTo("districts");
        assertThat(set.zones()).extracting(Zone::zoneId).containsExactly("centro", "termini", "Trastevere", "Vaticano e Prati");
        assertThat(set.zones()).extracting(Zone::name).containsExactly("Centro Storico", "Esquilino-Termini", "Trastevere", "Vaticano e Prati");
        assertThat(set.zones().get(2).geometry().getGeometryType()).isEqualTo("Polygon");
        assertThat(set.zones().get(3).geometry().getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(set.zones().get(0).geometry().getEnvelopeInternal().getMinX()).isEqualTo(12.465);
    }

    @Test
    void an_unclosed_ring_is_reported_with_the_feature_index_and_name() {
        String json = feature("Polygon", "[[[12.4, 41.8], [12.5, 41.8], [12.5, 41.9], [12.4, 41.9]]]");
        assertThatThrownBy(() -> GeoJsonZones.parse(json, "bad.geojson", "districts"))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot load zones from bad.geojson: feature 1 ('Broken'): ring 0 is not closed: its first and last positions differ");
    }

    @Test
    void a_self_intersecting_polygon_is_reported_with_the_place() {
        String json = feature("Polygon", "[[[12.4, 41.8], [12.5, 41.9], [12.5, 41.8], [12.4, 41.9], [12.4, 41.8]]]");
        assertThatThrownBy(() -> GeoJsonZones.parse(json, "bad.geojson", "districts"))
                .hasMessageStartingWith("Cannot load zones from bad.geojson: feature 1 ('Broken'): invalid geometry: Self-intersection at longitude 12.45");
    }

    @Test
    void unsupported_geometry_types_and_swapped_coordinates_are_refused() {
        assertThatThrownBy(() -> GeoJsonZones.parse(feature("Point", "[12.4, 41.8]"), "bad.geojson", "districts"))
                .hasMessage("Cannot load zones from bad.geojson: feature 1 ('Broken'): geometry type \"Point\" is not supported (use Polygon or MultiPolygon)");
        assertThatThrownBy(() -> GeoJsonZones.parse(feature("Polygon", "[[[41.8, 212.4], [41.9, 212.4], [41.9, 212.5], [41.8, 212.4]]]"), "bad.geojson", "districts"))
                .hasMessageContaining("feature 1 ('Broken'): ring 0 position 0: [41.8, 212.4] is not [longitude, latitude] in degrees");
    }

    @Test
    void not_json_not_a_collection_and_duplicate_ids_are_refused() {
        assertThatThrownBy(() -> GeoJsonZones.parse("{\"type\": ", "bad.geojson", "districts"))
                .hasMessageStartingWith("Cannot load zones from bad.geojson: not valid JSON at line 1");
        assertThatThrownBy(() -> GeoJsonZones.parse("{\"type\": \"GeometryCollection\"}", "bad.geojson", "districts"))
                .hasMessage("Cannot load zones from bad.geojson: expected \"type\": \"FeatureCollection\", found \"GeometryCollection\"");
        String twice = RomeDistricts.geoJson().replace("\"id\": \"termini\"", "\"id\": \"centro\"");
        assertThatThrownBy(() -> GeoJsonZones.parse(twice, "bad.geojson", "districts"))
                .hasMessage("Cannot load zones from bad.geojson: feature 1: zone id 'centro' is used by an earlier feature");
        assertThatThrownBy(() -> GeoJsonZones.parse(RomeDistricts.geoJson(), "ok.geojson", "bad name"))
                .hasMessageStartingWith("Cannot use zone set name 'bad name'");
    }

    @Test
    void a_missing_file_is_one_clear_line(@TempDir Path dir) {
        assertThatThrownBy(() -> GeoJsonZones.read(dir.resolve("nope.geojson"), "districts"))
                .hasMessage("Cannot load zones from " + dir.resolve("nope.geojson") + ": no such file");
    }

    private static String feature(String type, String coordinates) {
        return "{\"type\": \"FeatureCollection\", \"features\": ["
                + "{\"type\": \"Feature\", \"properties\": {\"name\": \"Fine\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                + "[[[12.4, 41.8], [12.5, 41.8], [12.5, 41.9], [12.4, 41.8]]]}},"
                + "{\"type\": \"Feature\", \"properties\": {\"name\": \"Broken\"}, \"geometry\": {\"type\": \"" + type + "\", \"coordinates\": "
                + coordinates + "}}]}";
    }
}
