package io.urbanflow.mobility.analytics.charts;

import java.util.List;

/**
 * Values on H3 cells: point counts for the heat map, mean speeds for the speed map. Immutable.
 *
 * @param resolution H3 resolution of every cell
 * @param cells      one entry per cell with data, any order
 * @param points     points behind the values
 * @param extent     the map area to show (the points' extent without far-off stragglers)
 * @param table      where the values came from
 */
public record CellMap(int resolution, List<CellValue> cells, long points, MapExtent extent, String table) implements ChartData {
    public CellMap {
        cells = List.copyOf(cells);
    }

    /**
     * @param cell    the H3 index
     * @param value   points in the cell, or the mean speed in km/h
     * @param samples points (or speed measurements) behind the value
     */
    public record CellValue(long cell, double value, long samples) {
    }
}
