package io.urbanflow.web;

import io.urbanflow.domain.LakeAccess;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import java.time.Clock;

/**
 * The whole dashboard in one piece, for {@code urbanflow serve} and {@code urbanflow demo}: the lake access, the
 * live view of a topic and the server. {@link #close()} stops all three. Thread safety: as {@link DashboardServer}.
 */
public final class Dashboard implements AutoCloseable {
    private final DashboardServer server;
    private final LiveConsumer consumer;
    private final LakeAccess lake;
    private final LiveAggregator aggregator;

    private Dashboard(DashboardServer server, LiveConsumer consumer, LakeAccess lake, LiveAggregator aggregator) {
        this.server = server;
        this.consumer = consumer;
        this.lake = lake;
        this.aggregator = aggregator;
    }

    /**
     * Opens the lake, starts reading {@code topic} from {@code from} into a live view, and serves both.
     *
     * @throws io.urbanflow.model.UrbanFlowException when the lake cannot be opened or the port bound; a broker
     *                                               that does not answer is not an error (the live view waits)
     */
    public static Dashboard start(DashboardConfig config, LakeConfig lakeConfig, String bootstrapServers, String topic,
                                  LiveConsumer.StartPosition from, LiveOptions liveOptions, Clock clock) {
        LakeAccess lake = IcebergLakeAccess.open(lakeConfig, config.sqlTimeout(), config.sqlMaxRows());
        LiveAggregator aggregator = new LiveAggregator(liveOptions, clock);
        LiveConsumer consumer = LiveConsumer.start(bootstrapServers, topic, from, aggregator);
        try {
            return new Dashboard(DashboardServer.start(config, lake, aggregator, consumer, clock), consumer, lake, aggregator);
        } catch (RuntimeException e) {
            consumer.close();
            lake.close();
            throw e;
        }
    }

    /** The link to open, with {@code ?token=} when one is required. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** The token requests must carry, or null. */
    public String token() {
        return server.token();
    }

    public LiveAggregator liveView() {
        return aggregator;
    }

    @Override
    public void close() {
        server.close();
        consumer.close();
        lake.close();
    }
}
