package io.urbanflow.orchestration.internal;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.orchestration.Task;
import io.urbanflow.orchestration.TaskContext;
import io.urbanflow.orchestration.TaskKind;
import io.urbanflow.orchestration.TaskOutcome;
import io.urbanflow.stream.Kafka;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A domain's load: the exactly-once ingest of its topics ({@code ingest.*} settings), until they were idle for
 * {@code untilIdle}; a retry after a crash resumes from the offsets stored in the lake. Immutable.
 */
public record IngestDrainTask(String domain, List<TopicBinding> bindings, Duration untilIdle) implements Task {
    public IngestDrainTask {
        bindings = List.copyOf(bindings);
    }

    @Override
    public String name() {
        return "load." + domain;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.LOAD;
    }

    @Override
    public List<String> reads() {
        return List.of();
    }

    @Override
    public List<String> writes() {
        return boundTables(bindings);
    }

    /** The raw and rejected tables of the bindings, each once, in order: what a load writes. */
    static List<String> boundTables(List<TopicBinding> bindings) {
        Set<String> tables = new LinkedHashSet<>();
        for (TopicBinding binding : bindings) {
            tables.add(binding.table().name());
            tables.add(binding.rejected().name());
        }
        return List.copyOf(tables);
    }

    @Override
    public String description() {
        return "drains " + String.join(", ", bindings.stream().map(TopicBinding::topic).toList()) + " until idle "
                + untilIdle.toSeconds() + " s";
    }

    @Override
    public TaskOutcome run(TaskContext context) {
        IngestConfig config = IngestConfig.from(context.settings()).withUntilIdle(untilIdle);
        Kafka.ensureReachable(config.bootstrapServers(), Duration.ofSeconds(5));
        context.log("draining " + description() + " from " + config.bootstrapServers());
        try (IngestJob job = IngestJob.create(context.lake(), bindings, config, context.clock())) {
            IngestResult result = job.run();
            return TaskOutcome.of(result.ingested() + result.rejected(), result.summaryLine() + " commits=" + result.commits());
        }
    }
}
