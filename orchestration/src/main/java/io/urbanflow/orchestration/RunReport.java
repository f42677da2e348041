package io.urbanflow.orchestration;

import java.time.Instant;
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
}
