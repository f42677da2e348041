package io.urbanflow.web;

import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.query.QueryConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole dashboard in one piece, for {@code urbanflow serve} and {@code urbanflow demo}: the lake access and the
 * server with the domains' pages. {@link #close()} stops both. Thread safety: as {@link DashboardServer}.
 */
public final class Dashboard implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dashboard.class);

    private final DashboardServer server;
    private final LakeAccess lake;
    private final RunHistory runs;

    private Dashboard(DashboardServer server, LakeAccess lake, RunHistory runs) {
        this.server = server;
        this.lake = lake;
        this.runs = runs;
    }

    /**
     * Opens the lake and serves it with the domains' pages; their live views follow {@code bootstrapServers} from
     * {@code liveFrom}. Users' SQL runs with the dashboard's time and row limits ({@code web.sql-timeout},
     * {@code web.sql-max-rows}) and the memory, thread and spill limits of {@code query.*} ({@link QueryConfig}).
     *
     * @throws io.urbanflow.model.UrbanFlowException when the lake cannot be opened or the port bound; a broker that
     *                                               does not answer is not an error (the live views wait)
     */
    public static Dashboard start(DashboardConfig config, LakeConfig lakeConfig, List<Domain> domains, String bootstrapServers,
                                  LiveStart liveFrom, Settings settings, Clock clock) {
        LakeAccess lake = IcebergLakeAccess.open(lakeConfig,
                QueryConfig.from(settings).withTimeout(config.sqlTimeout()).withMaxRows(config.sqlMaxRows()));
        RunHistory runs = openRuns(lakeConfig);
        try {
            return new Dashboard(DashboardServer.start(config, lake, domains, bootstrapServers, liveFrom, settings, clock, runs), lake, runs);
        } catch (RuntimeException e) {
            lake.close();
            if (runs != null) {
                runs.close();
            }
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

    /** Each domain's part of the dashboard, by domain name. */
    public Map<String, DashboardPages> pages() {
        return server.pages();
    }

    /** The run history for the Runs page; null (and the page says so) when the catalog database cannot hold it. */
    public static RunHistory openRuns(LakeConfig lakeConfig) {
        try {
            return RunHistory.open(lakeConfig);
        } catch (RuntimeException e) {
            LOG.warn("The Runs page is off: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            lake.close();
            if (runs != null) {
                runs.close();
            }
        }
    }
}
