package io.urbanflow.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * One run of the pipeline: every model's result, in the order the models ran. Immutable.
 *
 * @param runId    unique id, also in {@code mart.pipeline_runs.run_id}
 * @param started  the clock's time when the run started
 * @param finished the clock's time when the last model finished
 */
public record PipelineRun(String runId, Instant started, Instant finished, List<ModelResult> results) {
    public PipelineRun {
        results = List.copyOf(results);
    }

    public boolean failed() {
        return results.stream().anyMatch(ModelResult::failed);
    }

    /** True when some model wrote rows or failed (a run that found everything up to date is not recorded). */
    public boolean didSomething() {
        return results.stream().anyMatch(result -> result.failed() || result.mode() != RunMode.UP_TO_DATE);
    }
}
