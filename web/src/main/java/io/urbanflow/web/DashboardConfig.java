package io.urbanflow.web;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the dashboard server runs. Immutable; validated on construction. Keys (with defaults): {@code web.bind}
 * (127.0.0.1), {@code web.port} (8080; 0 = any free port), {@code web.token} (none; required off loopback),
 * {@code web.update-interval} (250ms between live updates), {@code web.sql-timeout} (30s), {@code web.sql-max-rows}
 * (10,000). Pages read keys of their own ({@code web.city}, {@code web.tiles} for the mobility map).
 *
 * @param bindAddress    the address to listen on
 * @param port           the TCP port, 0 for any free one
 * @param token          the access token every request must carry, or null for none (loopback only)
 * @param updateInterval time between two live updates pushed to browsers
 * @param sqlTimeout     user queries running longer are cancelled
 * @param sqlMaxRows     user query results are cut at this many rows
 */
public record DashboardConfig(String bindAddress, int port, String token, Duration updateInterval, Duration sqlTimeout,
                              int sqlMaxRows) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(250);

    public DashboardConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new UrbanFlowException("Cannot configure dashboard: web.bind is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new UrbanFlowException("Cannot configure dashboard: web.port " + port + " is not in [0, 65535]");
        }
        if (token != null && (token.length() < 8 || !token.matches("[A-Za-z0-9._~-]+"))) {
            throw new UrbanFlowException("Cannot configure dashboard: the token must be at least 8 characters of A-Z a-z 0-9 . _ ~ -");
        }
        if (updateInterval == null || updateInterval.toMillis() < 50 || updateInterval.toMillis() > 1_000) {
            throw new UrbanFlowException("Cannot configure dashboard: web.update-interval " + updateInterval
                    + " must be between 50ms and 1s (browsers get at least one update a second)");
        }
        if (sqlTimeout == null || sqlTimeout.toSeconds() < 1) {
            throw new UrbanFlowException("Cannot configure dashboard: web.sql-timeout must be at least 1s");
        }
        if (sqlMaxRows < 1) {
            throw new UrbanFlowException("Cannot configure dashboard: web.sql-max-rows must be at least 1");
        }
    }

    public static DashboardConfig defaults() {
        return new DashboardConfig(DEFAULT_BIND, DEFAULT_PORT, null, DEFAULT_UPDATE_INTERVAL,
                Duration.ofSeconds(30), 10_000);
    }

    public static DashboardConfig from(Settings settings) {
        DashboardConfig defaults = defaults();
        String token = settings.string("web.token", null);
        return new DashboardConfig(settings.string("web.bind", defaults.bindAddress), settings.integer("web.port", defaults.port),
                token == null || token.isBlank() ? null : token,
                settings.duration("web.update-interval", defaults.updateInterval),
                settings.duration("web.sql-timeout", defaults.sqlTimeout), settings.integer("web.sql-max-rows", defaults.sqlMaxRows));
    }

    /** Whether the bind address is a loopback one, reachable from this machine only. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UrbanFlowException("Cannot bind dashboard to '" + bindAddress + "': unknown host");
        }
    }

    public DashboardConfig withPort(int newPort) {
        return new DashboardConfig(bindAddress, newPort, token, updateInterval, sqlTimeout, sqlMaxRows);
    }

    public DashboardConfig withBind(String address) {
        return new DashboardConfig(address, port, token, updateInterval, sqlTimeout, sqlMaxRows);
    }

    public DashboardConfig withToken(String newToken) {
        return new DashboardConfig(bindAddress, port, newToken, updateInterval, sqlTimeout, sqlMaxRows);
    }

    public DashboardConfig withUpdateInterval(Duration interval) {
        return new DashboardConfig(bindAddress, port, token, interval, sqlTimeout, sqlMaxRows);
    }

    public DashboardConfig withSqlLimits(Duration timeout, int maxRows) {
        return new DashboardConfig(bindAddress, port, token, updateInterval, timeout, maxRows);
    }
}
