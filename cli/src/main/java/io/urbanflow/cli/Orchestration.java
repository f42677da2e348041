package io.urbanflow.cli;

import io.urbanflow.domain.Domain;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.Dag;
import io.urbanflow.orchestration.DagRunner;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Pipelines;
import io.urbanflow.orchestration.TaskEnvironment;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.query.DuckDbQueryEngine;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * What the pipeline commands open together: the lake, the DuckDB engine, the run history in the catalog database and a
 * runner over a DAG. Closed in reverse order. Not thread-safe to close; the runner is.
 */
final class Orchestration implements AutoCloseable {
    final Lake lake;
    final DuckDbQueryEngine engine;
    final RunHistory history;
    final DagRunner runner;
    final Settings settings;
    final Clock clock;

    private Orchestration(Lake lake, DuckDbQueryEngine engine, RunHistory history, DagRunner runner, Settings settings, Clock clock) {
        this.lake = lake;
        this.engine = engine;
        this.history = history;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
    }

    /** The platform's DAG of the domains (loads, models, tests, maintenance); a file load quarantines in {@code dataDir}. */
    static Dag dag(List<Domain> domains, Settings settings, java.nio.file.Path dataDir) {
        return Pipelines.dag(domains, OrchestrationConfig.from(settings), dataDir);
    }

    /**
     * Opens everything for a runner over {@code dag}.
     *
     * @throws io.urbanflow.model.UrbanFlowException when the lake or the history cannot be opened
     */
    static Orchestration open(LakeConfig lakeConfig, Settings settings, Dag dag, OrchestrationConfig config, Clock clock) {
        Lake lake = UrbanFlowCommand.openLake(lakeConfig);
        DuckDbQueryEngine engine = null;
        RunHistory history = null;
        try {
            engine = DuckDbQueryEngine.open(lake);
            history = RunHistory.open(lakeConfig);
            DagRunner runner = new DagRunner(dag, history, new TaskEnvironment(lake, engine, settings, clock), config, DagRunner.newHolder(),
                    new Random());
            return new Orchestration(lake, engine, history, runner, settings, clock);
        } catch (RuntimeException e) {
            if (history != null) {
                history.close();
            }
            if (engine != null) {
                engine.close();
            }
            lake.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            runner.close();
            history.close();
            engine.close();
        } finally {
            lake.close();
        }
    }
}
