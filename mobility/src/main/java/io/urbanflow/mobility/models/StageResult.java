package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineTables;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one build of {@code stage.gps_points} did. Immutable.
 *
 * @param mode          full, incremental or up to date
 * @param inputRows     raw rows read (without the look-back rows)
 * @param rowsWritten   stage rows written: input rows less duplicates
 * @param duplicates    raw rows dropped as a second fix of a vehicle at the same instant
 * @param outliers      rows flagged {@code is_outlier}
 * @param vehicles      distinct vehicles read (of the largest batch when a full build reads its days in several)
 * @param recomputed    the UTC days rewritten, merged into windows
 * @param rawSnapshotId the raw snapshot processed (-1: raw is empty)
 * @param elapsed       wall time, from planning to commit
 * @param phases        wall time per phase (read, compute, write, commit), in run order
 */
public record StageResult(RunMode mode, long inputRows, long rowsWritten, long duplicates, long outliers, long vehicles,
                          List<TimeWindow> recomputed, long rawSnapshotId, Duration elapsed, Map<String, Duration> phases) {
    public StageResult {
        recomputed = List.copyOf(recomputed);
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }

    /** Raw points processed per second of wall time. */
    public double pointsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : inputRows * 1e9 / nanos;
    }

    ModelResult toModelResult() {
        return new ModelResult(MobilityTables.STAGE_GPS_POINTS, mode, inputRows, rowsWritten, recomputed, elapsed, java.util.Optional.empty());
    }
}
