package io.urbanflow.mobility.analytics.charts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.analytics.charts.MapExtent;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HexGridTest {
    private static final MapExtent ROME = new MapExtent(12.35, 12.65, 41.80, 42.00);

    @Test
    void every_point_goes_to_the_nearest_hexagon_centre_on_the_map() {
        HexGrid grid = new HexGrid(ROME, 20);
        double scale = ROME.longitudeScale();
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            double latitude = ROME.south() + random.nextDouble() * (ROME.north() - ROME.south());
            double longitude = ROME.west() + random.nextDouble() * (ROME.east() - ROME.west());
            double[] assigned = grid.centre(grid.cellOf(latitude, longitude));
            double best = Double.MAX_VALUE;
            for (long cell = 0; cell < 10_000; cell++) {
                double[] centre = grid.centre(cell);
                if (centre[1] > ROME.north() + 1) {
                    break;
                }
                best = Math.min(best, distance(centre, longitude, latitude, scale));
            }
            assertThat(distance(assigned, longitude, latitude, scale)).isCloseTo(best, within(1e-12));
        }
    }

    @Test
    void hexagons_are_regular_once_longitude_is_scaled_by_the_cosine_of_latitude() {
        HexGrid grid = new HexGrid(ROME, 30);
        HexagonDataset.Cell cell = grid.cell(grid.cellOf(41.9, 12.5), 1);
        double scale = ROME.longitudeScale();
        double[] longitudes = cell.longitudes();
        double[] latitudes = cell.latitudes();
        double first = -1;
        for (int v = 0; v < 6; v++) {
            double side = Math.hypot((longitudes[(v + 1) % 6] - longitudes[v]) * scale, latitudes[(v + 1) % 6] - latitudes[v]);
            if (first < 0) {
                first = side;
            }
            assertThat(side).isCloseTo(first, within(first * 1e-9));
        }
        assertThat(grid.cellWidthDegrees() * scale).isCloseTo((ROME.east() - ROME.west()) * scale / 30, within(1e-12));
    }

    private static double distance(double[] centre, double longitude, double latitude, double scale) {
        return Math.hypot((centre[0] - longitude) * scale, centre[1] - latitude);
    }
}
