package io.urbanflow.cli;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.Kafka;
import io.urbanflow.web.Dashboard;
import io.urbanflow.web.DashboardConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow serve}: the web dashboard over the lake, with each domain's pages and live views. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the web dashboard: each domain's pages (the live map and traffic of mobility, the clickstream"
                + " page), the tables, SQL and health pages, JSON endpoints and Prometheus metrics at /metrics.",
                "Binds 127.0.0.1 unless told otherwise; any other address needs a token (one is generated and printed)."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (0 = any free one). Default: 8080.")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on. Default: 127.0.0.1 (this machine only).")
    private String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token every request must carry (Authorization: Bearer, or ?token= once in the browser)."
            + " Required to bind another address than loopback; generated when not given.")
    private String token;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = Kafka.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka brokers the live views read from. Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    @Option(names = "--live-from", paramLabel = "WHEN", defaultValue = "latest",
            description = "Where the live views start reading: latest, earliest, or an instant (2014-02-01T08:00:00Z). Default: ${DEFAULT-VALUE}.")
    private String liveFrom;

    @Option(names = "--tiles", paramLabel = "URL", description = "Basemap tile URL with {z}/{x}/{y}, or none for a plain background."
            + " Default: OpenStreetMap raster tiles.")
    private String tiles;

    @Option(names = "--city", paramLabel = "CITY", description = "Centres the map; its zone aligns intervals. Default: rome.")
    private String city;

    @Option(names = "--recent", paramLabel = "DURATION", description = "The map's \"last N minutes\" of points. Default: 15m.")
    private String recent;

    @Option(names = "--run-for", paramLabel = "DURATION", hidden = true, description = "Stop after this long (for tests).")
    private String runFor;

    @picocli.CommandLine.Mixin
    LakeOptions lakeOptions;

    @Option(names = "--scheduler", description = "Also run the scheduler (as urbanflow scheduler does) in this process.")
    private boolean withScheduler;

    @Option(names = "--scheduler-config", paramLabel = "FILE", description = "With --scheduler: its config file (default:"
            + " DATA/scheduler.properties when it exists).")
    private Path schedulerConfig;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The scheduler beside the dashboard, on a thread of its own; closing it stops it and waits for its runs. */
    private record SchedulerThread(Orchestration orchestration, io.urbanflow.orchestration.Scheduler scheduler, Thread thread)
            implements AutoCloseable {
        static SchedulerThread start(Path dataDir, Path configFile, PrintWriter out) {
            LakeOptions lakeOptions = new LakeOptions();
            Settings settings = SchedulerCommand.settings(lakeOptions, dataDir, configFile, Map.of());
            io.urbanflow.orchestration.SchedulerConfig config = io.urbanflow.orchestration.SchedulerConfig.from(settings);
            Clock clock = Clock.systemUTC();
            Orchestration orchestration = Orchestration.open(lakeOptions.config(settings, dataDir), settings,
                    Orchestration.dag(UrbanFlowCommand.domains().all(), settings, dataDir),
                    io.urbanflow.orchestration.OrchestrationConfig.from(settings), clock);
            io.urbanflow.orchestration.Scheduler scheduler = new io.urbanflow.orchestration.Scheduler(orchestration.runner,
                    orchestration.history, config, clock, line -> {
                        synchronized (out) {
                            out.println(line);
                            out.flush();
                        }
                    });
            Thread thread = new Thread(scheduler::run, "urbanflow-scheduler");
            thread.setDaemon(true);
            thread.start();
            config.describe().forEach(line -> out.println("Scheduler: " + line));
            return new SchedulerThread(orchestration, scheduler, thread);
        }

        @Override
        public void close() {
            scheduler.stop();
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            orchestration.close();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, "web.port", port);
        GivenFlags.putIfGiven(flags, "web.bind", bind);
        GivenFlags.putIfGiven(flags, "web.token", token);
        GivenFlags.putIfGiven(flags, "web.tiles", tiles);
        GivenFlags.putIfGiven(flags, "web.city", city);
        GivenFlags.putIfGiven(flags, "live.recent", recent);
        Settings settings = lakeOptions.settings(dataDir, flags);
        DashboardConfig config = DashboardConfig.from(settings);
        LiveStart start = LiveStart.parse(liveFrom);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        try {
            Kafka.ensureReachable(bootstrapServers, Duration.ofSeconds(3));
        } catch (UrbanFlowException e) {
            err.println("urbanflow: " + e.getMessage() + " (the live views wait for it; the other pages work)");
            err.flush();
        }
        List<Domain> domains = UrbanFlowCommand.domains().all();
        Dashboard dashboard = Dashboard.start(config, LakeConfig.from(settings, dataDir), domains, bootstrapServers, start,
                settings, Clock.systemUTC());
        SchedulerThread scheduler = withScheduler ? SchedulerThread.start(dataDir, schedulerConfig, out) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (scheduler != null) {
                scheduler.close();
            }
            dashboard.close();
            stopped.countDown();
        }, "urbanflow-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Dashboard: " + dashboard.url());
        if (dashboard.token() != null && config.token() == null) {
            out.println("Token (generated; every request needs it): " + dashboard.token());
        }
        out.println("Live views read " + String.join(", ", Domains.bindings(domains).stream().map(TopicBinding::topic).toList())
                + " at " + bootstrapServers + " from " + liveFrom + "; lake in " + dataDir);
        out.println("Press Ctrl+C to stop.");
        out.flush();
        if (runFor != null) {
            if (!stopped.await(Settings.parseDuration("--run-for", runFor).toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
            }
            return 0;
        }
        stopped.await();
        return 0;
    }
}
