package io.urbanflow.orchestration.internal;

import io.urbanflow.orchestration.Task;
import io.urbanflow.orchestration.TaskContext;
import io.urbanflow.orchestration.TaskFailedException;
import io.urbanflow.orchestration.TaskKind;
import io.urbanflow.orchestration.TaskOutcome;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.DataTestResult;
import io.urbanflow.pipeline.DataTests;
import io.urbanflow.pipeline.ModelContext;
import java.sql.Connection;
import java.util.List;

/**
 * A data test as a task, named {@code test.TABLE.CHECK}: it runs after the models writing the tables it reads; an error
 * fails it (never retried: the rows do not change by trying again) with the sample rows in its log and error; a
 * warning is a success that says so. Immutable.
 */
public record DataTestTask(DataTest test) implements Task {
    public static final String PREFIX = "test.";

    @Override
    public String name() {
        return PREFIX + test.name();
    }

    @Override
    public TaskKind kind() {
        return TaskKind.TEST;
    }

    @Override
    public List<String> reads() {
        return test.reads();
    }

    @Override
    public List<String> writes() {
        return List.of();
    }

    @Override
    public List<String> blocks() {
        return test.isBlocking() ? List.of(test.table()) : List.of();
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public String description() {
        return DataTests.describe(test);
    }

    @Override
    public TaskOutcome run(TaskContext context) throws Exception {
        DataTestResult result;
        try (Connection duckdb = context.engine().trustedConnection()) {
            result = DataTests.evaluate(test, ModelContext.of(context.lake(), duckdb, context.settings(), context.clock()));
        }
        context.log(result.level().label() + ": " + result.message());
        result.samples().forEach(sample -> context.log("  sample: " + sample));
        String samples = result.samples().isEmpty() ? "" : "; e.g. " + String.join(" | ", result.samples());
        if (result.level() == DataTestResult.Level.ERROR) {
            throw new TaskFailedException("Data test " + test.name() + " failed: " + result.message() + samples);
        }
        return TaskOutcome.of(result.level().label() + ": " + result.message() + (result.passed() ? "" : samples));
    }
}
