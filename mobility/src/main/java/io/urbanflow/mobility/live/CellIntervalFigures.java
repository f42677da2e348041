package io.urbanflow.mobility.live;

import java.time.Instant;

/**
 * One row of the live equivalent of {@code mart.cell_traffic_10min}: one H3 cell in one tumbling interval.
 * Immutable.
 *
 * @param intervalStart the interval's start, aligned on the zone's local clock
 * @param points        points in the cell and interval
 * @param vehicles      distinct vehicles among them
 * @param meanSpeedKmh  mean of the speeds from each point's previous point of the same vehicle, leaving out
 *                      implausible ones (above the maximum) and pairs without elapsed time; NaN when none is left
 * @param speedSamples  how many speeds the mean is over
 * @param closed        whether the data's clock has passed the interval's end (late points still revise it)
 */
public record CellIntervalFigures(Instant intervalStart, long cell, long points, int vehicles, double meanSpeedKmh,
                                  long speedSamples, boolean closed) {
}
