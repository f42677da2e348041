package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

class ZoneIndexTest {
    private final ZoneSet districts = GeoJsonZones.parse(RomeDistricts.geoJson(), "test", "districts");

    @Test
    void the_indexed_join_equals_brute_force_point_in_polygon_on_the_rome_sample_and_random_points() {
        ZoneIndex index = new ZoneIndex(districts.zones());
        int inside = 0;
        int checked = 0;
        for (VehicleTrack track : SampleTracks.romeCrawdad()) {
            for (int point = 0; point < track.size(); point++) {
                int expected = bruteForce(track.latitude(point), track.longitude(point));
                assertThat(index.locate(track.latitude(point), track.longitude(point), track.h3Cell(point))).isEqualTo(expected);
                assertThat(index.locate(track.latitude(point), track.longitude(point))).isEqualTo(expected);
                inside += expected >= 0 ? 1 : 0;
                checked++;
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int draw = 0; draw < 20_000; draw++) { // dense around the zones, to hit every edge and the hole
            double latitude = random.nextDouble(41.870, 41.930);
            double longitude = random.nextDouble(12.440, 12.525);
            int expected = bruteForce(latitude, longitude);
            assertThat(index.locate(latitude, longitude, SampleTracks.cell(latitude, longitude)))
                    .as("zone of %s, %s", latitude, longitude).isEqualTo(expected);
            inside += expected >= 0 ? 1 : 0;
            checked++;
        }
        assertThat(inside).isGreaterThan(checked / 4);
        assertThat(index.boundaryCells()).isLessThan(index.classifiedCells());
    }

    @Test
    void overlapping_zones_give_the_point_to_the_first_and_the_hole_to_none() {
        ZoneIndex index = new ZoneIndex(districts.zones());
        // Centro and Termini overlap between longitudes 12.495 and 12.500.
        assertThat(index.locate(41.900, 12.497)).isZero();
        assertThat(index.locate(41.900, 12.510)).isEqualTo(1);
        // Trastevere's hole
        assertThat(index.locate(41.882, 12.467)).isEqualTo(ZoneIndex.NO_ZONE);
        assertThat(index.locate(41.882, 12.475)).isEqualTo(2);
        // both parts of the MultiPolygon
        assertThat(index.locate(41.900, 12.450)).isEqualTo(3);
        assertThat(index.locate(41.920, 12.465)).isEqualTo(3);
        assertThat(index.locate(41.800, 12.465)).isEqualTo(ZoneIndex.NO_ZONE);
    }

    private int bruteForce(double latitude, double longitude) {
        Point point = GeoJsonZones.GEOMETRY_FACTORY.createPoint(new Coordinate(longitude, latitude));
        List<Zone> zones = districts.zones();
        for (int index = 0; index < zones.size(); index++) {
            if (zones.get(index).geometry().covers(point)) {
                return index;
            }
        }
        return ZoneIndex.NO_ZONE;
    }
}
