package io.urbanflow.pipeline;

import io.urbanflow.model.TimeWindow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one model run. Immutable.
 *
 * @param model       the model's name (its target table)
 * @param mode        what the run did
 * @param inputRows   input rows read (0 when up to date)
 * @param rowsWritten rows written to the target table (the recomputed rows plus rows kept in rewritten files)
 * @param recomputed  the time windows recomputed, merged: the days (stage) or 10-minute intervals (marts) of an
 *                    incremental run; for a full run, the UTC days that have data; empty when up to date
 * @param elapsed     wall time of the run
 * @param error       the reason the run failed; empty when it succeeded
 */
public record ModelResult(String model, RunMode mode, long inputRows, long rowsWritten, List<TimeWindow> recomputed,
                          Duration elapsed, Optional<String> error) {
    public ModelResult {
        recomputed = List.copyOf(recomputed);
        error = error == null ? Optional.empty() : error;
    }

    public boolean failed() {
        return error.isPresent();
    }

    public static ModelResult upToDate(String model, Duration elapsed) {
        return new ModelResult(model, RunMode.UP_TO_DATE, 0, 0, List.of(), elapsed, Optional.empty());
    }

    public static ModelResult failure(String model, RunMode mode, Duration elapsed, String reason) {
        return new ModelResult(model, mode, 0, 0, List.of(), elapsed, Optional.of(reason));
    }
}
