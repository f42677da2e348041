package io.urbanflow.cli;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.cli.demo.DemoConsole;
import io.urbanflow.cli.demo.DemoOptions;
import io.urbanflow.cli.demo.DemoRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code urbanflow demo}: the whole pipeline in one process on a domain's synthetic day or a file (see {@link DemoRun}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "The whole pipeline in one process, in about a minute: a synthetic day (or your file) through Kafka"
                    + " into the lake, aggregated, analysed and on the dashboard.",
            "Starts an embedded Kafka broker, replays the source into it (by default a synthetic Rome day, about a million"
                    + " points from 300 taxis, paced to take about a minute; --domain clickstream an e-commerce site's"
                    + " visitors; --domain all both at once), ingests it exactly once into the Iceberg lake, aggregates every"
                    + " few seconds, serves the dashboard, and ends with the domains' final work (the mobility analytics:"
                    + " trips, stops, clusters), a report and SQL queries to try next.",
            "Runs against --data-dir (default ./urbanflow-data); a second run adds to what is there."})
public final class DemoCommand implements Callable<Integer> {
    /** Exit code of a demo stopped before its report (128 + SIGINT, as shells report Ctrl-C). */
    static final int EXIT_INTERRUPTED = 130;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = DemoOptions.DEFAULT_DOMAIN,
            description = "The domain to run: mobility, clickstream, or all of them on one broker and lake (default: ${DEFAULT-VALUE}).")
    private String domain;

    @Option(names = "--source", paramLabel = "FILE|synthetic:...",
            description = "A file, .gz/.zip file or folder of the domain's records, or a generator (default: the domain's own, "
                    + "for mobility synthetic:rome,taxis=300,days=1,seed=7).")
    private String source;

    @Option(names = "--format", defaultValue = SourceOptions.AUTO, paramLabel = "FORMAT",
            description = "Format of a file source (see 'urbanflow formats'); auto detects it (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of a file's timestamps without an offset, e.g. Europe/Rome (default: the data set's own).")
    private String zone;

    @Option(names = {"--size", "--taxis"}, paramLabel = "N",
            description = "Size of the synthetic source: taxis of the fleet (default 300), visitors of the site.")
    private Integer size;

    @Option(names = "--speed", paramLabel = "N|max",
            description = "Replay N times faster than the data's clock, or max; default: the speed that replays the data in --replay-time.")
    private String speed;

    @Option(names = "--replay-time", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long the replay takes when --speed is not given (default: ${DEFAULT-VALUE}).")
    private String replayTime;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Dashboard port on 127.0.0.1; a busy port is replaced by a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--no-serve", description = "Do not serve the dashboard.")
    private boolean noServe;

    @Option(names = "--keep-running", description = "After the report, keep ingesting, aggregating and serving until Ctrl-C.")
    private boolean keepRunning;

    @Option(names = "--aggregate-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "Time between incremental aggregate runs (default: ${DEFAULT-VALUE}).")
    private String aggregateEvery;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Kafka port on 127.0.0.1; a busy port is replaced by a free one, 0 takes any (default: ${DEFAULT-VALUE}).")
    private int brokerPort;

    @Option(names = "--stack", paramLabel = "embedded|distributed", defaultValue = "embedded",
            description = "embedded: one broker, SQLite and local files (default); distributed: a three-node Kafka cluster, "
                    + "PostgreSQL for the catalog and an S3 bucket for the warehouse, all started in this process under the data dir.")
    private Stack stack;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this running Kafka cluster instead of starting a broker (client security settings: --kafka-properties).")
    private String bootstrapServers;

    /** Which servers a command runs on. */
    enum Stack { EMBEDDED, DISTRIBUTED }

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        if (stack == Stack.DISTRIBUTED) {
            if (bootstrapServers != null) {
                throw new UrbanFlowException("Cannot run demo: --stack distributed starts its own Kafka cluster; leave out --bootstrap-servers");
            }
            PrintWriter err = spec.commandLine().getErr();
            try (LocalStack servers = LocalStack.start(dataDir, line -> {
                err.println(line);
                err.flush();
            })) {
                Map<String, String> lake = servers.lakeSettings("warehouse");
                Settings settings = lakeOptions.settings(dataDir, lake);
                int exit = run(dataDir, settings, Optional.of(servers.bootstrapServers()));
                err.println("The lake lives in PostgreSQL and S3, stopped with the demo; to query it, start them again "
                        + "(urbanflow postgres, urbanflow s3: same ports and credentials) and add to the commands above: "
                        + "--catalog-url " + lake.get(io.urbanflow.lake.LakeConfig.CATALOG_URL)
                        + " --catalog-credentials " + lake.get(io.urbanflow.lake.LakeConfig.JDBC_CREDENTIALS_FILE)
                        + " --warehouse " + lake.get(io.urbanflow.lake.LakeConfig.WAREHOUSE)
                        + " --s3-endpoint " + lake.get(io.urbanflow.lake.LakeConfig.S3_ENDPOINT)
                        + " --s3-path-style true --s3-credentials " + lake.get(io.urbanflow.lake.LakeConfig.S3_CREDENTIALS_FILE));
                err.flush();
                return exit;
            }
        }
        return run(dataDir, lakeOptions.settings(dataDir, Map.of()), Optional.ofNullable(bootstrapServers));
    }

    private Integer run(Path dataDir, Settings settings, Optional<String> kafka) throws InterruptedException {
        DemoOptions options = DemoOptions.defaults()
                .withDomain(domain)
                .withSource(source, new SourceOptions(format, zone == null ? null : SourceOptions.parseZone(zone), null))
                .withReplayTarget(Settings.parseDuration("--replay-time", replayTime))
                .withAggregateEvery(Settings.parseDuration("--aggregate-every", aggregateEvery))
                .withBrokerPort(brokerPort)
                .withDashboardPort(port)
                .withEnding(keepRunning ? DemoOptions.Ending.ON_STOP : DemoOptions.Ending.WHEN_CAUGHT_UP);
        if (noServe) {
            options = options.withoutDashboard();
        }
        if (size != null) {
            options = options.withSize(size);
        }
        if (speed != null) {
            options = options.withSpeed(ReplaySpeed.parse(speed));
        }
        PrintWriter out = spec.commandLine().getOut();
        String command = "./urbanflow" + (dataDirGiven() ? " --data-dir " + shellWord(dataDir.toString()) : "");
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        DemoConsole console = terminal ? DemoConsole.terminal(out, command) : DemoConsole.lines(out, command);
        DemoRun demo = new DemoRun(options, settings, UrbanFlowCommand.domains(), dataDir, Clock.systemUTC(), console, kafka);

        // Ctrl-C or SIGTERM: the demo stops its replay, commits what was ingested and stops the broker, then this
        // returns. A second Ctrl-C exits at once (the lake keeps its last commit; the next run resumes from it).
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            demo.stop();
            try {
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "urbanflow-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (StopSignals signals = StopSignals.install(demo::stop, () -> {
            err.println();
            err.println("urbanflow: stopped at once; the next run resumes from the lake's last commit");
            err.flush();
            Runtime.getRuntime().halt(EXIT_INTERRUPTED);
        })) {
            return demo.run().isPresent() ? 0 : EXIT_INTERRUPTED;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now
            }
        }
    }

    private boolean dataDirGiven() {
        for (CommandLine.ParseResult result = spec.commandLine().getParseResult(); result != null; ) {
            if (result.hasMatchedOption("--data-dir")) {
                return true;
            }
            CommandLine parent = result.commandSpec().commandLine().getParent();
            result = parent == null ? null : parent.getParseResult();
        }
        return false;
    }

    /** The text as one shell word: as it is when it has no special characters, else in single quotes. */
    static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:=,+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
