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
            "With --stack distributed: first on a three-node cluster, PostgreSQL and S3, then on the embedded default; "
                    + "last line distributed_ingest_rows_per_s=... embedded_ingest_rows_per_s=... ratio=...",
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

    @Option(names = "--stack", paramLabel = "embedded|distributed", defaultValue = "embedded",
            description = "embedded: one broker, SQLite, local files (default); distributed: the same measurements on a "
                    + "three-node Kafka cluster (RF 3, acks=all), PostgreSQL catalogs and S3 warehouses started in this "
                    + "process, then on the embedded default in the same run, and the ratio of their ingest rates.")
    DemoCommand.Stack stack;

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
        java.nio.file.Path dir = UrbanFlowCommand.of(spec).dataDir().resolve("bench");
        if (stack != DemoCommand.Stack.DISTRIBUTED) {
            new IngestBenchmark(options, out, Clock.systemUTC()).run(dir);
            return 0;
        }
        IngestBenchmark.Result distributed = new IngestBenchmark(options, out, Clock.systemUTC()).run(dir, this::distributed);
        IngestBenchmark.Result embedded = new IngestBenchmark(options, out, Clock.systemUTC()).run(dir);
        out.println(String.format(java.util.Locale.ROOT,
                "distributed_ingest_rows_per_s=%.0f embedded_ingest_rows_per_s=%.0f ratio=%.2f distributed_freshness_p50_ms=%.0f "
                        + "embedded_freshness_p50_ms=%.0f", distributed.ingestRowsPerSecond(), embedded.ingestRowsPerSecond(),
                distributed.ingestRowsPerSecond() / embedded.ingestRowsPerSecond(), distributed.freshnessP50Millis(),
                embedded.freshnessP50Millis()));
        out.flush();
        return 0;
    }

    /** The distributed stack under the run's folder, each measurement's lake in a catalog database and S3 prefix of its own. */
    private IngestBenchmark.Target distributed(java.nio.file.Path dir) {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack servers = LocalStack.start(dir, line -> {
            out.println(line);
            out.flush();
        });
        return new IngestBenchmark.Target() {
            @Override
            public String name() {
                return "distributed";
            }

            @Override
            public String bootstrapServers() {
                return servers.bootstrapServers();
            }

            @Override
            public io.urbanflow.lake.LakeConfig lake(String name) {
                String database = name.replace('-', '_');
                return io.urbanflow.lake.LakeConfig.from(io.urbanflow.model.Settings.of(servers.lakeSettings(name, database)), dir);
            }

            @Override
            public void close() {
                servers.close();
            }
        };
    }
}
