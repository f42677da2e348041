package io.urbanflow.mobility.web;

import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.LiveChannel;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.PageContext;
import io.urbanflow.domain.PrometheusText;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import io.urbanflow.mobility.live.LiveTotals;
import io.urbanflow.mobility.web.internal.ForecastApi;
import io.urbanflow.mobility.web.internal.Hexagons;
import io.urbanflow.mobility.web.internal.LiveBroadcaster;
import io.urbanflow.mobility.web.internal.MobilityApi;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mobility domain's part of a dashboard: the live map (pushed over the {@code /live} WebSocket from a live view of
 * topic {@value MobilityTables#TOPIC}, with a forecast layer), the Traffic page and the Forecast page, with their JSON
 * endpoints. Starting it starts the live
 * consumer (when a broker is configured); {@link #close()} stops it. Thread-safe.
 */
public final class MobilityPages implements DashboardPages {
    private final LiveAggregator aggregator;
    private final LiveConsumer consumer;
    private final LiveBroadcaster broadcaster;
    private final MobilityApi api;
    private final ForecastApi forecasts;

    private MobilityPages(LiveAggregator aggregator, LiveConsumer consumer, LiveBroadcaster broadcaster, MobilityApi api, ForecastApi forecasts) {
        this.aggregator = aggregator;
        this.consumer = consumer;
        this.broadcaster = broadcaster;
        this.api = api;
        this.forecasts = forecasts;
    }

    /**
     * Starts the live view of the context's broker (none without one) and the pages' endpoints.
     *
     * @throws io.urbanflow.model.UrbanFlowException when a setting ({@code web.city}, {@code live.*}) is wrong
     */
    public static MobilityPages start(PageContext context) {
        MapConfig map = MapConfig.from(context.settings());
        LiveOptions options = LiveOptions.from(context.settings().string("live.zone", null) != null ? context.settings()
                : context.settings().with("live.zone", map.city().zone().getId()));
        LiveAggregator aggregator = new LiveAggregator(options, context.clock());
        LiveConsumer consumer = context.bootstrapServers()
                .map(servers -> LiveConsumer.start(servers, MobilityTables.TOPIC,
                        context.liveFrom(), aggregator))
                .orElse(null);
        Hexagons hexagons = new Hexagons();
        LiveBroadcaster broadcaster = new LiveBroadcaster(aggregator, consumer == null ? null : consumer::status, hexagons,
                context.clock(), context.updateInterval());
        broadcaster.start();
        MobilityApi api = new MobilityApi(map, context.lake().orElse(null), aggregator, consumer, broadcaster, hexagons,
                context.updateInterval());
        return new MobilityPages(aggregator, consumer, broadcaster, api, new ForecastApi(context.lake().orElse(null), hexagons));
    }

    /** The live view the map shows (for tests and benchmarks). */
    public LiveAggregator liveView() {
        return aggregator;
    }

    @Override
    public List<PageLink> links() {
        return List.of(new PageLink("Live map", "/"), new PageLink("Traffic", "/traffic.html"), new PageLink("Forecast", "/forecast.html"));
    }

    @Override
    public Optional<String> resources() {
        return Optional.of("/public-mobility");
    }

    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new java.util.ArrayList<>(api.endpoints());
        endpoints.addAll(forecasts.endpoints());
        return endpoints;
    }

    @Override
    public List<LiveChannel> channels() {
        return List.of(broadcaster);
    }

    @Override
    public Map<String, Object> health() {
        LiveTotals totals = aggregator.totals();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("points", totals.points());
        live.put("rejected", totals.rejected());
        live.put("duplicates", totals.duplicates());
        live.put("outliers", totals.outliers());
        live.put("pointsPerSecond", Math.round(broadcaster.pointsPerSecond() * 10) / 10.0);
        live.put("vehicles", totals.vehicles());
        live.put("cells", totals.cells());
        live.put("dataTime", totals.watermarkMicros() == 0 ? null : Instant.ofEpochMilli(totals.watermarkMicros() / 1_000));
        live.put("clients", broadcaster.clients());
        live.put("skippedUpdates", broadcaster.skippedUpdates());
        if (consumer != null) {
            LiveConsumer.Status status = consumer.status();
            live.put("topic", consumer.topic());
            live.put("connected", status.connected());
            live.put("lag", status.lag());
            live.put("lastError", status.lastError());
        } else {
            live.put("connected", false);
            live.put("lastError", "no broker configured");
        }
        return Map.of("live", live);
    }

    @Override
    public void metrics(StringBuilder out) {
        LiveTotals totals = aggregator.totals();
        PrometheusText.counter(out, "urbanflow_live_points_total", "Points the live view has read from Kafka.", totals.points());
        PrometheusText.counter(out, "urbanflow_live_rejected_total", "Messages the live view could not decode.", totals.rejected());
        PrometheusText.counter(out, "urbanflow_live_duplicates_total", "Points dropped for repeating their vehicle's previous instant.", totals.duplicates());
        PrometheusText.counter(out, "urbanflow_live_outliers_total", "Points left out for lying outside the city or implying an impossible speed.", totals.outliers());
        PrometheusText.gauge(out, "urbanflow_live_points_per_second", "Points per second read by the live view (last 2 s).", broadcaster.pointsPerSecond());
        PrometheusText.gauge(out, "urbanflow_live_vehicles", "Vehicles seen within the recent minutes.", totals.vehicles());
        PrometheusText.gauge(out, "urbanflow_live_cells", "H3 cells with recent points.", totals.cells());
        PrometheusText.gauge(out, "urbanflow_live_data_time_seconds", "The data's clock: latest point time seen.", totals.watermarkMicros() / 1e6);
        PrometheusText.gauge(out, "urbanflow_websocket_clients", "Browsers connected to /live.", broadcaster.clients());
        PrometheusText.counter(out, "urbanflow_websocket_skipped_updates_total", "Updates held back from browsers still writing earlier ones.", broadcaster.skippedUpdates());
        if (consumer != null) {
            PrometheusText.labelled(out, "urbanflow_live_consumer_lag", "Records the live view has yet to read, per partition.", "partition", consumer.status().lag());
        }
    }

    @Override
    public void close() {
        broadcaster.close();
        if (consumer != null) {
            consumer.close();
        }
    }
}
