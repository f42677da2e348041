package io.urbanflow.stream.live;

/**
 * Running totals of the live view. Immutable.
 *
 * @param points          points accepted since start
 * @param rejected        messages that could not be decoded or failed validation
 * @param vehicles        vehicles shown (seen within the recent minutes)
 * @param cells           cells shown
 * @param watermarkMicros the data's clock: the latest plausible point time seen, 0 before the first point
 * @param latePoints      points older than every retained interval, left out of the intervals
 */
public record LiveTotals(long points, long rejected, int vehicles, int cells, long watermarkMicros, long latePoints) {
}
