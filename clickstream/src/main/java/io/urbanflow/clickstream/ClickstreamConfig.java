package io.urbanflow.clickstream;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of the clickstream models. Immutable; validated on construction.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@code clickstream.session-timeout}</td><td>{@code 30m}</td><td>a click_id's event later than this after
 *       its previous one starts a new session; {@code unlimited} makes every click_id one session</td></tr>
 *   <tr><td>{@code clickstream.recent-purchases}</td><td>{@code 20}</td><td>purchases the dashboard lists, 1..1000</td></tr>
 *   <tr><td>{@code clickstream.top-entries}</td><td>{@code 10}</td><td>sources and products the dashboard ranks, 1..100</td></tr>
 * </table>
 *
 * @param sessionTimeout  the longest gap inside a session; empty for unlimited
 * @param recentPurchases how many of the latest purchases the dashboard shows
 * @param topEntries      how many sources and products the dashboard ranks
 */
public record ClickstreamConfig(Optional<Duration> sessionTimeout, int recentPurchases, int topEntries) {
    public static final String SESSION_TIMEOUT = "clickstream.session-timeout";
    public static final String RECENT_PURCHASES = "clickstream.recent-purchases";
    public static final String TOP_ENTRIES = "clickstream.top-entries";

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_RECENT_PURCHASES = 20;
    public static final int DEFAULT_TOP_ENTRIES = 10;
    /** The text of an unlimited session timeout. */
    public static final String UNLIMITED = "unlimited";

    public ClickstreamConfig {
        sessionTimeout = sessionTimeout == null ? Optional.empty() : sessionTimeout;
        sessionTimeout.ifPresent(timeout -> {
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new UrbanFlowException("Cannot configure clickstream: " + SESSION_TIMEOUT + "=" + timeout
                        + " is shorter than 1s (use unlimited for one session per click_id)");
            }
        });
        if (recentPurchases < 1 || recentPurchases > 1000) {
            throw new UrbanFlowException("Cannot configure clickstream: " + RECENT_PURCHASES + "=" + recentPurchases + " is outside 1..1000");
        }
        if (topEntries < 1 || topEntries > 100) {
            throw new UrbanFlowException("Cannot configure clickstream: " + TOP_ENTRIES + "=" + topEntries + " is outside 1..100");
        }
    }

    public static ClickstreamConfig defaults() {
        return new ClickstreamConfig(Optional.of(DEFAULT_SESSION_TIMEOUT), DEFAULT_RECENT_PURCHASES, DEFAULT_TOP_ENTRIES);
    }

    /**
     * Reads the keys above from {@code settings}, with the defaults for the missing ones.
     *
     * @throws UrbanFlowException naming the key when a value does not parse or is out of range
     */
    public static ClickstreamConfig from(Settings settings) {
        String timeoutText = settings.string(SESSION_TIMEOUT, null);
        Optional<Duration> timeout;
        if (timeoutText == null) {
            timeout = Optional.of(DEFAULT_SESSION_TIMEOUT);
        } else if (timeoutText.trim().toLowerCase(Locale.ROOT).equals(UNLIMITED)) {
            timeout = Optional.empty();
        } else {
            try {
                timeout = Optional.of(Settings.parseDuration(SESSION_TIMEOUT, timeoutText));
            } catch (UrbanFlowException e) {
                throw new UrbanFlowException("Cannot read setting " + SESSION_TIMEOUT + "='" + timeoutText
                        + "': expected a duration such as 30m or 2h, or " + UNLIMITED, e);
            }
        }
        return new ClickstreamConfig(timeout,
                settings.integer(RECENT_PURCHASES, DEFAULT_RECENT_PURCHASES),
                settings.integer(TOP_ENTRIES, DEFAULT_TOP_ENTRIES));
    }

    /** The session timeout in microseconds; {@link Long#MAX_VALUE} for unlimited. */
    public long sessionTimeoutMicros() {
        return sessionTimeout.map(timeout -> timeout.toNanos() / 1_000L).orElse(Long.MAX_VALUE);
    }

    /** The timeout in milliseconds ({@code 1800000ms}), or {@code unlimited}: part of the models' options. */
    public String sessionTimeoutText() {
        return sessionTimeout.map(timeout -> timeout.toMillis() + "ms").orElse(UNLIMITED);
    }

    public ClickstreamConfig withSessionTimeout(Optional<Duration> timeout) {
        return new ClickstreamConfig(timeout, recentPurchases, topEntries);
    }
}
