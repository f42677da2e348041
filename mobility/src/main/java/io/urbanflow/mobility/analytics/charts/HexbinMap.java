package io.urbanflow.mobility.analytics.charts;

import java.util.List;

/**
 * Point counts on a regular hex grid over longitude and latitude, as matplotlib's {@code hexbin} draws them, with
 * the grid made regular on the map (longitude scaled by cos(latitude)). Immutable.
 *
 * @param gridSize      hexagons across the points' extent
 * @param cellWidthDegrees width of one hexagon in degrees of longitude
 * @param cells         the non-empty hexagons
 * @param points        points binned
 * @param extent        the map area to show
 * @param table         where the points came from
 */
public record HexbinMap(int gridSize, double cellWidthDegrees, List<Bin> cells, long points, MapExtent extent, String table) implements ChartData {
    public HexbinMap {
        cells = List.copyOf(cells);
    }

    /**
     * @param cell      the hexagon's number in the grid
     * @param longitude centre
     * @param latitude  centre
     * @param count     points in the hexagon
     */
    public record Bin(long cell, double longitude, double latitude, long count) {
    }
}
