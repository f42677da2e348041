package io.urbanflow.mobility.analytics;

import java.util.function.Consumer;

/**
 * Reads stage points, vehicle by vehicle: the seam between the trajectory algorithms and where the points live
 * (a lake table through DuckDB, or memory in tests).
 */
public interface TrackReader {
    /**
     * Hands the points with {@code fromMicros <= ts < toMicros} that are not outliers to {@code consumer}, one
     * vehicle at a time, each as a time-ordered track. The track instance may be reused after {@code consumer}
     * returns.
     */
    void read(long fromMicros, long toMicros, Consumer<VehicleTrack> consumer);

    /** The first and last instant (epoch microseconds) of any non-outlier point, or {@code null} when there is none. */
    long[] bounds();
}
