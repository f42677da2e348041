package io.urbanflow.web;

import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.mobility.analytics.AnalyticsBuilder;
import io.urbanflow.mobility.analytics.AnalyticsConfig;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
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
            MobilityTables.createRawTables(lake);
        }
        return fixture;
    }

    /** Replays a sample file as fast as possible onto {@code topic} (3 partitions, keyed by vehicle). */
    ReplayResult replay(Path sample, String topic) {
        ReplayProducer producer = ReplayProducer.create(ReplayOptions.defaults(broker.bootstrapServers()).withTopic(topic), ReplayProgress.silent());
        PointSource source = GpsSources.open(sample, SourceOptions.defaults());
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
                 IngestJob job = IngestJob.create(lake, IngestConfig.defaults().withBootstrapServers(broker.bootstrapServers())
                         .withTopic(topic).withCommitInterval(Duration.ofMillis(300)).withUntilIdle(Duration.ofSeconds(1)), Clock.systemUTC())) {
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
        try (Lake lake = Lake.open(lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            PipelineRun run = PipelineRunner.standard(lake, engine.trustedConnection(), MobilityConfig.defaults(), Clock.systemUTC())
                    .run(BuildMode.FULL);
            run.results().forEach(result -> result.error().ifPresent(error -> {
                throw new IllegalStateException(result.model() + " failed: " + error);
            }));
        }
    }

    /** Builds the analytics tables (trips, stops, OD matrix, speeds by hour, clusters) from stage.gps_points. */
    void analyze() {
        try (Lake lake = Lake.open(lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            new AnalyticsBuilder(lake, engine, AnalyticsConfig.defaults(), Clock.systemUTC()).build(BuildMode.FULL);
        }
    }

    /** A dashboard over the lake and a live view of {@code topic} read from its beginning. */
    Served serve(DashboardConfig config, String topic) {
        LakeAccess lake = IcebergLakeAccess.open(lakeConfig, config.sqlTimeout(), config.sqlMaxRows());
        LiveAggregator aggregator = new LiveAggregator(LiveOptions.of(config.city().zone()), Clock.systemUTC());
        LiveConsumer consumer = LiveConsumer.start(broker.bootstrapServers(), topic, LiveStart.earliest(), aggregator);
        DashboardServer server = DashboardServer.start(config, lake, aggregator, consumer, Clock.systemUTC());
        Served served = new Served(server, aggregator, consumer, lake);
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
    record Served(DashboardServer server, LiveAggregator aggregator, LiveConsumer consumer, LakeAccess lake) implements AutoCloseable {
        String base() {
            return "http://127.0.0.1:" + server.port();
        }

        @Override
        public void close() {
            server.close();
            consumer.close();
            lake.close();
        }
    }
}
