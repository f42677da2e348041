package io.urbanflow.cli;

import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.FieldMapping;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.ingest.JsonRecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.RawTable;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code urbanflow ingest}: Kafka topics into their raw tables, exactly once, until idle or Ctrl-C. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {
            "Consume Kafka topics into their lake tables, exactly once: the consumed offsets are committed in the same "
                    + "Iceberg snapshot as the rows, and a restart resumes from them.",
            "Without --topic, every topic the registered domains bind (gps.points into raw.gps_points, the clickstream "
                    + "topics into raw.*_events); --domain or --topic narrows it. Messages that cannot be decoded go to "
                    + "the binding's rejected table with the reason.",
            "Any JSON topic of your own: --topic T --into TABLE [--mapping ...] decodes its flat JSON objects by the "
                    + "table's columns (see --mapping).",
            "Several ingest processes with the same --group share the topics' partitions."})
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka broker (default: 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--topic", split = ",", paramLabel = "TOPIC",
            description = "Topics to consume (setting ingest.topics; default: every bound topic). Repeat or separate with commas.")
    List<String> topics;

    @Option(names = "--domain", paramLabel = "NAME", description = "Only this domain's topics (mobility, clickstream, ...; default: all).")
    String domain;

    @Option(names = "--into", paramLabel = "TABLE",
            description = "Ingest --topic (one topic of JSON objects) into this table, e.g. raw.gps_points; its rejects go to TABLE_rejected.")
    String into;

    @Option(names = "--mapping", paramLabel = "MAPPING",
            description = "With --into: column=field, column=field@FORMAT (iso, epoch-s, epoch-ms, epoch-us or a pattern), "
                    + "column=const:VALUE, zone=ZONE; e.g. ts=time@epoch-ms,occupancy=const:-1,source=const:feed.")
    String mapping;

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

    @Option(names = "--reset-offsets", paramLabel = "none|earliest|latest|lake",
            description = "When the lake's stored offset of a partition lies outside its log (topic re-created, retention): "
                    + "stop and say so (none, the default), read from the log's start (earliest), only new messages "
                    + "(latest), or keep the lake's offsets (lake).")
    String resetOffsets;

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
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir))) {
            List<TopicBinding> bindings = bindings(UrbanFlowCommand.domains(), config, lake);
            try (IngestJob job = IngestJob.create(lake, bindings, config, Clock.systemUTC())) {
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
        }
        return 0;
    }

    /**
     * The bindings to consume: a user's JSON topic with {@code --into}, else the selected domains' bindings narrowed to
     * the configured topics.
     */
    List<TopicBinding> bindings(Domains domains, IngestConfig config, Lake lake) {
        if (into != null) {
            return List.of(userBinding(domains, config, lake));
        }
        if (mapping != null) {
            throw new UrbanFlowException("Cannot ingest: --mapping applies to a topic ingested --into a table");
        }
        List<TopicBinding> selected = Domains.bindings(domains.select(domain));
        if (config.topics().isEmpty()) {
            return selected;
        }
        List<TopicBinding> chosen = new ArrayList<>();
        for (String topic : config.topics()) {
            TopicBinding binding = selected.stream().filter(candidate -> candidate.topic().equals(topic)).findFirst()
                    .orElseThrow(() -> new UrbanFlowException("Cannot ingest topic " + topic + ": no "
                            + (domain == null ? "registered domain" : "topic of domain " + domain) + " binds it (bound: "
                            + String.join(", ", selected.stream().map(TopicBinding::topic).toList())
                            + "); for a JSON topic of your own add --into TABLE"));
            chosen.add(binding);
        }
        return chosen;
    }

    private TopicBinding userBinding(Domains domains, IngestConfig config, Lake lake) {
        if (config.topics().size() != 1) {
            throw new UrbanFlowException("Cannot ingest --into " + into + ": name exactly one --topic");
        }
        String topic = config.topics().get(0);
        Optional<TopicBinding> bound = domains.binding(topic);
        if (bound.isPresent()) {
            throw new UrbanFlowException("Cannot ingest topic " + topic + " --into " + into + ": domain "
                    + domains.ofTopic(topic).map(Domain::name).orElse("?") + " already binds it to " + bound.get().table().name());
        }
        RawTable table = domains.bindings().stream().map(TopicBinding::table).filter(candidate -> candidate.name().equals(into))
                .findFirst().orElseGet(() -> existing(lake, into));
        String rejectedName = into + "_rejected";
        RawTable rejected = domains.bindings().stream().map(TopicBinding::rejected).filter(candidate -> candidate.name().equals(rejectedName))
                .findFirst().orElse(IngestTables.rejected(rejectedName));
        FieldMapping fields = FieldMapping.parse(mapping);
        JsonRecordDecoder.check(table.schema(), fields);
        return new TopicBinding(topic, table, rejected, new JsonRecordDecoder(fields));
    }

    private static RawTable existing(Lake lake, String name) {
        Table table = lake.findTable(name).orElseThrow(() -> new UrbanFlowException("Cannot ingest into " + name
                + ": no such table (a domain's raw table, such as raw.gps_points, or a table that exists)"));
        return new RawTable(name, table.schema(), table.spec(), RawTable.PROPERTIES);
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, IngestConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        GivenFlags.putIfGiven(flags, IngestConfig.TOPICS, topics == null ? null : String.join(",", topics));
        GivenFlags.putIfGiven(flags, IngestConfig.GROUP, group);
        GivenFlags.putIfGiven(flags, IngestConfig.COMMIT_INTERVAL, commitInterval);
        GivenFlags.putIfGiven(flags, IngestConfig.COMMIT_ROWS, commitRows);
        GivenFlags.putIfGiven(flags, IngestConfig.UNTIL_IDLE, untilIdle);
        GivenFlags.putIfGiven(flags, IngestConfig.INSTANCE_ID, instanceId);
        GivenFlags.putIfGiven(flags, IngestConfig.RESET_OFFSETS, resetOffsets);
        return flags;
    }
}
