package io.urbanflow.web;

import io.urbanflow.domain.LakeAccess;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.web.internal.AccessGuard;
import io.urbanflow.web.internal.Api;
import io.urbanflow.mobility.web.internal.Hexagons;
import io.urbanflow.web.internal.IngestLag;
import io.urbanflow.mobility.web.internal.LiveBroadcaster;
import java.net.BindException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: static pages, JSON endpoints, Prometheus metrics and the {@code /live} WebSocket, on Javalin.
 *
 * <p>Security: binds {@link DashboardConfig#bindAddress()}; any address other than loopback needs a token (one is
 * generated when none is given: {@link #token()}), checked on every request including static files and the
 * WebSocket upgrade (see {@link AccessGuard}). The SQL endpoint goes through {@link LakeAccess#query}, which is
 * guarded and bounded.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread; the accessors are immutable.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final Javalin app;
    private final LiveBroadcaster broadcaster;
    private final IngestLag ingestLag;
    private final DashboardConfig config;
    private final String token;

    private DashboardServer(Javalin app, LiveBroadcaster broadcaster, IngestLag ingestLag, DashboardConfig config, String token) {
        this.app = app;
        this.broadcaster = broadcaster;
        this.ingestLag = ingestLag;
        this.config = config;
        this.token = token;
    }

    /**
     * Starts serving.
     *
     * @param config     where and how to serve
     * @param lake       the lake to show and query, or null (lake pages then say there is none)
     * @param aggregator the live view the map shows
     * @param consumer   the consumer feeding {@code aggregator}, or null when no broker is configured
     * @param clock      the server's clock (health timestamps, update pacing)
     * @throws UrbanFlowException when the port is taken or the address cannot be bound
     */
    public static DashboardServer start(DashboardConfig config, LakeAccess lake, LiveAggregator aggregator,
                                        LiveConsumer consumer, Clock clock) {
        String token = config.token();
        if (token == null && !config.loopbackOnly()) {
            token = generateToken();
        }
        AccessGuard guard = new AccessGuard(token);
        Hexagons hexagons = new Hexagons();
        LiveBroadcaster broadcaster = new LiveBroadcaster(aggregator, consumer == null ? null : consumer::status, hexagons,
                clock, config.updateInterval());
        IngestLag ingestLag = consumer == null ? null : new IngestLag(consumer.bootstrapServers(), consumer.topic(), IngestLag.DEFAULT_GROUP);
        Api api = new Api(config, lake, aggregator, consumer, broadcaster, ingestLag, hexagons, clock);

        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            javalin.staticFiles.enableWebjars();
            javalin.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(java.time.Duration.ofMinutes(10)));
            javalin.router.mount(router -> {
                router.before(guard::check);
                router.wsBeforeUpgrade(guard::check);
                router.get("/api/config", api::config);
                router.get("/api/tables", api::tables);
                router.get("/api/tables/{name}", api::table);
                router.post("/api/sql", api::sql);
                router.get("/api/health", api::health);
                router.get("/metrics", api::metrics);
                router.get("/api/live", api::live);
                router.get("/api/live/intervals", api::liveIntervals);
                router.get("/api/hexagons", api::hexagons);
                router.get("/api/traffic/series", api::trafficSeries);
                router.get("/api/traffic/heatmap", api::heatmap);
                router.get("/api/traffic/tables", api::analyticsTables);
                router.get("/api/replay/range", api::replayRange);
                router.get("/api/replay", api::replay);
                router.ws("/live", ws -> {
                    ws.onConnect(context -> {
                        context.enableAutomaticPings(15, java.util.concurrent.TimeUnit.SECONDS);
                        broadcaster.add(context);
                    });
                    ws.onClose(broadcaster::remove);
                    ws.onError(broadcaster::remove);
                });
                router.exception(HttpResponseException.class, (error, context) -> {
                    context.status(error.getStatus()).contentType("application/json; charset=utf-8")
                            .result("{\"error\":" + jsonString(error.getMessage()) + "}");
                });
                router.exception(UrbanFlowException.class, (error, context) -> {
                    context.status(400).contentType("application/json; charset=utf-8")
                            .result("{\"error\":" + jsonString(error.getMessage()) + "}");
                });
                router.exception(Exception.class, (error, context) -> {
                    LOG.warn("{} {} failed", context.method(), context.path(), error);
                    context.status(500).contentType("application/json; charset=utf-8")
                            .result("{\"error\":" + jsonString("Cannot serve request: " + error) + "}");
                });
            });
        });
        try {
            app.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            broadcaster.close();
            if (ingestLag != null) {
                ingestLag.close();
            }
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            throw new UrbanFlowException("Cannot start dashboard on " + config.bindAddress() + ":" + config.port() + ": "
                    + (cause instanceof BindException ? "the port is in use or the address is not this machine's (choose one with --port/--bind)"
                    : cause.getMessage()), e);
        }
        broadcaster.start();
        return new DashboardServer(app, broadcaster, ingestLag, config, token);
    }

    public int port() {
        return app.port();
    }

    /** The token requests must carry, or null when none is required. */
    public String token() {
        return token;
    }

    /** {@code http://HOST:PORT/}, with {@code ?token=...} when a token is required: the link to open. */
    public String url() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port() + "/" + (token == null ? "" : "?token=" + token);
    }

    @Override
    public void close() {
        broadcaster.close();
        app.stop();
        if (ingestLag != null) {
            ingestLag.close();
        }
    }

    static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String jsonString(String value) {
        return io.urbanflow.web.internal.Json.string(new StringBuilder(), value).toString();
    }
}
