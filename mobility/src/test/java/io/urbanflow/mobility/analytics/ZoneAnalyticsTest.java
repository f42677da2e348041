package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.pipeline.RunMode;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

class ZoneAnalyticsTest {
    @Test
    void zone_traffic_and_zone_od_equal_a_brute_force_point_in_polygon_count(@TempDir Path dir) {
        ZoneSet districts = GeoJsonZones.parse(RomeDistricts.geoJson(), "test", "districts");
        try (AnalyticsFixture rome = AnalyticsFixture.open(dir)) {
            rome.load(SampleData.romeCrawdad()).stage();
            ZoneStore.store(rome.lake, districts, rome.clock);
            assertThat(ZoneStore.readAll(rome.lake)).singleElement().satisfies(set -> {
                assertThat(set.zones()).extracting(Zone::zoneId).containsExactly("centro", "termini", "Trastevere", "Vaticano e Prati");
                assertThat(set.zones().get(3).geometry().equalsExact(districts.zones().get(3).geometry())).isTrue();
            });
            rome.analyze();

            Map<String, Long> points = new HashMap<>();
            Map<String, Set<String>> vehicles = new HashMap<>();
            for (VehicleTrack track : rome.stageTracks()) {
                for (int index = 0; index < track.size(); index++) {
                    String zone = zoneOf(districts, track.latitude(index), track.longitude(index));
                    if (zone != null) {
                        String key = zone + "|" + Math.floorMod(track.localMicros(index), 86_400_000_000L) / 3_600_000_000L;
                        points.merge(key, 1L, Long::sum);
                        vehicles.computeIfAbsent(key, unused -> new HashSet<>()).add(track.vehicleId());
                    }
                }
            }
            Map<String, Long> actualPoints = new HashMap<>();
            Map<String, Long> actualVehicles = new HashMap<>();
            for (List<Object> row : rome.rows("SELECT zone_id, hour, points, vehicles FROM mart.zone_traffic_hourly WHERE zone_set = 'districts'")) {
                actualPoints.put(row.get(0) + "|" + row.get(1), ((Number) row.get(2)).longValue());
                actualVehicles.put(row.get(0) + "|" + row.get(1), ((Number) row.get(3)).longValue());
            }
            assertThat(actualPoints).isEqualTo(points).isNotEmpty();
            vehicles.forEach((key, set) -> assertThat(actualVehicles.get(key)).isEqualTo(set.size()));

            Map<String, Long> od = new HashMap<>();
            for (List<Object> row : rome.rows("SELECT start_lat, start_lon, end_lat, end_lon FROM mart.trips")) {
                String origin = zoneOf(districts, (Double) row.get(0), (Double) row.get(1));
                String destination = zoneOf(districts, (Double) row.get(2), (Double) row.get(3));
                if (origin != null || destination != null) {
                    od.merge(origin + ">" + destination, 1L, Long::sum);
                }
            }
            Map<String, Long> actualOd = new HashMap<>();
            for (List<Object> row : rome.rows("SELECT origin_zone, destination_zone, sum(trips) FROM mart.zone_od GROUP BY ALL")) {
                actualOd.put(row.get(0) + ">" + row.get(1), ((Number) row.get(2)).longValue());
            }
            assertThat(actualOd).isEqualTo(od).isNotEmpty();
        }
    }

    @Test
    void loading_zones_again_replaces_the_set_and_rebuilds_the_zone_tables(@TempDir Path dir) {
        try (AnalyticsFixture rome = AnalyticsFixture.open(dir)) {
            rome.load(SampleData.romeCrawdad()).stage();
            ZoneStore.store(rome.lake, GeoJsonZones.parse(RomeDistricts.geoJson(), "test", "districts"), rome.clock);
            rome.analyze();
            String onlyCentro = "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"id\": \"centro\","
                    + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[12.1, 41.55], [12.95, 41.55], [12.95, 42.2], [12.1, 42.2], [12.1, 41.55]]]}}]}";
            ZoneStore.store(rome.lake, GeoJsonZones.parse(onlyCentro, "test", "districts"), rome.clock);
            assertThat(ZoneStore.readAll(rome.lake).get(0).zones()).hasSize(1);
            AnalyticsReport report = rome.analyze();
            assertThat(report.mode()).isEqualTo(RunMode.FULL);
            assertThat(rome.rows("SELECT DISTINCT zone_id FROM mart.zone_traffic_hourly")).containsExactly(List.of("centro"));
            assertThat(rome.count("SELECT sum(points) FROM mart.zone_traffic_hourly"))
                    .isEqualTo(rome.count("SELECT count(*) FROM stage.gps_points WHERE NOT is_outlier"));
        }
    }

    private static String zoneOf(ZoneSet set, double latitude, double longitude) {
        Point point = GeoJsonZones.GEOMETRY_FACTORY.createPoint(new Coordinate(longitude, latitude));
        for (Zone zone : set.zones()) {
            if (zone.geometry().covers(point)) {
                return zone.zoneId();
            }
        }
        return null;
    }
}
