package io.urbanflow.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRouting;
import io.javalin.websocket.WsContext;
import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.JsonText;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.domain.LiveChannel;
import io.urbanflow.domain.PageContext;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.web.internal.AccessGuard;
import io.urbanflow.web.internal.Api;
import io.urbanflow.web.internal.IngestLag;
import io.urbanflow.web.internal.RunsApi;
import io.urbanflow.orchestration.history.RunHistory;
import java.net.BindException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard shell: static pages, JSON endpoints, Prometheus metrics and WebSockets, on Javalin. The shell's own
 * pages (tables, SQL, health) know no domain; each domain's {@link DashboardPages} adds its pages (static files under
 * {@code /public} in its jar), endpoints under {@code /api/} and live channels, and the navigation lists them.
 *
 * <p>Security: binds {@link DashboardConfig#bindAddress()}; any address other than loopback needs a token (one is
 * generated when none is given: {@link #token()}), checked on every request including static files and the
 * WebSocket upgrades, with the Host header (see {@link AccessGuard}). Every JSON endpoint is registered by its
 * {@link Endpoint.Kind}, the shell's own as the domains': a {@link Endpoint.Kind#QUERY} or
 * {@link Endpoint.Kind#WRITE} endpoint (SQL, charts over the lake, replays, later retries and backfills) and every
 * WebSocket upgrade refuse a browser's request from another origin, and a write takes a JSON body only. The SQL
 * endpoint goes through {@link LakeAccess#query}, which is guarded and bounded, with at most
 * {@link DashboardConfig#sqlMaxConcurrent()} queries at once.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread; the accessors are immutable.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final Javalin app;
    private final Map<String, DashboardPages> pages;
    private final IngestLag ingestLag;
    private final DashboardConfig config;
    private final String token;

    private DashboardServer(Javalin app, Map<String, DashboardPages> pages, IngestLag ingestLag, DashboardConfig config, String token) {
        this.app = app;
        this.pages = pages;
        this.ingestLag = ingestLag;
        this.config = config;
        this.token = token;
    }

    /**
     * Starts serving, with each domain's pages started on the context.
     *
     * @param config           where and how to serve
     * @param lake             the lake to show and query, or null (lake pages then say there is none)
     * @param domains          the domains whose pages are served, in navigation order
     * @param bootstrapServers the Kafka broker live views follow, or null when none is configured
     * @param liveFrom         where live views start reading
     * @param settings         every setting, for the pages' own keys
     * @param clock            the server's clock (health timestamps, update pacing)
     * @throws UrbanFlowException when the port is taken, the address cannot be bound, a page cannot start or two
     *                            domains claim the same endpoint
     */
    public static DashboardServer start(DashboardConfig config, LakeAccess lake, List<Domain> domains, String bootstrapServers,
                                        LiveStart liveFrom, Settings settings, Clock clock) {
        return start(config, lake, domains, bootstrapServers, liveFrom, settings, clock, null);
    }

    /**
     * As above, with the Runs page over {@code runs} (the run history in the catalog database), or without it for null.
     * The caller owns {@code runs} and closes it after the server.
     */
    public static DashboardServer start(DashboardConfig config, LakeAccess lake, List<Domain> domains, String bootstrapServers,
                                        LiveStart liveFrom, Settings settings, Clock clock, RunHistory runs) {
        String token = config.token();
        if (token == null && !config.loopbackOnly()) {
            token = generateToken();
        }
        PageContext context = new PageContext(Optional.ofNullable(lake), Optional.ofNullable(bootstrapServers), liveFrom,
                settings, clock, config.updateInterval());
        Map<String, DashboardPages> pages = new LinkedHashMap<>();
        IngestLag ingestLag = null;
        try {
            for (Domain domain : domains) {
                domain.pages(context).ifPresent(part -> pages.put(domain.name(), part));
            }
            List<String> topics = domains.stream().flatMap(domain -> domain.topics().stream()).map(binding -> binding.topic()).toList();
            ingestLag = bootstrapServers == null ? null : new IngestLag(bootstrapServers, topics, IngestLag.DEFAULT_GROUP);
            AtomicReference<Javalin> started = new AtomicReference<>();
            AccessGuard guard = new AccessGuard(token, config, () -> started.get().port());
            Javalin app = routes(guard, new Api(config, lake, pages, ingestLag, clock),
                    runs == null ? null : new RunsApi(runs, clock), pages);
            started.set(app);
            start(app, config);
            return new DashboardServer(app, pages, ingestLag, config, token);
        } catch (RuntimeException e) {
            pages.values().forEach(DashboardServer::closeQuietly);
            if (ingestLag != null) {
                ingestLag.close();
            }
            throw e;
        }
    }

    private static Javalin routes(AccessGuard guard, Api api, RunsApi runs, Map<String, DashboardPages> pages) {
        Set<String> paths = new HashSet<>(Set.of("config", "pages", "tables", "tables/{name}", "sql", "health", "runs", "runs/{id}",
                "runs/{id}/retry", "backfills"));
        List<Endpoint> endpoints = new ArrayList<>();
        List<LiveChannel> channels = new ArrayList<>();
        Set<String> channelPaths = new HashSet<>();
        pages.forEach((domain, part) -> {
            for (Endpoint endpoint : part.endpoints()) {
                if (!paths.add(endpoint.path())) {
                    throw new UrbanFlowException("Cannot start dashboard: endpoint /api/" + endpoint.path() + " of domain " + domain
                            + " is already served");
                }
                endpoints.add(endpoint);
            }
            for (LiveChannel channel : part.channels()) {
                if (!channelPaths.add(channel.path())) {
                    throw new UrbanFlowException("Cannot start dashboard: live channel " + channel.path() + " of domain " + domain
                            + " is already served");
                }
                channels.add(channel);
            }
        });
        String home = pages.values().stream().flatMap(part -> part.links().stream()).map(DashboardPages.PageLink::path)
                .findFirst().orElse("/tables.html");
        List<String> roots = new ArrayList<>();
        pages.values().forEach(part -> part.resources().ifPresent(roots::add));
        boolean hasIndex = roots.stream().anyMatch(root -> DashboardServer.class.getResource(root + "/index.html") != null);
        return Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.startupWatcherEnabled = false;
            // a classpath folder resolves in one jar only: the shell's files and each domain's are folders of their own
            for (String root : roots) {
                javalin.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = root;
                    files.location = Location.CLASSPATH;
                });
            }
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
            });
            javalin.staticFiles.enableWebjars();
            javalin.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(java.time.Duration.ofMinutes(10)));
            javalin.router.mount(router -> {
                router.before(guard::check);
                router.wsBeforeUpgrade(guard::checkUpgrade);
                if (!hasIndex) {
                    // no domain serves a home page: the first domain page is home
                    router.get("/", context -> context.redirect(home));
                }
                route(router, guard, Endpoint.Kind.READ, "/api/config", api::config);
                route(router, guard, Endpoint.Kind.READ, "/api/pages", api::pages);
                route(router, guard, Endpoint.Kind.READ, "/api/tables", api::tables);
                route(router, guard, Endpoint.Kind.READ, "/api/tables/{name}", api::table);
                route(router, guard, Endpoint.Kind.WRITE, "/api/sql", api::sql);
                route(router, guard, Endpoint.Kind.READ, "/api/health", api::health);
                route(router, guard, Endpoint.Kind.READ, "/metrics", api::metrics);
                if (runs != null) {
                    route(router, guard, Endpoint.Kind.QUERY, "/api/runs", runs::runs);
                    route(router, guard, Endpoint.Kind.QUERY, "/api/runs/{id}", runs::run);
                    // state-changing: POST with a JSON body, from this dashboard's own pages only
                    route(router, guard, Endpoint.Kind.WRITE, "/api/runs/{id}/retry", runs::retry);
                    route(router, guard, Endpoint.Kind.WRITE, "/api/backfills", runs::backfill);
                }
                for (Endpoint endpoint : endpoints) {
                    route(router, guard, endpoint.kind(), "/api/" + endpoint.path(), context -> {
                        Endpoint.Response response = endpoint.handler().handle(new EndpointRequest(context, endpoint.kind()));
                        context.status(response.status()).contentType("application/json; charset=utf-8").result(response.json());
                    });
                }
                for (LiveChannel channel : channels) {
                    Map<WsContext, LiveChannel.LiveClient> clients = new ConcurrentHashMap<>();
                    router.ws(channel.path(), ws -> {
                        ws.onConnect(context -> {
                            context.enableAutomaticPings(15, java.util.concurrent.TimeUnit.SECONDS);
                            LiveChannel.LiveClient client = new SocketClient(context);
                            clients.put(context, client);
                            channel.open(client);
                        });
                        ws.onClose(context -> closeClient(channel, clients, context));
                        ws.onError(context -> closeClient(channel, clients, context));
                    });
                }
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
    }

    /**
     * Registers an endpoint with the method and checks of its kind: the one place where they are decided, so no
     * handler has to remember a check.
     */
    private static void route(JavalinDefaultRouting router, AccessGuard guard, Endpoint.Kind kind, String path, Handler handler) {
        switch (kind) {
            case READ -> router.get(path, handler);
            case QUERY -> router.get(path, context -> {
                guard.checkOrigin(context);
                handler.handle(context);
            });
            case WRITE -> router.post(path, context -> {
                guard.checkOrigin(context);
                guard.checkJsonBody(context);
                handler.handle(context);
            });
        }
    }

    /** A domain endpoint's view of one request: query parameters, and the body for a write. */
    private record EndpointRequest(Context context, Endpoint.Kind kind) implements Endpoint.Request {
        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(context.queryParam(name));
        }

        @Override
        public Optional<String> body() {
            return kind == Endpoint.Kind.WRITE ? Optional.of(context.body()) : Optional.empty();
        }
    }

    private static void closeClient(LiveChannel channel, Map<WsContext, LiveChannel.LiveClient> clients, WsContext context) {
        LiveChannel.LiveClient client = clients.remove(context);
        if (client != null) {
            channel.close(client);
        }
    }

    private static void start(Javalin app, DashboardConfig config) {
        try {
            app.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            throw new UrbanFlowException("Cannot start dashboard on " + config.bindAddress() + ":" + config.port() + ": "
                    + (cause instanceof BindException ? "the port is in use or the address is not this machine's (choose one with --port/--bind)"
                    : cause.getMessage()), e);
        }
    }

    public int port() {
        return app.port();
    }

    /** The token requests must carry, or null when none is required. */
    public String token() {
        return token;
    }

    /** Each domain's part of this dashboard, by domain name. */
    public Map<String, DashboardPages> pages() {
        return pages;
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
        app.stop();
        pages.values().forEach(DashboardServer::closeQuietly);
        if (ingestLag != null) {
            ingestLag.close();
        }
    }

    private static void closeQuietly(DashboardPages part) {
        try {
            part.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing dashboard pages failed", e);
        }
    }

    static String generateToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String jsonString(String value) {
        return JsonText.string(new StringBuilder(), value).toString();
    }

    /** A browser on a live channel: sends without blocking, reporting each write's end. */
    private record SocketClient(WsContext context) implements LiveChannel.LiveClient {
        @Override
        public boolean send(String text, Runnable written) {
            if (!context.session.isOpen()) {
                return false;
            }
            context.session.getRemote().sendString(text, new WriteCallback() {
                @Override
                public void writeFailed(Throwable error) {
                    written.run();
                }

                @Override
                public void writeSuccess() {
                    written.run();
                }
            });
            return true;
        }
    }
}
