package io.urbanflow.mobility.web;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.mobility.analytics.AnalyticsBuilder;
import io.urbanflow.mobility.forecast.Backtest;
import io.urbanflow.mobility.forecast.BacktestReport;
import io.urbanflow.mobility.forecast.ForecastConfig;
import io.urbanflow.mobility.forecast.ForecastModel;
import io.urbanflow.mobility.forecast.ForecastStore;
import io.urbanflow.mobility.forecast.SeriesPanel;
import io.urbanflow.mobility.forecast.SyntheticCellCounts;
import io.urbanflow.mobility.analytics.AnalyticsConfig;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.mobility.ingest.GpsPointDecoder;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.Sources;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.web.DashboardServer;
import io.urbanflow.web.IcebergLakeAccess;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real embedded broker and a real temp-dir lake, with helpers to replay a sample, ingest it and serve the
 * dashboard over them. Closes everything it started, newest first.
 */
final class WebFixture implements AutoCloseable {
    private static final Sources MOBILITY = new Sources(new MobilityDomain().formats(), new MobilityDomain().generators());
    final EmbeddedKafkaBroker broker;
    final LakeConfig lakeConfig;
    private final List<AutoCloseable> started = new ArrayList<>();

    private WebFixture(EmbeddedKafkaBroker broker, LakeConfig lakeConfig) {
        this.broker = broker;
        this.lakeConfig = lakeConfig;
    }

    static WebFixture start(Path dir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        WebFixture fixture = new WebFixture(broker, LakeConfig.defaults(dir.resolve("data")));
        try (Lake lake = Lake.open(fixture.lakeConfig)) {
            lake.create(MobilityTables.GPS_POINTS);
            lake.create(MobilityTables.GPS_POINTS_REJECTED);
        }
        return fixture;
    }

    /** Replays a sample file as fast as possible onto {@code topic} (3 partitions, keyed by vehicle). */
    ReplayResult replay(Path sample, String topic) {
        ReplayProducer producer = ReplayProducer.create(ReplayOptions.defaults(broker.bootstrapServers()).withTopic(topic), ReplayProgress.silent());
        RecordSource source = MOBILITY.open(sample, SourceOptions.defaults());
        return producer.replay(source, reject -> { });
    }

    ReplayResult replayRome(String topic) {
        return replay(SampleData.romeCrawdad(), topic);
    }

    /**
     * Ingests {@code topic} into raw.gps_points until {@code expected} points are in (or rejected). The ingest stops
     * after a second without messages; on a busy machine its first fetch can come later than that, so it runs again
     * (exactly once: each run resumes from the offsets stored in the lake).
     */
    IngestResult ingest(String topic, long expected) {
        long ingested = 0;
        long rejected = 0;
        long commits = 0;
        Duration elapsed = Duration.ZERO;
        for (int attempt = 0; attempt < 10 && ingested + rejected < expected; attempt++) {
            try (Lake lake = Lake.open(lakeConfig);
                 IngestJob job = IngestJob.create(lake, List.of(GpsPointDecoder.binding(topic)), IngestConfig.defaults()
                         .withBootstrapServers(broker.bootstrapServers()).withCommitInterval(Duration.ofMillis(300))
                         .withUntilIdle(Duration.ofSeconds(1)), Clock.systemUTC())) {
                IngestResult result = job.run();
                ingested += result.ingested();
                rejected += result.rejected();
                commits += result.commits();
                elapsed = elapsed.plus(result.elapsed());
            }
        }
        if (ingested + rejected < expected) {
            throw new IllegalStateException("ingested " + ingested + " + rejected " + rejected + " of " + expected);
        }
        return new IngestResult(ingested, rejected, commits, elapsed);
    }

    /** Builds stage.gps_points, mart.traffic_10min and mart.cell_traffic_10min from raw.gps_points. */
    void aggregate() {
        try (Lake lake = Lake.open(lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             java.sql.Connection duckdb = engine.trustedConnection()) {
            PipelineRun run = new PipelineRunner(ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC()),
                    new MobilityDomain().models()).run(BuildMode.FULL);
            run.results().forEach(result -> result.error().ifPresent(error -> {
                throw new IllegalStateException(result.model() + " failed: " + error);
            }));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the analytics tables (trips, stops, OD matrix, speeds by hour, clusters) from stage.gps_points. */
    void analyze() {
        try (Lake lake = Lake.open(lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            new AnalyticsBuilder(lake, engine, AnalyticsConfig.defaults(), Clock.systemUTC()).build(BuildMode.FULL);
        }
    }

    /**
     * A small backtest on synthetic cell counts around Rome (40 cells, 16 days, small trees) stored as
     * {@code urbanflow forecast backtest} stores it: accuracy, the last test day's forecasts and the model.
     */
    void forecast() {
        SeriesPanel panel = SyntheticCellCounts.generate(io.urbanflow.mobility.City.ROME, java.time.LocalDate.of(2014, 4, 7), 16, 40, 5);
        ForecastConfig config = ForecastConfig.defaults().with(Settings.of(java.util.Map.of(ForecastConfig.MAX_TRAIN_ROWS, "20000",
                ForecastConfig.TREES, "30", ForecastConfig.THREADS, "2", ForecastConfig.MIN_TRAIN_DAYS, "14", ForecastConfig.VALIDATION_DAYS, "2")));
        BacktestReport report = Backtest.run(panel, config, line -> { });
        try (Lake lake = Lake.open(lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             java.sql.Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC());
            java.time.Instant now = java.time.Instant.now();
            ForecastModel model = report.lastModel(config, now);
            ForecastStore.appendModel(context, model, -1, java.util.Map.of());
            ForecastStore.appendAccuracy(context, report, "browser-test", model.id(), now);
            ForecastStore.appendPredictions(context, panel, report.predictions(), "backtest", model.id(), now);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The dashboard shell with the mobility pages over the lake; their live view reads {@value MobilityTables#TOPIC}
     * from its beginning. Map settings: Rome, no tiles.
     */
    Served serve(DashboardConfig config) {
        return serve(config, LiveStart.earliest(), "none");
    }

    /** As {@link #serve(DashboardConfig)}, the live view starting at {@code liveFrom}, the map's tiles at {@code tiles}. */
    Served serve(DashboardConfig config, LiveStart liveFrom, String tiles) {
        LakeAccess lake = IcebergLakeAccess.open(lakeConfig, config.sqlTimeout(), config.sqlMaxRows());
        DashboardServer server = DashboardServer.start(config, lake, List.of(new MobilityDomain()), broker.bootstrapServers(),
                liveFrom, Settings.empty().with(MapConfig.TILES, tiles), Clock.systemUTC());
        Served served = new Served(server, lake);
        started.add(served);
        return served;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        broker.close();
    }

    /** A running dashboard and what feeds it. */
    record Served(DashboardServer server, LakeAccess lake) implements AutoCloseable {
        String base() {
            return "http://127.0.0.1:" + server.port();
        }

        /** The mobility pages' live view. */
        LiveAggregator aggregator() {
            return ((MobilityPages) server.pages().get(MobilityTables.DOMAIN)).liveView();
        }

        @Override
        public void close() {
            server.close();
            lake.close();
        }
    }
}
