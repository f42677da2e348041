package io.urbanflow.mobility.analytics.charts;

/** The numbers behind a chart, as read from the lake: what a test or another front end can check or reuse. */
public sealed interface ChartData permits TrafficSeries, CellMap, HexbinMap, ClusterMap, SpeedMap, ForecastAccuracy {
    /** The lake table the numbers were read from ({@code raw.gps_points}, {@code stage.gps_points}, ...). */
    String table();
}
