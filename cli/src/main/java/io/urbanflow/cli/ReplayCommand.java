package io.urbanflow.cli;

import io.urbanflow.model.Settings;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow replay}: records from a file, folder or generator of any domain into their Kafka topics. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Publish a source's records to Kafka (GPS points to gps.points keyed by vehicle id, clickstream events to "
                    + "clickstream.*), as fast as possible or paced by the data's own clock.",
            "Each message carries its source position in headers (urbanflow.source, urbanflow.seq): --resume continues "
                    + "after the last record an interrupted replay of the same source got into the topic, so each "
                    + "record is sent exactly once.",
            "Bad input lines go to DATA/quarantine/replay-*.jsonl (or stop the replay with --strict); after --resume, "
                    + "those an interrupted run already quarantined are not written again. "
                    + "The last line printed is sent=N rejected=M (and skipped=K after --resume)."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, paramLabel = "PATH",
            description = "A file, a .gz or .zip file or a folder of files; or a generator, e.g. synthetic:rome,taxis=300,days=1,seed=7.")
    private String source;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "The input format (see 'urbanflow formats'); auto detects it from the first lines (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of timestamps without an offset, e.g. Europe/Rome (default: the data set's own).")
    private String zone;

    @Option(names = "--strict", description = "Stop at the first bad input line instead of quarantining it.")
    private boolean strict;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers (setting replay.bootstrap-servers, default: " + Kafka.DEFAULT_BOOTSTRAP_SERVERS + ").")
    private String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to publish to instead of the source's own (for a source of one topic), created if missing (setting replay.topic).")
    private String topic;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the topic when the replay creates it (setting replay.partitions, default: 3).")
    private String partitions;

    @Option(names = "--speed", paramLabel = "max|N",
            description = "max: as fast as possible; N: N times faster than the data's clock, e.g. 60 "
                    + "(setting replay.speed, default: max).")
    private String speed;

    @Option(names = "--resume",
            description = "Continue after the records an earlier (interrupted) replay of this source got into the topics.")
    private boolean resume;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ZoneId zoneId = zone == null ? null : SourceOptions.parseZone(zone);
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        ReplayOptions options = ReplayOptions.from(Settings.load(dataDir.resolve("urbanflow.properties"), System.getenv(), flags()));
        RecordSource records = UrbanFlowCommand.domains().sources().open(source, new SourceOptions(format, zoneId, null));
        PrintWriter out = spec.commandLine().getOut();
        ReplayProgress progress = System.console() != null
                ? ReplayProgress.terminal(out, zoneId)
                : ReplayProgress.lines(out, zoneId, Duration.ofSeconds(5));
        ReplayProducer producer = ReplayProducer.create(options, progress);
        // Ctrl-C ends the replay after the record in flight; the hook waits until what was sent is flushed and the
        // last line printed, since the JVM halts when its hooks return.
        CountDownLatch printed = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            producer.requestStop();
            try {
                printed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "urbanflow-replay-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        // a resumed replay reads the source from the start again: bad lines an earlier run kept are not kept twice
        try (Quarantine quarantine = resume ? Quarantine.resuming(dataDir, "replay") : Quarantine.open(dataDir, "replay")) {
            RejectSink rejects = strict ? RejectSink.strict() : quarantine;
            ReplayResult result = producer.replay(records, rejects,
                    resume ? ReplayProducer.Resume.AFTER_LAST_SENT : ReplayProducer.Resume.FROM_START);
            quarantine.flush();
            if (!strict) {
                result = result.withRejected(quarantine.count());
            }
            if (result.rejected() > 0) {
                out.println("rejected lines are in " + quarantine.path());
            }
            out.println(result.summaryLine());
            out.flush();
            return result.failed() > 0 ? UrbanFlowCommand.EXIT_FAILURE : 0;
        } finally {
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now
            }
        }
    }

    /** The flags given, as settings overriding the config file and the environment. */
    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, ReplayOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        GivenFlags.putIfGiven(flags, ReplayOptions.TOPIC, topic);
        GivenFlags.putIfGiven(flags, ReplayOptions.PARTITIONS, partitions);
        GivenFlags.putIfGiven(flags, ReplayOptions.SPEED, speed);
        return flags;
    }
}
