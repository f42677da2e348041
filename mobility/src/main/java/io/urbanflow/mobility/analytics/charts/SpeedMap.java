package io.urbanflow.mobility.analytics.charts;

import java.util.List;

/**
 * Mean speeds by H3 cell and by local hour of day. Immutable.
 *
 * @param cells  mean speed (km/h) per cell with at least the minimum samples
 * @param hours  mean speed per local hour with at least the minimum samples, in hour order
 * @param table  where the speeds came from
 */
public record SpeedMap(CellMap cells, List<HourSpeed> hours, String table) implements ChartData {
    public SpeedMap {
        hours = List.copyOf(hours);
    }

    /**
     * @param hour     local hour of day, 0..23
     * @param meanKmh  mean speed of the measurements in that hour
     * @param samples  speed measurements
     */
    public record HourSpeed(int hour, double meanKmh, long samples) {
    }
}
