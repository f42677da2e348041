package io.urbanflow.query;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;

/**
 * Limits of user queries (the {@code sql} command, the web SQL box). Immutable.
 *
 * @param timeout a query running longer is cancelled ({@code query.timeout}, default 60s)
 * @param maxRows at most this many rows are returned; more mark the result truncated ({@code query.max-rows},
 *                default 100,000)
 */
public record QueryConfig(Duration timeout, int maxRows) {
    public static final String TIMEOUT = "query.timeout";
    public static final String MAX_ROWS = "query.max-rows";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ROWS = 100_000;

    public QueryConfig {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new UrbanFlowException("Cannot use setting " + TIMEOUT + "=" + timeout + ": it must be positive");
        }
        if (timeout.toSeconds() < 1) {
            // JDBC query timeouts count whole seconds
            throw new UrbanFlowException("Cannot use setting " + TIMEOUT + "=" + timeout + ": it must be at least 1s");
        }
        if (maxRows < 1) {
            throw new UrbanFlowException("Cannot use setting " + MAX_ROWS + "=" + maxRows + ": it must be at least 1");
        }
    }

    public static QueryConfig defaults() {
        return new QueryConfig(DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS);
    }

    public static QueryConfig from(Settings settings) {
        return new QueryConfig(settings.duration(TIMEOUT, DEFAULT_TIMEOUT), settings.integer(MAX_ROWS, DEFAULT_MAX_ROWS));
    }

    public QueryConfig withMaxRows(int rows) {
        return new QueryConfig(timeout, rows);
    }

    public QueryConfig withTimeout(Duration duration) {
        return new QueryConfig(duration, maxRows);
    }
}
