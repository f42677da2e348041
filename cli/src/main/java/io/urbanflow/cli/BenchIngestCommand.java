package io.urbanflow.cli;

import io.urbanflow.mobility.ingest.IngestBenchmark;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow bench ingest}: consume-only, write-only, end-to-end ingest and freshness in one run. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {
            "Measure, on an embedded broker and a temporary lake: (a) Kafka consume-only rate, (b) lake write-only rate, "
                    + "(c) end-to-end exactly-once ingest rate, (d) freshness (send to visible in the lake) at a fixed rate.",
            "Last line: consume_only_rows_per_s=... write_only_rows_per_s=... ingest_rows_per_s=... efficiency=... "
                    + "freshness_p50_ms=... freshness_p99_ms=..."})
public final class BenchIngestCommand implements Callable<Integer> {
    @Option(names = "--points", description = "Messages for (a), (b), (c) (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
    long points;

    @Option(names = "--partitions", description = "Topic partitions (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int partitions;

    @Option(names = "--rate", paramLabel = "POINTS_PER_S", description = "Production rate for freshness (default: ${DEFAULT-VALUE}).",
            defaultValue = "100000")
    int rate;

    @Option(names = "--freshness-seconds", description = "How long freshness is measured (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int freshnessSeconds;

    @Option(names = "--commit-interval", paramLabel = "DURATION", description = "Ingest commit interval (default: ${DEFAULT-VALUE}).",
            defaultValue = "1s")
    String commitInterval;

    @Option(names = "--durability", paramLabel = "power-loss|process-crash",
            description = "The lakes' lake.durability: power-loss fsyncs files before each commit (default: ${DEFAULT-VALUE}).",
            defaultValue = "power-loss")
    String durability;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IngestBenchmark.Options options = new IngestBenchmark.Options(points, partitions, rate,
                Duration.ofSeconds(freshnessSeconds), io.urbanflow.model.Settings.parseDuration("--commit-interval", commitInterval),
                io.urbanflow.lake.Durability.parse("--durability", durability));
        new IngestBenchmark(options, out, Clock.systemUTC()).run(UrbanFlowCommand.of(spec).dataDir().resolve("bench"));
        return 0;
    }
}
