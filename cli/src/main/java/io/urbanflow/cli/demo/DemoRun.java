package io.urbanflow.cli.demo;

import io.urbanflow.cli.demo.DemoStatus.Phase;
import io.urbanflow.domain.DemoSource;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Domains;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestStatistics;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.LocalPorts;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.Dag;
import io.urbanflow.orchestration.DagRunner;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Pipelines;
import io.urbanflow.orchestration.RunReport;
import io.urbanflow.orchestration.RunRequest;
import io.urbanflow.orchestration.Scheduler;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.TaskEnvironment;
import io.urbanflow.orchestration.TaskReport;
import io.urbanflow.orchestration.TaskState;
import io.urbanflow.orchestration.Trigger;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.LakeTableSummary;
import io.urbanflow.query.QueryConfig;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.stream.ReplayStatus;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.web.DashboardServer;
import io.urbanflow.web.IcebergLakeAccess;
import io.urbanflow.domain.LakeAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code urbanflow demo} in one process: an embedded Kafka broker, a replay of each selected domain's source into its
 * topics, exactly-once ingest of every topic into the lake, incremental pipeline runs through the orchestration's runner
 * when new data arrives (at most every few seconds, recorded in the run history), the dashboard, and at the end a
 * final run with the models' data tests, each domain's final work and a report. {@code --domain all} runs every domain
 * that has a demo, on one broker and one lake.
 *
 * <h2>Threads</h2>
 * The thread calling {@link #run()} starts the parts and waits for events; each replay, the ingest and the aggregation
 * run on threads of their own, and a timer thread feeds {@link DemoListener#status}. The aggregation thread starts the
 * pipeline runs through a {@link DagRunner}, whose tasks run on its threads, each on an engine connection of its own;
 * the domains' status lines, their final work and the check of the suggested queries run on the aggregation thread.
 *
 * <h2>When it ends</h2>
 * Once every replay is done and the lake holds every message of the topics (the offsets stored in the lake's snapshots
 * reach the topics' ends: lag 0), a final pipeline run and the domains' final work run, then the report. With
 * {@link DemoOptions.Ending#ON_STOP} everything keeps running until {@link #stop()}. Whatever ends the run (the end,
 * {@link #stop()}, a failure), the replays stop, the ingest commits what it consumed, and the dashboard and the broker
 * shut down before {@link #run()} returns or throws.
 *
 * <p>{@link #stop()} may be called from any thread (a shutdown hook); {@link #run()} once.
 */
public final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** How often the lake's lag behind the topics is measured (a topic and a catalog request each time). */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);
    /** Ingest that does not get closer to the topics' end for this long is stuck. */
    private static final Duration CATCH_UP_STALL = Duration.ofMinutes(2);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final DemoOptions options;
    private final Settings baseSettings;
    private final Domains registry;
    private final Path dataDir;
    private final Clock clock;
    private final DemoListener listener;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<UrbanFlowException> failure = new AtomicReference<>();
    /** Released on every event the running thread waits for: a stop, a failure, a replay's end, a final run. */
    private final Semaphore events = new Semaphore(0);

    private volatile Phase phase = Phase.REPLAYING;
    private volatile long lag = -1;
    private volatile long lagMeasuredMillis = Long.MIN_VALUE / 2; // "long ago", without overflow in now - this

    private Settings settings;
    private List<Domain> domains;
    private final List<Replay> replays = new ArrayList<>();
    private Lake lake;
    private EmbeddedKafkaBroker broker;
    private final Optional<String> externalBootstrapServers;
    private TopicProgress topicProgress;
    private DuckDbQueryEngine engine;
    private RunHistory history;
    private IngestJob ingest;
    private Thread ingestThread;
    private Quarantine quarantine;
    private Aggregation aggregation;
    private Thread aggregationThread;
    private ScheduledExecutorService ticker;
    private Dashboard dashboard;

    /**
     * @param options  what to replay and how
     * @param settings the layered settings ({@code lake.*}, {@code ingest.*}, {@code aggregate.*}, {@code web.*}, ...)
     * @param domains  the registered domains
     * @param dataDir  the data dir: lake, catalog, broker data ({@code kafka/}) and quarantine
     * @param clock    the clock of every part
     * @param listener where the demo reports
     */
    public DemoRun(DemoOptions options, Settings settings, Domains domains, Path dataDir, Clock clock, DemoListener listener) {
        this(options, settings, domains, dataDir, clock, listener, Optional.empty());
    }

    /**
     * As {@link #DemoRun(DemoOptions, Settings, Domains, Path, Clock, DemoListener)} on a running Kafka cluster at
     * {@code bootstrapServers} (a distributed stack or an external cluster) instead of an embedded broker.
     */
    public DemoRun(DemoOptions options, Settings settings, Domains domains, Path dataDir, Clock clock, DemoListener listener,
                   Optional<String> bootstrapServers) {
        this.externalBootstrapServers = bootstrapServers;
        this.options = options;
        this.baseSettings = settings;
        this.registry = domains;
        this.dataDir = dataDir;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Runs the demo until the report (or, with {@link DemoOptions.Ending#ON_STOP}, until {@link #stop()}), then shuts
     * every part down.
     *
     * @return the report; empty when {@link #stop()} came first
     * @throws UrbanFlowException "Cannot ...: reason" when a part fails (after the shutdown)
     */
    public Optional<DemoReport> run() {
        long startMillis = clock.millis();
        DemoReport report = null;
        try {
            report = runParts(startMillis);
        } catch (UrbanFlowException e) {
            failure.compareAndSet(null, e);
            throw failure.get();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, new UrbanFlowException("Cannot run demo: " + e, e));
            throw failure.get();
        } finally {
            shutdown();
        }
        if (ingest != null && (report == null || options.ending() == DemoOptions.Ending.ON_STOP)) {
            listener.info(String.format(Locale.ROOT, "Stopped: %,d %s sent, %,d ingested into the lake by this run,"
                    + " everything consumed committed.", sent(), unit(), ingest.statistics().ingested()));
        }
        return Optional.ofNullable(report);
    }

    /** Ends the demo: the replays stop, the ingest commits what it consumed, everything shuts down. Thread-safe. */
    public void stop() {
        stopRequested.countDown();
        events.release();
    }

    /** The domains a {@code --domain} value runs: the selected ones that have a demo. */
    static List<Domain> selected(Domains registry, String domain) {
        List<Domain> selected = registry.select(domain).stream().filter(candidate -> candidate.demo().isPresent()).toList();
        if (selected.isEmpty()) {
            throw new UrbanFlowException("Cannot run demo: domain " + domain + " has no demo (domains with one: "
                    + String.join(", ", registry.all().stream().filter(candidate -> candidate.demo().isPresent()).map(Domain::name).toList()) + ")");
        }
        return selected;
    }

    private DemoReport runParts(long startMillis) {
        domains = selected(registry, options.domain());
        if (options.source().isPresent() && domains.size() > 1) {
            throw new UrbanFlowException("Cannot run demo: --source names one domain's source; with --domain all each domain"
                    + " replays its own (pick a domain with --domain)");
        }
        if (options.size().isPresent() && domains.size() > 1) {
            throw new UrbanFlowException("Cannot run demo: the size of a synthetic source applies to one domain (pick one with --domain)");
        }
        for (Domain domain : domains) {
            check(domain, options.source().orElse(domain.demo().orElseThrow().defaultSpecification()));
        }
        LakeConfig lakeConfig = LakeConfig.from(baseSettings, dataDir);
        lake = Lake.open(lakeConfig);
        engine = DuckDbQueryEngine.open(lake);
        history = RunHistory.open(lakeConfig);
        List<TopicBinding> bindings = Domains.bindings(domains);
        bindings.forEach(binding -> lake.create(binding.table()));
        long lakeRowsBefore = rawRows(bindings);
        settings = baseSettings;
        for (Domain domain : domains) {
            DemoSource demo = domain.demo().orElseThrow();
            String specification = options.source().orElse(demo.defaultSpecification());
            DemoSource.Plan plan = demo.prepare(new DemoSource.Request(specification, options.sourceOptions(), options.size(),
                    options.speed(), options.replayTarget(), registry.sources(), engine, listener::info));
            settings = plan.localize(settings);
            replays.add(new Replay(domain, plan));
        }
        if (lakeRowsBefore > 0) {
            listener.info(String.format(Locale.ROOT, "The lake in %s already holds %,d %s; this demo adds %s"
                    + " (urbanflow reset starts afresh).", dataDir, lakeRowsBefore, unit(),
                    String.join(" and ", replays.stream().map(replay -> replay.plan.continuedWith()
                            .orElse(replay.plan.unit() + " of " + replay.plan.specification())).toList())));
        }
        String bootstrapServers;
        if (externalBootstrapServers.isPresent()) {
            bootstrapServers = externalBootstrapServers.get();
            Kafka.ensureReachable(bootstrapServers, Kafka.DEFAULT_REACH_TIMEOUT);
            listener.info("Kafka: " + bootstrapServers);
        } else {
            broker = startBroker();
            bootstrapServers = broker.bootstrapServers();
            listener.info("Kafka broker: " + bootstrapServers + " (embedded; data in " + broker.logDir() + ")");
        }
        for (TopicBinding binding : bindings) {
            Kafka.ensureTopic(bootstrapServers, binding.topic(), binding.partitions());
        }
        topicProgress = new TopicProgress(bootstrapServers, bindings, lake);
        topicProgress.requireLakeNotAhead();

        startIngest(bootstrapServers, bindings);
        if (options.dashboardPort().isPresent()) {
            dashboard = startDashboard(bootstrapServers, lakeConfig);
            listener.info("Dashboard: " + dashboard.server.url());
        }
        startAggregation();
        for (Replay replay : replays) {
            DemoSource.Plan plan = replay.plan;
            listener.info("Source: " + plan.description());
            Duration span = plan.span();
            listener.info("Replaying to " + String.join(", ", replay.domain.topics().stream().map(TopicBinding::topic).toList())
                    + " at " + plan.speed() + (span.isZero() || plan.speed().isMax() ? "" : " (" + DemoConsole.duration(span)
                    + " of data in about " + DemoConsole.duration(Duration.ofMillis((long) (span.toMillis() / plan.speed().factor()))) + ")")
                    + "; ingesting into the lake and aggregating every " + DemoConsole.duration(options.aggregateEvery()));
        }
        long replayStartMillis = clock.millis();
        quarantine = Quarantine.open(dataDir, "demo");
        replays.forEach(replay -> replay.start(bootstrapServers));
        startTicker();

        if (!await(() -> replays.stream().allMatch(replay -> replay.result != null))) {
            return stoppedEarly();
        }
        phase = Phase.CATCHING_UP;
        if (!awaitCaughtUp()) {
            return stoppedEarly();
        }
        long caughtUpMillis = clock.millis();
        phase = Phase.FINISHING;
        long ticket = aggregation.requestFinal();
        if (!await(() -> aggregation.completed(ticket))) {
            return stoppedEarly();
        }
        DemoReport report = report(startMillis, replayStartMillis, caughtUpMillis, lakeRowsBefore, bootstrapServers, bindings);
        if (options.ending() == DemoOptions.Ending.WHEN_CAUGHT_UP) {
            stopTicker();
        }
        listener.report(report);
        if (options.ending() == DemoOptions.Ending.ON_STOP) {
            phase = Phase.RUNNING;
            await(() -> false);
        }
        return report;
    }

    /**
     * Checks that the source opens (a file exists and its format is known; a generator's specification parses) and
     * belongs to the domain, reading nothing, so that a typo fails before anything is created in the data dir.
     */
    private void check(Domain domain, String specification) {
        List<String> topics = registry.sources().open(specification, options.sourceOptions()).topics();
        List<String> bound = domain.topics().stream().map(TopicBinding::topic).toList();
        if (!bound.containsAll(topics)) {
            throw new UrbanFlowException("Cannot run demo of domain " + domain.name() + " on " + specification + ": its records"
                    + " go to " + String.join(", ", topics) + ", not to the domain's topics (" + String.join(", ", bound)
                    + "); pick its domain with --domain");
        }
    }

    /** Rows of the raw tables the bindings write (rejected ones left out). */
    private long rawRows(List<TopicBinding> bindings) {
        long rows = 0;
        for (String table : new LinkedHashSet<>(bindings.stream().map(binding -> binding.table().name()).toList())) {
            rows += LakeTableSummary.of(table, lake.table(table)).rows();
        }
        return rows;
    }

    /** What the records are called: the one domain's unit, or "records" for several. */
    private String unit() {
        return replays.size() == 1 ? replays.get(0).plan.unit() : "records";
    }

    private long sent() {
        long sent = 0;
        for (Replay replay : replays) {
            ReplayResult result = replay.result;
            sent += result == null ? 0 : result.sent();
        }
        return sent;
    }

    /** Waits until {@code done}, a stop or a failure. @return false when stopped first; throws the failure. */
    private boolean await(BooleanSupplier done) {
        while (true) {
            UrbanFlowException failed = failure.get();
            if (failed != null) {
                throw failed;
            }
            if (stopRequested.getCount() == 0) {
                return false;
            }
            if (done.getAsBoolean()) {
                return true;
            }
            try {
                events.tryAcquire(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Waits until the lake holds every message of the topics. @return false when stopped first */
    private boolean awaitCaughtUp() {
        long closest = Long.MAX_VALUE;
        long closerAtMillis = clock.millis();
        while (await(() -> true)) {
            long behind;
            try {
                behind = measureLag();
            } catch (UrbanFlowException e) {
                // a busy broker or catalog missed one answer: measured again below, within the stall limit
                LOG.debug("Lag not measured", e);
                behind = Long.MAX_VALUE;
            }
            if (behind == 0) {
                return true;
            }
            long now = clock.millis();
            if (behind < closest) {
                closest = behind;
                closerAtMillis = now;
            } else if (now - closerAtMillis > CATCH_UP_STALL.toMillis()) {
                throw new UrbanFlowException("Cannot finish demo: ingest has not come closer to the end of the topics for "
                        + DemoConsole.duration(CATCH_UP_STALL) + (lag >= 0 ? String.format(Locale.ROOT, " (%,d messages behind)", lag) : ""));
            }
            try {
                events.tryAcquire(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private long measureLag() {
        long behind = topicProgress.lag();
        lag = behind;
        lagMeasuredMillis = clock.millis();
        return behind;
    }

    private DemoReport stoppedEarly() {
        listener.info("Stopping before the end: the replay stops, the ingest commits what it consumed...");
        return null;
    }

    private EmbeddedKafkaBroker startBroker() {
        Path logDir = dataDir.resolve("kafka");
        int port = options.brokerPort();
        if (port != 0 && !portFree(LOOPBACK, port)) {
            listener.info("Port " + port + " is busy; the broker takes a free port instead.");
            port = 0;
        }
        try {
            return EmbeddedKafkaBroker.start(logDir, port);
        } catch (UrbanFlowException e) {
            if (port != 0 && !portFree(LOOPBACK, port)) { // taken meanwhile
                listener.info("Port " + port + " was taken; the broker takes a free port instead.");
                return EmbeddedKafkaBroker.start(logDir, 0);
            }
            throw e;
        }
    }

    private void startIngest(String bootstrapServers, List<TopicBinding> bindings) {
        IngestConfig config = IngestConfig.from(settings).withBootstrapServers(bootstrapServers).withTopics(List.of()).withUntilIdle(null);
        ingest = IngestJob.create(lake, bindings, config, clock);
        ingestThread = thread("urbanflow-demo-ingest", () -> {
            try {
                ingest.run();
            } catch (Throwable e) {
                fail(e, "ingest into the lake");
            }
        });
    }

    private void startAggregation() {
        aggregation = new Aggregation();
        aggregationThread = thread("urbanflow-demo-aggregate", aggregation);
    }

    private Dashboard startDashboard(String bootstrapServers, LakeConfig lakeConfig) {
        DashboardConfig config = DashboardConfig.from(settings);
        int port = options.dashboardPort().getAsInt();
        if (port != 0 && !portFree(config.bindAddress(), port)) {
            listener.info("Port " + port + " is busy; the dashboard takes a free port instead.");
            port = 0;
        }
        config = config.withPort(port);
        LakeAccess access = IcebergLakeAccess.open(lakeConfig,
                QueryConfig.from(settings).withTimeout(config.sqlTimeout()).withMaxRows(config.sqlMaxRows()));
        try {
            // From now on: the live views show this demo's records, not what earlier runs left in the topics.
            return new Dashboard(DashboardServer.start(config, access, domains, bootstrapServers, LiveStart.at(clock.instant()),
                    settings, clock, history), access);
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    private void startTicker() {
        ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "urbanflow-demo-status");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, listener.statusInterval().toMillis());
        long startMillis = clock.millis();
        ticker.scheduleAtFixedRate(() -> {
            try {
                listener.status(status(startMillis));
            } catch (RuntimeException e) {
                LOG.debug("Demo status failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.shutdown();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private DemoStatus status(long startMillis) {
        // The ingest's figures before the lag: what the lake held, then what it still misses, never more than sent.
        IngestStatistics statistics = ingest.statistics();
        long now = clock.millis();
        if (now - lagMeasuredMillis >= LAG_REFRESH.toMillis()) {
            try {
                measureLag();
            } catch (RuntimeException e) {
                LOG.debug("Lag not measured", e);
            }
        }
        long sent = 0;
        long rejected = 0;
        double progress = Double.NaN;
        for (Replay replay : replays) {
            ReplayStatus latest = replay.watch.latest;
            ReplayResult result = replay.result;
            // Submitted rather than acknowledged while replaying: the sample is up to 250 ms old, and the ingest's own
            // figure (fresh) must not overtake it on screen.
            sent += result != null ? result.sent() : latest == null ? 0 : latest.submitted();
            rejected += result != null ? result.rejected() : latest == null ? 0 : latest.rejected();
            double share = replay.plan.progress(replay.dataClock());
            progress = Double.isNaN(progress) ? share : Double.isNaN(share) ? progress : Math.min(progress, share);
        }
        Replay first = replays.get(0);
        return new DemoStatus(phase, now - startMillis, first.dataClock(), progress, sent, rejected, statistics.ingested(),
                statistics.rejected(), lag, aggregation.latest, aggregation.runs, first.plan.speed(), first.plan.zone(), unit());
    }

    private DemoReport report(long startMillis, long replayStartMillis, long caughtUpMillis, long lakeRowsBefore,
                              String bootstrapServers, List<TopicBinding> bindings) {
        IngestStatistics statistics = ingest.statistics();
        List<DemoReport.TableRows> tables = new ArrayList<>();
        for (LakeTableSummary summary : LakeTableSummary.of(lake)) {
            tables.add(new DemoReport.TableRows(summary.name(), summary.rows()));
        }
        long sentRecords = 0;
        long sourceRejected = 0;
        long replayMillis = 0;
        for (Replay replay : replays) {
            sentRecords += replay.result.sent();
            sourceRejected += replay.result.rejected();
            replayMillis = Math.max(replayMillis, replay.result.elapsedMillis());
        }
        DemoReport.RawTables raw = new DemoReport.RawTables(
                List.copyOf(new LinkedHashSet<>(bindings.stream().map(binding -> binding.table().name()).toList())),
                List.copyOf(new LinkedHashSet<>(bindings.stream().map(binding -> binding.rejected().name()).toList())));
        return new DemoReport(replays.stream().map(replay -> replay.plan.specification()).toList(), unit(), sentRecords,
                sourceRejected, quarantine.count() > 0 ? Optional.of(quarantine.path()) : Optional.empty(),
                statistics.ingested(), statistics.rejected(), raw, lakeRowsBefore, tables,
                Duration.ofMillis(clock.millis() - startMillis), Duration.ofMillis(replayMillis),
                Duration.ofMillis(caughtUpMillis - replayStartMillis), replays.get(0).plan.speed(), aggregation.runs,
                aggregation.finalRun, aggregation.finished, bootstrapServers,
                dashboard == null ? Optional.empty() : Optional.of(dashboard.server.url()), aggregation.queries, options.ending());
    }

    /** Stops in the order that loses nothing: no new records, the last commit, then the servers. */
    private void shutdown() {
        replays.forEach(Replay::requestStop);
        replays.forEach(replay -> join(replay.thread));
        if (aggregation != null) {
            aggregation.stop();
        }
        join(aggregationThread);
        if (ingest != null) {
            ingest.stop();
        }
        join(ingestThread);
        stopTicker();
        closeQuietly(dashboard);
        closeQuietly(ingest);
        closeQuietly(quarantine);
        closeQuietly(topicProgress);
        closeQuietly(history);
        closeQuietly(engine);
        closeQuietly(lake);
        closeQuietly(broker);
    }

    private void fail(Throwable error, String what) {
        UrbanFlowException failed = error instanceof UrbanFlowException known ? known
                : new UrbanFlowException("Cannot " + what + ": " + error, error);
        if (failure.compareAndSet(null, failed)) {
            LOG.debug("Demo part failed: {}", what, error);
        }
        events.release();
    }

    private static Thread thread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {}s", thread.getName(), JOIN_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }

    static boolean portFree(String address, int port) {
        return LocalPorts.isFree(address, port);
    }

    /** Keeps a replay's latest status for the live summary. */
    private static final class ReplayWatch implements ReplayProgress {
        private volatile ReplayStatus latest;

        @Override
        public Duration interval() {
            return Duration.ofMillis(250);
        }

        @Override
        public void update(ReplayStatus status) {
            latest = status;
        }

        @Override
        public void finish(ReplayResult result) {
            // the replay thread hands the result over itself
        }
    }

    /** One domain's replay on a thread of its own. */
    private final class Replay {
        final Domain domain;
        final DemoSource.Plan plan;
        final ReplayWatch watch = new ReplayWatch();
        ReplayProducer producer;
        Thread thread;
        volatile ReplayResult result;

        Replay(Domain domain, DemoSource.Plan plan) {
            this.domain = domain;
            this.plan = plan;
        }

        void start(String bootstrapServers) {
            producer = ReplayProducer.create(ReplayOptions.defaults(bootstrapServers).withSpeed(plan.speed()), watch);
            thread = thread("urbanflow-demo-replay-" + domain.name(), () -> {
                try {
                    ReplayResult done = producer.replay(plan.open(), quarantine);
                    quarantine.flush();
                    if (done.failed() > 0 && stopRequested.getCount() > 0) {
                        throw new UrbanFlowException(String.format(Locale.ROOT, "Cannot replay to Kafka: %,d %s were not"
                                + " acknowledged: %s", done.failed(), plan.unit(), done.firstFailure()));
                    }
                    result = done;
                    events.release();
                } catch (Throwable e) {
                    fail(e, "replay " + plan.specification());
                }
            });
        }

        void requestStop() {
            if (producer != null) {
                producer.requestStop();
            }
        }

        long dataClock() {
            ReplayResult done = result;
            ReplayStatus latest = watch.latest;
            return done != null ? done.lastEpochMicros() : latest == null ? -1 : latest.dataEpochMicros();
        }
    }

    /** The dashboard's parts, closed together. */
    private record Dashboard(DashboardServer server, LakeAccess access) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                access.close();
            }
        }
    }

    /**
     * The scheduler's data trigger, in the demo: every {@link DemoOptions#aggregateEvery()} (start to start), a run of
     * the domains' models through the {@link DagRunner} when a raw input has a new snapshot, recorded in the run
     * history (the dashboard's Runs page, {@code urbanflow runs}); on request a final run that starts after the request,
     * with the models' data tests, followed by the domains' final work and the check of the suggested queries.
     */
    private final class Aggregation implements Runnable {
        private final Object lock = new Object();
        private long requested;
        private long completed;
        private boolean stopping;

        private volatile long runs;
        private volatile List<String> latest = List.of();
        private volatile Duration finalRun = Duration.ZERO;
        private volatile List<String> finished = List.of();
        private volatile List<String> queries = List.of();

        /** Asks for a run that starts after this call, then the final work. @return the ticket to wait for */
        long requestFinal() {
            synchronized (lock) {
                requested++;
                lock.notifyAll();
                return requested;
            }
        }

        boolean completed(long ticket) {
            synchronized (lock) {
                return completed >= ticket;
            }
        }

        void stop() {
            synchronized (lock) {
                stopping = true;
                lock.notifyAll();
            }
        }

        @Override
        public void run() {
            List<Model> models = Domains.models(domains);
            try (DagRunner runner = new DagRunner(Dag.of(Pipelines.modelTasks(models)), history,
                    new TaskEnvironment(lake, engine, settings, clock), OrchestrationConfig.from(settings), DagRunner.newHolder(), new Random())) {
                List<String> rawInputs = rawInputs(models);
                String seen = "";
                while (true) {
                    long ticket;
                    synchronized (lock) {
                        if (stopping) {
                            return;
                        }
                        ticket = requested;
                    }
                    long startNanos = System.nanoTime();
                    boolean last = ticket > completedTicket();
                    String inputs = Scheduler.dataSnapshots(lake, rawInputs);
                    if (last || !inputs.equals(seen)) {
                        aggregate(runner, last);
                        seen = inputs;
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                    if (last) {
                        finalRun = took;
                        finish();
                        synchronized (lock) {
                            completed = ticket;
                        }
                        events.release();
                    }
                    synchronized (lock) {
                        long deadline = startNanos + options.aggregateEvery().toNanos();
                        while (!stopping && requested == ticket) {
                            long left = deadline - System.nanoTime();
                            if (left <= 0) {
                                break;
                            }
                            TimeUnit.NANOSECONDS.timedWait(lock, left);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                fail(e, "aggregate");
            }
        }

        private long completedTicket() {
            synchronized (lock) {
                return completed;
            }
        }

        /** One data-triggered run of the models; the final one with their data tests. */
        private void aggregate(DagRunner runner, boolean last) {
            RunReport report = runner.run(new RunRequest(Selection.parse("kind:model"),
                    last ? Selection.Tests.ATTACHED : Selection.Tests.NAMED_ONLY, Trigger.DATA, null, BuildMode.INCREMENTAL, Optional.empty()));
            runs++;
            for (TaskReport task : report.tasks()) {
                if (task.state() != TaskState.SUCCESS) {
                    throw new UrbanFlowException("Cannot aggregate: " + task.task() + " " + task.state().label() + " in run "
                            + report.runId().orElse("-") + ": " + task.error().orElse(task.summary()) + " (urbanflow runs --failed)");
                }
            }
            PipelineRun run = report.pipelineRun();
            if (run.didSomething()) {
                List<String> lines = new ArrayList<>();
                for (Replay replay : replays) {
                    replay.plan.status(engine).ifPresent(lines::add);
                }
                latest = lines;
            }
        }

        /** The tables the models read and no model writes: the raw tables whose new data triggers a run. */
        private static List<String> rawInputs(List<Model> models) {
            java.util.Set<String> written = new java.util.HashSet<>();
            java.util.Set<String> raw = new java.util.TreeSet<>();
            models.forEach(model -> written.addAll(model.outputs()));
            models.forEach(model -> model.inputs().stream().filter(input -> !written.contains(input)).forEach(raw::add));
            return List.copyOf(raw);
        }

        private void finish() {
            List<String> lines = new ArrayList<>();
            for (Replay replay : replays) {
                replay.plan.finish(lake, engine, settings, clock).ifPresent(lines::add);
            }
            finished = lines;
            Map<String, Long> rows = new HashMap<>();
            for (LakeTableSummary summary : LakeTableSummary.of(lake)) {
                rows.put(summary.name(), summary.rows());
            }
            List<String> candidates = new ArrayList<>();
            for (Replay replay : replays) {
                candidates.addAll(replay.plan.queries(table -> rows.getOrDefault(table, 0L) > 0));
            }
            queries = DemoQueries.verified(candidates, engine);
        }
    }
}
