package io.urbanflow.web;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the dashboard server runs. Immutable; validated on construction. Keys (with defaults): {@code web.bind}
 * (127.0.0.1), {@code web.port} (8080; 0 = any free port), {@code web.token} (none; required off loopback),
 * {@code web.update-interval} (250ms between live updates), {@code web.sql-timeout} (30s), {@code web.sql-max-rows}
 * (10,000), {@code web.sql-max-concurrent} (4 user queries at once; more are answered 429),
 * {@code web.allowed-hosts} (none: comma-separated host names, each optionally with {@code :port}, that the Host
 * header may name besides localhost, 127.0.0.0/8, [::1] and the bind address). Pages read keys of their own
 * ({@code web.city}, {@code web.tiles} for the mobility map).
 *
 * @param bindAddress      the address to listen on
 * @param port             the TCP port, 0 for any free one
 * @param token            the access token every request must carry, or null for none (loopback only)
 * @param updateInterval   time between two live updates pushed to browsers
 * @param sqlTimeout       user queries running longer are cancelled
 * @param sqlMaxRows       user query results are cut at this many rows
 * @param sqlMaxConcurrent user queries running at once at most; one more is refused with 429
 * @param allowedHosts     further names the Host header may carry, lower case, each {@code name} (with the server's
 *                         port) or {@code name:port}
 */
public record DashboardConfig(String bindAddress, int port, String token, Duration updateInterval, Duration sqlTimeout,
                              int sqlMaxRows, int sqlMaxConcurrent, List<String> allowedHosts) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofMillis(250);
    public static final int DEFAULT_SQL_MAX_CONCURRENT = 4;
    private static final Pattern HOST = Pattern.compile(
            "(\\[[0-9a-f:.]+]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?");

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
        if (sqlMaxConcurrent < 1) {
            throw new UrbanFlowException("Cannot configure dashboard: web.sql-max-concurrent must be at least 1");
        }
        List<String> hosts = new ArrayList<>();
        for (String host : allowedHosts == null ? List.<String>of() : allowedHosts) {
            String name = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
            if (!HOST.matcher(name).matches()) {
                throw new UrbanFlowException("Cannot configure dashboard: web.allowed-hosts entry '" + host
                        + "' is not a host name or IP address (optionally with :port)");
            }
            hosts.add(name);
        }
        allowedHosts = List.copyOf(hosts);
    }

    /** The given settings with the default query concurrency and no further host names. */
    public DashboardConfig(String bindAddress, int port, String token, Duration updateInterval, Duration sqlTimeout, int sqlMaxRows) {
        this(bindAddress, port, token, updateInterval, sqlTimeout, sqlMaxRows, DEFAULT_SQL_MAX_CONCURRENT, List.of());
    }

    public static DashboardConfig defaults() {
        return new DashboardConfig(DEFAULT_BIND, DEFAULT_PORT, null, DEFAULT_UPDATE_INTERVAL,
                Duration.ofSeconds(30), 10_000);
    }

    public static DashboardConfig from(Settings settings) {
        DashboardConfig defaults = defaults();
        String token = settings.string("web.token", null);
        List<String> hosts = new ArrayList<>();
        for (String host : settings.string("web.allowed-hosts", "").split(",")) {
            if (!host.isBlank()) {
                hosts.add(host.trim());
            }
        }
        return new DashboardConfig(settings.string("web.bind", defaults.bindAddress), settings.integer("web.port", defaults.port),
                token == null || token.isBlank() ? null : token,
                settings.duration("web.update-interval", defaults.updateInterval),
                settings.duration("web.sql-timeout", defaults.sqlTimeout), settings.integer("web.sql-max-rows", defaults.sqlMaxRows),
                settings.integer("web.sql-max-concurrent", defaults.sqlMaxConcurrent), hosts);
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
        return new DashboardConfig(bindAddress, newPort, token, updateInterval, sqlTimeout, sqlMaxRows, sqlMaxConcurrent, allowedHosts);
    }

    public DashboardConfig withBind(String address) {
        return new DashboardConfig(address, port, token, updateInterval, sqlTimeout, sqlMaxRows, sqlMaxConcurrent, allowedHosts);
    }

    public DashboardConfig withToken(String newToken) {
        return new DashboardConfig(bindAddress, port, newToken, updateInterval, sqlTimeout, sqlMaxRows, sqlMaxConcurrent, allowedHosts);
    }

    public DashboardConfig withUpdateInterval(Duration interval) {
        return new DashboardConfig(bindAddress, port, token, interval, sqlTimeout, sqlMaxRows, sqlMaxConcurrent, allowedHosts);
    }

    public DashboardConfig withSqlLimits(Duration timeout, int maxRows) {
        return new DashboardConfig(bindAddress, port, token, updateInterval, timeout, maxRows, sqlMaxConcurrent, allowedHosts);
    }

    public DashboardConfig withSqlMaxConcurrent(int queries) {
        return new DashboardConfig(bindAddress, port, token, updateInterval, sqlTimeout, sqlMaxRows, queries, allowedHosts);
    }

    public DashboardConfig withAllowedHosts(List<String> hosts) {
        return new DashboardConfig(bindAddress, port, token, updateInterval, sqlTimeout, sqlMaxRows, sqlMaxConcurrent, hosts);
    }
}
