package io.urbanflow.cli.demo;

import io.urbanflow.mobility.analytics.AnalyticsBuilder;
import io.urbanflow.mobility.analytics.AnalyticsConfig;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestStatistics;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.LakeTableSummary;
import io.urbanflow.query.QueryResult;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.stream.ReplayStatus;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.web.DashboardServer;
import io.urbanflow.web.IcebergLakeAccess;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.cli.demo.DemoStatus.Phase;
import io.urbanflow.cli.demo.DemoStatus.TrafficInterval;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * {@code urbanflow demo} in one process: an embedded Kafka broker, a replay of the source into it, exactly-once
 * ingest into the lake, incremental aggregates every few seconds, the dashboard, and at the end the analytics and a
 * report.
 *
 * <h2>Threads</h2>
 * The thread calling {@link #run()} starts the parts and waits for events; the replay, the ingest and the aggregation
 * each run on a thread of their own, and a timer thread feeds {@link DemoListener#status}. Every use of the DuckDB
 * engine (pipeline runs, the latest interval, the analytics, checking the suggested queries) happens on the
 * aggregation thread, since one engine connection serves one thread at a time.
 *
 * <h2>When it ends</h2>
 * Once the replay is done and the lake holds every message of the topic (the offsets stored in the lake's snapshots
 * reach the topic's end: lag 0), a final pipeline run and the analytics run, then the report. With
 * {@link DemoOptions.Ending#ON_STOP} everything keeps running until {@link #stop()}. Whatever ends the run (the end,
 * {@link #stop()}, a failure), the replay stops, the ingest commits what it consumed, and the dashboard and the
 * broker shut down before {@link #run()} returns or throws.
 *
 * <p>{@link #stop()} may be called from any thread (a shutdown hook); {@link #run()} once.
 */
public final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** How often the lake's lag behind the topic is measured (a topic and a catalog request each time). */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);
    /** Ingest that does not get closer to the topic's end for this long is stuck. */
    private static final Duration CATCH_UP_STALL = Duration.ofMinutes(2);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final String LATEST_INTERVAL_SQL = "SELECT epoch_us(interval_10min) AS start_us, total_points, unique_taxis"
            + " FROM mart.traffic_10min ORDER BY interval_10min DESC LIMIT 1";

    private final DemoOptions options;
    private final Settings settings;
    private final Path dataDir;
    private final Clock clock;
    private final DemoListener listener;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicReference<UrbanFlowException> failure = new AtomicReference<>();
    /** Released on every event the running thread waits for: a stop, a failure, the replay's end, a final run. */
    private final Semaphore events = new Semaphore(0);

    private volatile Phase phase = Phase.REPLAYING;
    private volatile ReplayResult replayResult;
    private volatile long lag = -1;
    private volatile long lagMeasuredMillis = Long.MIN_VALUE / 2; // "long ago", without overflow in now - this

    private DemoSource source;
    private Lake lake;
    private EmbeddedKafkaBroker broker;
    private TopicProgress topicProgress;
    private DuckDbQueryEngine engine;
    private IngestJob ingest;
    private Thread ingestThread;
    private ReplayProducer producer;
    private ReplayWatch replayWatch;
    private Quarantine quarantine;
    private Thread replayThread;
    private Aggregation aggregation;
    private Thread aggregationThread;
    private ScheduledExecutorService ticker;
    private Dashboard dashboard;

    /**
     * @param options  what to replay and how
     * @param settings the layered settings ({@code lake.*}, {@code ingest.*}, {@code aggregate.*}, {@code web.*}, ...)
     * @param dataDir  the data dir: lake, catalog, broker data ({@code kafka/}) and quarantine
     * @param clock    the clock of every part
     * @param listener where the demo reports
     */
    public DemoRun(DemoOptions options, Settings settings, Path dataDir, Clock clock, DemoListener listener) {
        this.options = options;
        this.settings = settings;
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
            ReplayResult replay = replayResult;
            listener.info(String.format(Locale.ROOT, "Stopped: %,d points sent, %,d ingested into the lake by this run,"
                    + " everything consumed committed.", replay == null ? 0 : replay.sent(), ingest.statistics().ingested()));
        }
        return Optional.ofNullable(report);
    }

    /** Ends the demo: the replay stops, the ingest commits what it consumed, everything shuts down. Thread-safe. */
    public void stop() {
        stopRequested.countDown();
        events.release();
    }

    private DemoReport runParts(long startMillis) {
        DemoSource.check(options);
        LakeConfig lakeConfig = LakeConfig.from(settings, dataDir);
        lake = Lake.open(lakeConfig);
        engine = DuckDbQueryEngine.open(lake);
        long lakePointsBefore = LakeTableSummary.of(MobilityTables.RAW_GPS_POINTS, lake.table(MobilityTables.RAW_GPS_POINTS)).rows();
        Optional<Instant> lakeLatest = lakePointsBefore > 0 ? latestPoint() : Optional.empty();
        source = DemoSource.prepare(options, lakeLatest, listener::info);
        if (lakePointsBefore > 0) {
            listener.info(String.format(Locale.ROOT, "The lake in %s already holds %,d points%s; this demo adds %s"
                    + " (urbanflow reset starts afresh).", dataDir, lakePointsBefore,
                    lakeLatest.map(latest -> " up to " + DemoConsole.clock(latest, source.zone())).orElse(""),
                    source.continuedWith().map(day -> "the next synthetic day, " + day).orElse("its points to them")));
        }
        broker = startBroker();
        String bootstrapServers = broker.bootstrapServers();
        listener.info("Kafka broker: " + bootstrapServers + " (embedded; data in " + broker.logDir() + ")");
        Kafka.ensureTopic(bootstrapServers, options.topic(), ReplayOptions.DEFAULT_PARTITIONS);
        topicProgress = new TopicProgress(bootstrapServers, options.topic(), lake);
        topicProgress.requireLakeNotAhead();

        startIngest(bootstrapServers);
        if (options.dashboardPort().isPresent()) {
            dashboard = startDashboard(bootstrapServers, lakeConfig);
            listener.info("Dashboard: " + dashboard.server.url());
        }
        startAggregation();
        listener.info("Source: " + source.description());
        Duration span = source.span();
        listener.info("Replaying to topic " + options.topic() + " at " + source.speed()
                + (span.isZero() || source.speed().isMax() ? "" : " (" + DemoConsole.duration(span) + " of data in about "
                + DemoConsole.duration(Duration.ofMillis((long) (span.toMillis() / source.speed().factor()))) + ")")
                + "; ingesting into the lake and aggregating every " + DemoConsole.duration(options.aggregateEvery()));
        long replayStartMillis = clock.millis();
        startReplay(bootstrapServers);
        startTicker();

        if (!await(() -> replayResult != null)) {
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
        DemoReport report = report(startMillis, replayStartMillis, caughtUpMillis, lakePointsBefore, bootstrapServers);
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

    /** The time of the lake's latest point (before any other thread uses the engine). */
    private Optional<Instant> latestPoint() {
        try {
            List<List<Object>> rows = engine.query("SELECT epoch_us(max(ts)) FROM raw.gps_points").rows();
            Object micros = rows.isEmpty() ? null : rows.get(0).get(0);
            return micros == null ? Optional.empty()
                    : Optional.of(Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS));
        } catch (RuntimeException e) {
            LOG.debug("Latest point not read", e);
            return Optional.empty();
        }
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

    /** Waits until the lake holds every message of the topic. @return false when stopped first */
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
                throw new UrbanFlowException("Cannot finish demo: ingest has not come closer to the end of topic "
                        + options.topic() + " for " + DemoConsole.duration(CATCH_UP_STALL)
                        + (lag >= 0 ? String.format(Locale.ROOT, " (%,d messages behind)", lag) : ""));
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

    private void startIngest(String bootstrapServers) {
        IngestConfig config = IngestConfig.from(settings).withBootstrapServers(bootstrapServers).withTopic(options.topic())
                .withUntilIdle(null);
        ingest = IngestJob.create(lake, config, clock);
        ingestThread = thread("urbanflow-demo-ingest", () -> {
            try {
                ingest.run();
            } catch (Throwable e) {
                fail(e, "ingest into the lake");
            }
        });
    }

    private void startReplay(String bootstrapServers) {
        ReplayOptions replayOptions = ReplayOptions.defaults(bootstrapServers).withTopic(options.topic()).withSpeed(source.speed());
        replayWatch = new ReplayWatch();
        producer = ReplayProducer.create(replayOptions, replayWatch);
        quarantine = Quarantine.open(dataDir, "demo");
        replayThread = thread("urbanflow-demo-replay", () -> {
            try {
                ReplayResult result = producer.replay(source.open(), quarantine);
                quarantine.flush();
                if (result.failed() > 0 && stopRequested.getCount() > 0) {
                    throw new UrbanFlowException(String.format(Locale.ROOT, "Cannot replay to Kafka: %,d points were not"
                            + " acknowledged: %s", result.failed(), result.firstFailure()));
                }
                replayResult = result;
                events.release();
            } catch (Throwable e) {
                fail(e, "replay " + source.specification());
            }
        });
    }

    private void startAggregation() {
        MobilityConfig pipelineConfig = MobilityConfig.from(localized(settings, MobilityConfig.ZONE));
        aggregation = new Aggregation(pipelineConfig, AnalyticsConfig.from(settings));
        aggregationThread = thread("urbanflow-demo-aggregate", aggregation);
    }

    /** The settings with {@code zoneKey} set to the data's zone, unless configured. */
    private Settings localized(Settings base, String zoneKey) {
        return base.string(zoneKey, null) != null ? base : base.with(zoneKey, source.zone().getId());
    }

    private Dashboard startDashboard(String bootstrapServers, LakeConfig lakeConfig) {
        Settings web = settings;
        if (web.string("web.city", null) == null && source.city().isPresent()) {
            web = web.with("web.city", source.city().get().key());
        }
        DashboardConfig config = DashboardConfig.from(web);
        int port = options.dashboardPort().getAsInt();
        if (port != 0 && !portFree(config.bindAddress(), port)) {
            listener.info("Port " + port + " is busy; the dashboard takes a free port instead.");
            port = 0;
        }
        config = config.withPort(port);
        LakeAccess access = IcebergLakeAccess.open(lakeConfig, config.sqlTimeout(), config.sqlMaxRows());
        LiveOptions liveOptions = LiveOptions.from(web.with("live.zone", web.string("live.zone", config.city().zone().getId())));
        LiveAggregator liveAggregator = new LiveAggregator(liveOptions, clock);
        // From now on: the live map shows this demo's points, not what earlier runs left in the topic.
        LiveConsumer consumer = LiveConsumer.start(bootstrapServers, options.topic(),
                LiveConsumer.StartPosition.at(clock.instant()), liveAggregator);
        try {
            return new Dashboard(DashboardServer.start(config, access, liveAggregator, consumer, clock), consumer, access);
        } catch (RuntimeException e) {
            consumer.close();
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
        ReplayStatus replay = replayWatch.latest;
        ReplayResult result = replayResult;
        // Submitted rather than acknowledged while replaying: the sample is up to 250 ms old, and the ingest's own
        // figure (fresh) must not overtake it on screen.
        long sent = result != null ? result.sent() : replay == null ? 0 : replay.submitted();
        long rejected = result != null ? result.rejected() : replay == null ? 0 : replay.rejected();
        long dataClock = result != null ? result.lastEpochMicros() : replay == null ? -1 : replay.dataEpochMicros();
        return new DemoStatus(phase, now - startMillis, dataClock, source.progress(dataClock), sent, rejected,
                statistics.ingested(), statistics.rejected(), lag, aggregation.latest, aggregation.runs, source.speed(),
                source.zone());
    }

    private DemoReport report(long startMillis, long replayStartMillis, long caughtUpMillis, long lakePointsBefore,
                              String bootstrapServers) {
        ReplayResult replay = replayResult;
        IngestStatistics statistics = ingest.statistics();
        List<DemoReport.TableRows> tables = new ArrayList<>();
        for (LakeTableSummary summary : LakeTableSummary.of(lake)) {
            tables.add(new DemoReport.TableRows(summary.name(), summary.rows()));
        }
        return new DemoReport(source.specification(), replay.sent(), replay.rejected(),
                quarantine.count() > 0 ? Optional.of(quarantine.path()) : Optional.empty(),
                statistics.ingested(), statistics.rejected(), lakePointsBefore, tables,
                Duration.ofMillis(clock.millis() - startMillis), Duration.ofMillis(replay.elapsedMillis()),
                Duration.ofMillis(caughtUpMillis - replayStartMillis), source.speed(), aggregation.runs,
                aggregation.finalRun, Optional.ofNullable(aggregation.analytics), bootstrapServers,
                dashboard == null ? Optional.empty() : Optional.of(dashboard.server.url()), aggregation.queries,
                options.ending());
    }

    /** Stops in the order that loses nothing: no new points, the last commit, then the servers. */
    private void shutdown() {
        if (producer != null) {
            producer.requestStop();
        }
        join(replayThread);
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
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keeps the replay's latest status for the live summary. */
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

    /** The dashboard's parts, closed together. */
    private record Dashboard(DashboardServer server, LiveConsumer consumer, LakeAccess access) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                try {
                    consumer.close();
                } finally {
                    access.close();
                }
            }
        }
    }

    /**
     * Incremental pipeline runs every {@link DemoOptions#aggregateEvery()} (start to start), and on request a final
     * run that starts after the request, followed by the analytics and the check of the suggested queries.
     */
    private final class Aggregation implements Runnable {
        private final MobilityConfig pipelineConfig;
        private final AnalyticsConfig analyticsConfig;
        private final Object lock = new Object();
        private long requested;
        private long completed;
        private boolean stopping;

        private volatile long runs;
        private volatile Optional<TrafficInterval> latest = Optional.empty();
        private volatile Duration finalRun = Duration.ZERO;
        private volatile Duration analytics;
        private volatile List<String> queries = List.of();

        Aggregation(MobilityConfig pipelineConfig, AnalyticsConfig analyticsConfig) {
            this.pipelineConfig = pipelineConfig;
            this.analyticsConfig = analyticsConfig;
        }

        /** Asks for a run that starts after this call, then the analytics. @return the ticket to wait for */
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
            try (Connection duckdb = engine.trustedConnection()) {
                PipelineRunner runner = PipelineRunner.standard(lake, duckdb, pipelineConfig, clock);
                while (true) {
                    long ticket;
                    synchronized (lock) {
                        if (stopping) {
                            return;
                        }
                        ticket = requested;
                    }
                    long startNanos = System.nanoTime();
                    aggregate(runner);
                    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                    if (ticket > completedTicket()) {
                        finalRun = took;
                        analyze();
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

        private void aggregate(PipelineRunner runner) {
            PipelineRun run = runner.run(BuildMode.INCREMENTAL);
            runs++;
            for (ModelResult result : run.results()) {
                if (result.failed()) {
                    throw new UrbanFlowException("Cannot aggregate " + result.model() + ": " + result.error().orElse("failed"));
                }
            }
            if (run.didSomething()) {
                latest = latestInterval();
            }
        }

        private Optional<TrafficInterval> latestInterval() {
            try {
                QueryResult result = engine.query(LATEST_INTERVAL_SQL);
                if (result.rows().isEmpty()) {
                    return Optional.empty();
                }
                List<Object> row = result.rows().get(0);
                long startMicros = ((Number) row.get(0)).longValue();
                return Optional.of(new TrafficInterval(Instant.EPOCH.plus(startMicros, ChronoUnit.MICROS),
                        ((Number) row.get(1)).longValue(), ((Number) row.get(2)).longValue()));
            } catch (RuntimeException e) {
                LOG.debug("Latest interval not read", e);
                return latest;
            }
        }

        private void analyze() {
            long startNanos = System.nanoTime();
            new AnalyticsBuilder(lake, engine, analyticsConfig, clock).build(BuildMode.INCREMENTAL);
            analytics = Duration.ofNanos(System.nanoTime() - startNanos);
            Map<String, Long> rows = new HashMap<>();
            for (LakeTableSummary summary : LakeTableSummary.of(lake)) {
                rows.put(summary.name(), summary.rows());
            }
            queries = DemoQueries.verified(DemoQueries.candidates(table -> rows.getOrDefault(table, 0L) > 0, source.zone()), engine);
        }
    }
}
