package io.urbanflow.orchestration.history;

import java.util.List;

/** A task as a new run records it before it starts. Immutable. */
public record PlannedTask(String task, String kind, List<String> upstream, int maxAttempts) {
    public PlannedTask {
        upstream = List.copyOf(upstream);
    }
}
