package io.urbanflow.orchestration;

import io.urbanflow.pipeline.ModelResult;
import java.util.Optional;

/**
 * What a successful task attempt did. Immutable.
 *
 * @param rowsWritten rows the task wrote (0 when it found nothing to do)
 * @param summary     one line for listings: {@code incremental rows=1234 input=1300}, {@code pass}, {@code warn: ...}
 * @param model       a model task's result
 */
public record TaskOutcome(long rowsWritten, String summary, Optional<ModelResult> model) {
    public TaskOutcome {
        summary = summary == null ? "" : summary;
        model = model == null ? Optional.empty() : model;
    }

    public static TaskOutcome of(String summary) {
        return new TaskOutcome(0, summary, Optional.empty());
    }

    public static TaskOutcome of(long rowsWritten, String summary) {
        return new TaskOutcome(rowsWritten, summary, Optional.empty());
    }
}
