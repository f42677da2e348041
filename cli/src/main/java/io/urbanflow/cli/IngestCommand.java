package io.urbanflow.cli;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code urbanflow ingest}: Kafka topic to {@code raw.gps_points}, exactly once, until idle or Ctrl-C. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {
            "Consume GPS points from Kafka into the lake table raw.gps_points, exactly once: the consumed offsets are "
                    + "committed in the same Iceberg snapshot as the rows, and a restart resumes from them.",
            "Messages that cannot be decoded or fail validation go to raw.gps_points_rejected with the reason.",
            "Several ingest processes with the same --group share the topic's partitions."})
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka broker (default: 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--topic", description = "Topic to consume (default: gps.points).")
    String topic;

    @Option(names = "--group", description = "Consumer group (default: urbanflow-ingest).")
    String group;

    @Option(names = "--commit-interval", paramLabel = "DURATION",
            description = "Commit to the lake at least this often while messages arrive (default: 1s).")
    String commitInterval;

    @Option(names = "--commit-rows", paramLabel = "N", description = "Commit earlier after N messages (default: 1000000).")
    String commitRows;

    @Option(names = "--until-idle", paramLabel = "SECONDS",
            description = "Exit after this long without new messages, everything committed (default: run until Ctrl-C).")
    String untilIdle;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Static group member id: a restarted process gets its partitions back at once.")
    String instanceId;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, flags());
        IngestConfig config = IngestConfig.from(settings);
        PrintWriter out = spec.commandLine().getOut();
        try (Lake lake = Lake.open(lakeOptions.config(settings, dataDir));
                IngestJob job = IngestJob.create(lake, config, Clock.systemUTC())) {
            // Ctrl-C or SIGTERM: handled while the JVM still runs, so this thread makes the last commit and prints
            // the counts before main exits. A shutdown hook would run too late (Iceberg's worker pool is shut down by
            // its own hook); it stays only as the fallback where the signal cannot be handled (-Xrs, SIGHUP).
            PrintWriter err = spec.commandLine().getErr();
            CountDownLatch finished = new CountDownLatch(1);
            Thread stopOnShutdown = new Thread(() -> {
                job.stop();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "urbanflow-ingest-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnShutdown);
            try (StopSignals signals = StopSignals.install(job::stop, () -> {
                err.println();
                err.println("urbanflow: stopped at once; the next run resumes from the lake's last commit");
                err.flush();
                Runtime.getRuntime().halt(DemoCommand.EXIT_INTERRUPTED);
            })) {
                IngestResult result = job.run();
                out.println(result.summaryLine());
                out.flush();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnShutdown);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running and returns now
                }
            }
        }
        return 0;
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, IngestConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        GivenFlags.putIfGiven(flags, IngestConfig.TOPIC, topic);
        GivenFlags.putIfGiven(flags, IngestConfig.GROUP, group);
        GivenFlags.putIfGiven(flags, IngestConfig.COMMIT_INTERVAL, commitInterval);
        GivenFlags.putIfGiven(flags, IngestConfig.COMMIT_ROWS, commitRows);
        GivenFlags.putIfGiven(flags, IngestConfig.UNTIL_IDLE, untilIdle);
        GivenFlags.putIfGiven(flags, IngestConfig.INSTANCE_ID, instanceId);
        return flags;
    }
}
