package io.urbanflow.mobility.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.City;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CityMapTest {
    @ParameterizedTest
    @EnumSource(value = City.class, names = {"ROME", "SAN_FRANCISCO", "PORTO"})
    void every_rank_reaches_every_other_along_continuous_roads_inside_the_city(City city) {
        CityMap map = CityMaps.of(city);
        for (int from = 0; from < map.nodeCount(); from++) {
            for (int to = 0; to < map.nodeCount(); to++) {
                CityMap.Node start = map.node(from);
                Route.Builder builder = new Route.Builder().start(start.x, start.y);
                map.appendPath(builder, from, to);
                Route route = builder.build();
                assertThat(route.endX()).isEqualTo(map.node(to).x);
                assertThat(route.endY()).isEqualTo(map.node(to).y);
                double straight = Math.hypot(map.node(to).x - start.x, map.node(to).y - start.y);
                assertThat(route.lengthMeters()).isBetween(straight, 3 * straight + 1);
                for (int i = 0; i < route.pointCount(); i++) {
                    assertThat(city.bounds().contains(map.latitude(route.y(i)), map.longitude(route.x(i)))).isTrue();
                    if (i > 0) {
                        double step = Math.hypot(route.x(i) - route.x(i - 1), route.y(i) - route.y(i - 1));
                        assertThat(step).as("waypoint spacing").isLessThan(600);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = City.class, names = {"ROME", "SAN_FRANCISCO", "PORTO"})
    void the_map_plane_maps_back_to_the_same_coordinates(City city) {
        CityMap map = CityMaps.of(city);
        for (Hotspot hotspot : map.hotspots()) {
            double x = map.x(hotspot.longitude());
            double y = map.y(hotspot.latitude());
            assertThat(map.latitude(y)).isCloseTo(hotspot.latitude(), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(map.longitude(x)).isCloseTo(hotspot.longitude(), org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @ParameterizedTest
    @EnumSource(value = City.class, names = {"ROME", "SAN_FRANCISCO", "PORTO"})
    void side_streets_end_exactly_at_the_address_in_blocks_of_at_most_200_metres(City city) {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            double toX = random.nextDouble(-2_000, 2_000);
            double toY = random.nextDouble(-2_000, 2_000);
            Route.Builder builder = new Route.Builder().start(0, 0);
            CityMap.appendStaircase(builder, toX, toY, random.nextDouble(Math.PI / 2), RoadKind.URBAN, random);
            Route route = builder.build();
            assertThat(route.endX()).isEqualTo(toX);
            assertThat(route.endY()).isEqualTo(toY);
            for (int j = 1; j < route.pointCount(); j++) {
                assertThat(Math.hypot(route.x(j) - route.x(j - 1), route.y(j) - route.y(j - 1))).isLessThanOrEqualTo(200.001);
            }
        }
    }
}
