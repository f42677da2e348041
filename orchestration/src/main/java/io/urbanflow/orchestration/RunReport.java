package io.urbanflow.orchestration;

import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.RunMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a run ended. Immutable.
 *
 * @param runId   empty when the run did not start: another scheduler had started the same firing
 * @param state   success or failed ({@link TaskState#SUCCESS}, {@link TaskState#FAILED}); skipped when not started
 */
public record RunReport(Optional<String> runId, TaskState state, Instant started, Instant finished, List<TaskReport> tasks) {
    public RunReport {
        tasks = List.copyOf(tasks);
    }

    static RunReport notStarted(Instant now) {
        return new RunReport(Optional.empty(), TaskState.SKIPPED, now, now, List.of());
    }

    public boolean ran() {
        return runId.isPresent();
    }

    public boolean failed() {
        return state == TaskState.FAILED;
    }

    public Optional<TaskReport> task(String name) {
        return tasks.stream().filter(task -> task.task().equals(name)).findFirst();
    }

    /**
     * The run's tasks as a pipeline run, one model result per task ({@code aggregate}'s lines): a model task's own
     * result, and for any other task or a model task that did not run, a result that is up to date when the task
     * succeeded and failed otherwise.
     */
    public PipelineRun pipelineRun() {
        List<ModelResult> results = new ArrayList<>();
        for (TaskReport task : tasks) {
            results.add(task.model().orElseGet(() -> task.state() == TaskState.SUCCESS
                    ? ModelResult.upToDate(task.task(), task.elapsed())
                    : ModelResult.failure(task.task(), RunMode.INCREMENTAL, task.elapsed(), task.error().orElse(task.summary()))));
        }
        return new PipelineRun(runId.orElse("-"), started, finished, results);
    }
}
