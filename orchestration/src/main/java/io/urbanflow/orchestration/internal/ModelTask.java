package io.urbanflow.orchestration.internal;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.Task;
import io.urbanflow.orchestration.TaskContext;
import io.urbanflow.orchestration.TaskKind;
import io.urbanflow.orchestration.TaskOutcome;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A model as a task: reads its inputs, writes its outputs, on a DuckDB connection of its own. Immutable. */
public record ModelTask(Model model) implements Task {
    @Override
    public String name() {
        return model.name();
    }

    @Override
    public TaskKind kind() {
        return TaskKind.MODEL;
    }

    @Override
    public List<String> reads() {
        return model.inputs();
    }

    @Override
    public List<String> writes() {
        return model.outputs();
    }

    @Override
    public String description() {
        return "reads " + String.join(", ", model.inputs());
    }

    @Override
    public TaskOutcome run(TaskContext context) throws Exception {
        ModelResult result;
        try (Connection duckdb = context.engine().trustedConnection()) {
            ModelContext modelContext = ModelContext.of(context.lake(), context.engine(), duckdb, context.settings(), context.clock());
            if (context.window().isPresent()) {
                modelContext = modelContext.withWindow(context.window().get());
            }
            result = model.build(modelContext, context.mode());
        }
        if (result.failed()) {
            throw new UrbanFlowException(result.error().orElse("Cannot build " + model.name()));
        }
        String summary = result.mode() == RunMode.UP_TO_DATE ? "up-to-date"
                : String.format(Locale.ROOT, "%s rows=%d input=%d windows=%d %.2f s", result.mode().label(), result.rowsWritten(),
                result.inputRows(), result.recomputed().size(), result.elapsed().toNanos() / 1e9);
        return new TaskOutcome(result.rowsWritten(), summary, Optional.of(result));
    }
}
