package io.urbanflow.mobility.live;

/**
 * Running totals of the live view. Immutable.
 *
 * @param points          good points since start (duplicates and outliers left out)
 * @param rejected        messages that could not be decoded or failed validation
 * @param duplicates      points dropped for repeating their vehicle's previous instant
 * @param outliers        points left out for lying outside the city or implying an impossible speed
 * @param vehicles        vehicles shown (seen within the recent minutes)
 * @param cells           cells shown
 * @param watermarkMicros the data's clock: the latest plausible point time seen, 0 before the first point
 * @param latePoints      points older than every retained interval, left out of the intervals
 */
public record LiveTotals(long points, long rejected, long duplicates, long outliers, int vehicles, int cells, long watermarkMicros, long latePoints) {
}
