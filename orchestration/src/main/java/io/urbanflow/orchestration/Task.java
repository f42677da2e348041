package io.urbanflow.orchestration;

import java.util.List;

/**
 * One node of the DAG: a load, a model, a data test or the maintenance. Edges are never declared: a task runs after
 * every task that writes a table it reads ({@link #reads()}, {@link #writes()}), plus, for a blocking data test, before
 * every task that reads its model's tables ({@link Dag}). Implementations are immutable and thread-safe; {@link #run}
 * may be called again for a retry, and must then leave the lake as one successful call would (models and loads are
 * idempotent by their snapshot state).
 */
public interface Task {
    /** Unique in the DAG: a model's table ({@code stage.gps_points}), {@code test.TABLE.CHECK}, {@code load.DOMAIN}, {@code maintenance}. */
    String name();

    TaskKind kind();

    /** Tables read. */
    List<String> reads();

    /** Tables written. */
    List<String> writes();

    /** For a data test that stops its model's downstream when it errs: the model's tables; empty otherwise. */
    default List<String> blocks() {
        return List.of();
    }

    /** Whether a failure is worth another attempt (data tests: no, the rows do not change by trying again). */
    default boolean retryable() {
        return true;
    }

    /** One line for {@code urbanflow pipeline list}: what the task is, beyond its name. */
    default String description() {
        return "";
    }

    /**
     * Runs the task once.
     *
     * @throws TaskFailedException for a failure another attempt cannot change
     * @throws Exception           any other failure: retried while attempts are left
     */
    TaskOutcome run(TaskContext context) throws Exception;
}
