package io.urbanflow.orchestration;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.query.DuckDbQueryEngine;
import java.time.Clock;
import java.util.Objects;

/**
 * What every task of a process shares: the open lake, the DuckDB engine (each task opens a connection of its own), the
 * settings and the clock. Owned by the caller, who closes the lake and the engine. Immutable.
 */
public record TaskEnvironment(Lake lake, DuckDbQueryEngine engine, Settings settings, Clock clock) {
    public TaskEnvironment {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(engine, "engine");
        settings = settings == null ? Settings.empty() : settings;
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
