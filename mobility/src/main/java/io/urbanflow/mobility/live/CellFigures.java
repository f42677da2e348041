package io.urbanflow.mobility.live;

/**
 * What the map shows for one H3 cell over the recent minutes. Immutable.
 *
 * @param points       points that fell in the cell in the last N minutes of the data's clock
 * @param vehicles     vehicles whose latest position (within those minutes) is in the cell
 * @param meanSpeedKmh the mean of the plausible speeds of those points, NaN when none had one
 * @param speedSamples how many speeds the mean is over
 */
public record CellFigures(long cell, long points, int vehicles, double meanSpeedKmh, long speedSamples) {
}
