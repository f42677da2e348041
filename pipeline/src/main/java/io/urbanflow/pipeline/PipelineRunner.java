package io.urbanflow.pipeline;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.ParquetTableWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs models (of any domain) raw -> stage -> mart in dependency order and records each run that did something in
 * {@code mart.pipeline_runs}. A failing model does not stop the others, except those reading its table, which are
 * reported as failed without running. One call is one run; a scheduler ({@link PipelineScheduler}) calls
 * {@link #run(BuildMode)} repeatedly. Not thread-safe: one runner per process and DuckDB connection.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final ModelContext context;
    private final List<Model> models;

    /** @param models in any order; they are sorted so that each runs after the models producing its inputs */
    public PipelineRunner(ModelContext context, List<Model> models) {
        this.context = context;
        this.models = inDependencyOrder(models);
    }

    /** The models in the order they run. */
    public List<Model> models() {
        return models;
    }

    /**
     * Runs every model once.
     *
     * @param mode {@link BuildMode#FULL} rebuilds every table; {@link BuildMode#INCREMENTAL} lets each model do only
     *             what its inputs' new snapshots need
     * @throws UrbanFlowException only when the run cannot be recorded; model failures are in the result
     */
    public PipelineRun run(BuildMode mode) {
        String runId = UUID.randomUUID().toString();
        Instant started = context.clock().instant();
        List<ModelResult> results = new ArrayList<>();
        Map<ModelResult, Instant[]> times = new LinkedHashMap<>();
        Set<String> failedTables = new HashSet<>();
        for (Model model : models) {
            Instant modelStarted = context.clock().instant();
            long startNanos = System.nanoTime();
            ModelResult result;
            Optional<String> failedInput = model.inputs().stream().filter(failedTables::contains).findFirst();
            if (failedInput.isPresent()) {
                result = ModelResult.failure(model.name(), RunMode.UP_TO_DATE, Duration.ZERO, "not run: its input " + failedInput.get() + " failed");
            } else {
                try {
                    result = model.build(context, mode);
                } catch (RuntimeException e) {
                    LOG.debug("Model {} failed", model.name(), e);
                    String reason = e instanceof UrbanFlowException ? e.getMessage() : e.toString();
                    result = ModelResult.failure(model.name(), mode == BuildMode.FULL ? RunMode.FULL : RunMode.INCREMENTAL,
                            Duration.ofNanos(System.nanoTime() - startNanos), reason);
                }
            }
            if (result.failed()) {
                failedTables.add(model.name());
            }
            results.add(result);
            times.put(result, new Instant[] {modelStarted, context.clock().instant()});
        }
        PipelineRun run = new PipelineRun(runId, started, context.clock().instant(), results);
        if (run.didSomething()) {
            record(run, times);
        }
        return run;
    }

    private void record(PipelineRun run, Map<ModelResult, Instant[]> times) {
        Table runs = context.createIfMissing(PipelineTables.MART_PIPELINE_RUNS, PipelineTables.PIPELINE_RUNS_SCHEMA, PartitionSpec.unpartitioned());
        Connection duckdb = context.duckdb();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE urbanflow_runs (run_id VARCHAR, model VARCHAR, mode VARCHAR, status VARCHAR,"
                    + " started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, input_rows BIGINT, rows_written BIGINT, recomputed VARCHAR, error VARCHAR)");
            try (PreparedStatement insert = duckdb.prepareStatement("INSERT INTO urbanflow_runs VALUES (?, ?, ?, ?,"
                    + " TIMESTAMPTZ 'epoch' + to_microseconds(?::BIGINT), TIMESTAMPTZ 'epoch' + to_microseconds(?::BIGINT), ?, ?, ?, ?)")) {
                for (ModelResult result : run.results()) {
                    if (!result.failed() && result.mode() == RunMode.UP_TO_DATE) {
                        continue;
                    }
                    Instant[] span = times.get(result);
                    insert.setString(1, run.runId());
                    insert.setString(2, result.model());
                    insert.setString(3, result.mode().label());
                    insert.setString(4, result.failed() ? "failed" : "ok");
                    insert.setLong(5, micros(span[0]));
                    insert.setLong(6, micros(span[1]));
                    insert.setLong(7, result.inputRows());
                    insert.setLong(8, result.rowsWritten());
                    insert.setString(9, windows(result.recomputed()));
                    insert.setString(10, result.error().orElse(null));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            List<DataFile> files = ParquetTableWriter.write(duckdb, runs, "SELECT * FROM urbanflow_runs");
            AppendFiles append = runs.newAppend();
            files.forEach(append::appendFile);
            append.commit();
            statement.execute("DROP TABLE urbanflow_runs");
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot record pipeline run in " + PipelineTables.MART_PIPELINE_RUNS + ": " + e.getMessage(), e);
        }
    }

    /** {@code 2014-02-01T00:00:00Z/2014-02-02T00:00:00Z ...}: ISO-8601 intervals. */
    static String windows(List<TimeWindow> windows) {
        StringJoiner joiner = new StringJoiner(" ");
        windows.forEach(window -> joiner.add(window.start() + "/" + window.end()));
        return joiner.toString();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** Kahn's algorithm; ties keep the given order. */
    static List<Model> inDependencyOrder(List<Model> models) {
        Set<String> produced = new HashSet<>();
        models.forEach(model -> produced.add(model.name()));
        List<Model> pending = new ArrayList<>(models);
        List<Model> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!pending.isEmpty()) {
            Model next = null;
            for (Model model : pending) {
                if (model.inputs().stream().allMatch(input -> !produced.contains(input) || done.contains(input))) {
                    next = model;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("Cannot order models: their inputs form a cycle among "
                        + pending.stream().map(Model::name).toList());
            }
            pending.remove(next);
            ordered.add(next);
            done.add(next.name());
        }
        return List.copyOf(ordered);
    }

    Catalog catalog() {
        return context.catalog();
    }
}
