/**
 * Report charts of the lake's points, drawn headless with JFreeChart: {@link io.urbanflow.mobility.analytics.charts.Plotter}
 * reads the numbers ({@link io.urbanflow.mobility.analytics.charts.ChartData}) with DuckDB and lays them out as a
 * {@link io.urbanflow.mobility.analytics.charts.Figure}, written as PNG or SVG by
 * {@link io.urbanflow.mobility.analytics.charts.PlottedChart#write}. One look for all charts: sizes for 1200×800, axes with
 * units, colour legends, maps in an aspect-true projection with a scale bar. The {@code internal} package holds the
 * SQL, the hex grid, the custom plot, renderer and annotations.
 */
package io.urbanflow.mobility.analytics.charts;
