package io.urbanflow.orchestration;

import io.urbanflow.pipeline.ModelResult;
import java.time.Duration;
import java.util.Optional;

/**
 * How a task of a run ended. Immutable.
 *
 * @param summary one line: what it did, or why it did not run
 * @param model   a model task's result (for {@code aggregate}'s lines)
 */
public record TaskReport(String task, TaskKind kind, TaskState state, int attempts, long rowsWritten, String summary,
                         Optional<String> error, Duration elapsed, Optional<ModelResult> model) {
    public TaskReport {
        error = error == null ? Optional.empty() : error;
        model = model == null ? Optional.empty() : model;
        summary = summary == null ? "" : summary;
    }
}
