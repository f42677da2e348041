package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;

/**
 * The clickstream marts in Spark SQL, clause for clause the platform's ({@code ClickstreamSql.sessions},
 * {@code purchases}, {@code purchaseItems} and {@code FunnelDailyModel}) in Spark's spelling: {@code min_by} and
 * {@code max_by} for DuckDB's {@code arg_min_null} and {@code arg_max_null} (both keep a null value at the extreme
 * row), {@code unix_micros} for {@code epoch_us}. Stateless.
 *
 * <h2>Inputs and the walk</h2>
 * The marts read what the platform's marts read: {@code stage.clickstream_events} (its events already deduplicated,
 * joined, typed and categorised) and, for the funnel, {@code mart.sessions}. Each click_id's walk over its events,
 * which the platform's stage computes, is computed here again by Spark from those events ({@link #walk}, the stage's
 * window functions over {@code PARTITION BY click_id ORDER BY event_timestamp, event_id}): event number, session
 * ({@code clickstream.session-timeout}) and cart number. Spark thus does the part of the work that grows with a
 * visitor's history, honours the timeout it is given, and equals the DuckDB marts when the pipeline ran with the
 * same timeout.
 */
final class ClickstreamSparkSql {
    private static final String CLICK_ORDER = "PARTITION BY click_id ORDER BY event_timestamp, event_id";
    private static final String SO_FAR = "(" + CLICK_ORDER + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
    private static final String IS_CONFIRMATION = "CASE WHEN page_category = 'confirmation' THEN 1 ELSE 0 END";
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private ClickstreamSparkSql() {
    }

    /**
     * A {@code WITH} clause ending in the relation {@code walked}: the stage's events with the columns the marts read,
     * and {@code event_number}, {@code session_start}, {@code session_id} and {@code cart_number} computed as the
     * stage computes them. An event starts a session when it is its click_id's first or comes more than
     * {@code timeoutMicros} after the one before.
     *
     * @param timeoutMicros the longest gap inside a session ({@link ClickstreamConfig#sessionTimeoutMicros()});
     *                      {@link Long#MAX_VALUE} for unlimited
     */
    static String walk(long timeoutMicros) {
        String startsSession = timeoutMicros == Long.MAX_VALUE ? "previous_timestamp IS NULL"
                : "previous_timestamp IS NULL OR unix_micros(event_timestamp) - unix_micros(previous_timestamp) > " + timeoutMicros;
        return """
                WITH ordered AS (
                    SELECT event_id, click_id, event_timestamp, page_url_path, page_category, product_id,
                           referer_domain, referer_medium, utm_source, utm_medium, utm_campaign,
                           device_type, os_name, browser_name, geo_country, has_location,
                           row_number() OVER (%1$s) AS event_number,
                           lag(event_timestamp) OVER (%1$s) AS previous_timestamp,
                           CAST(sum(%3$s) OVER %2$s - %3$s AS INT) AS cart_number
                    FROM %4$s
                ),
                sessions_started AS (
                    SELECT *, max(CASE WHEN %5$s THEN event_timestamp END) OVER %2$s AS session_start
                    FROM ordered
                ),
                walked AS (
                    SELECT *, concat(click_id, '-', CAST(unix_micros(session_start) AS STRING)) AS session_id
                    FROM sessions_started
                )
                """.formatted(CLICK_ORDER, SO_FAR, IS_CONFIRMATION, ClickstreamTables.STAGE_EVENTS, startsSession);
    }

    /** {@code mart.sessions}: per session, its pages, attribution (its first event's), device, place and funnel. */
    static String sessions(long timeoutMicros) {
        return walk(timeoutMicros) + """
                SELECT session_id,
                       any_value(click_id) AS click_id,
                       min(session_start) AS session_start,
                       max(event_timestamp) AS session_end,
                       (unix_micros(max(event_timestamp)) - unix_micros(min(session_start))) / 1e6 AS duration_seconds,
                       CAST(count(*) AS INT) AS page_views,
                       min_by(page_url_path, event_number) AS landing_page,
                       max_by(page_url_path, event_number) AS exit_page,
                       min_by(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_source, referer_domain, '(direct)') END,
                              event_number) AS source,
                       min_by(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_medium, referer_medium, '(none)') END,
                              event_number) AS medium,
                       min_by(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_campaign, '(none)') END,
                              event_number) AS campaign,
                       min_by(device_type, event_number) AS device_type,
                       min_by(os_name, event_number) AS os_name,
                       min_by(browser_name, event_number) AS browser_name,
                       min_by(geo_country, event_number) AS country,
                       CAST(count(*) FILTER (WHERE page_category = 'product') AS INT) AS products_added,
                       CASE max(CASE page_category WHEN 'home' THEN 1 WHEN 'product' THEN 2 WHEN 'cart' THEN 3
                                     WHEN 'payment' THEN 4 WHEN 'confirmation' THEN 5 ELSE 0 END)
                            WHEN 5 THEN 'confirmation' WHEN 4 THEN 'payment' WHEN 3 THEN 'cart'
                            WHEN 2 THEN 'product' WHEN 1 THEN 'home' ELSE 'none' END AS furthest_step,
                       bool_or(page_category = 'confirmation') AS converted,
                       CAST(count(*) FILTER (WHERE page_category = 'confirmation') AS INT) AS purchases
                FROM walked
                GROUP BY session_id
                """;
    }

    /** The walk, the confirmations and the carts they pay (product views by click_id and cart number). */
    private static String carts(long timeoutMicros) {
        return walk(timeoutMicros) + """
                , confirmations AS (
                    SELECT event_id, click_id, session_id, event_timestamp AS ts, cart_number
                    FROM walked
                    WHERE page_category = 'confirmation'
                ),
                carts AS (
                    SELECT click_id, cart_number, product_id, count(*) AS quantity
                    FROM walked
                    WHERE page_category = 'product' AND click_id IN (SELECT click_id FROM confirmations)
                    GROUP BY click_id, cart_number, product_id
                )
                """;
    }

    /** {@code mart.purchases}: one row per confirmation, with the items and distinct products it paid. */
    static String purchases(long timeoutMicros) {
        return carts(timeoutMicros) + """
                SELECT c.event_id, c.click_id, c.session_id, c.ts,
                       CAST(coalesce(sum(p.quantity), 0) AS INT) AS items,
                       CAST(count(p.product_id) AS INT) AS distinct_products,
                       count(p.product_id) = 0 AS empty_cart
                FROM confirmations c
                LEFT JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                GROUP BY c.event_id, c.click_id, c.session_id, c.ts
                """;
    }

    /** {@code mart.purchase_items}: one row per product of a purchase, with how many times it was added. */
    static String purchaseItems(long timeoutMicros) {
        return carts(timeoutMicros) + """
                SELECT c.event_id, c.click_id, c.session_id, c.ts, p.product_id, CAST(p.quantity AS INT) AS quantity
                FROM confirmations c
                JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                """;
    }

    /** {@code mart.funnel_daily}: per UTC day of session start, from {@code mart.sessions}. */
    static String funnelDaily() {
        return """
                WITH steps AS (
                    SELECT %s AS day,
                           CASE furthest_step WHEN 'home' THEN 1 WHEN 'product' THEN 2 WHEN 'cart' THEN 3
                                WHEN 'payment' THEN 4 WHEN 'confirmation' THEN 5 ELSE 0 END AS step
                    FROM %s
                ),
                reached AS (
                    SELECT day, count(*) AS sessions,
                           count(*) FILTER (WHERE step >= 1) AS reached_home,
                           count(*) FILTER (WHERE step >= 2) AS reached_product,
                           count(*) FILTER (WHERE step >= 3) AS reached_cart,
                           count(*) FILTER (WHERE step >= 4) AS reached_payment,
                           count(*) FILTER (WHERE step >= 5) AS reached_confirmation
                    FROM steps
                    GROUP BY day
                )
                SELECT *,
                       reached_product / NULLIF(reached_home, 0) AS home_to_product_rate,
                       reached_cart / NULLIF(reached_product, 0) AS product_to_cart_rate,
                       reached_payment / NULLIF(reached_cart, 0) AS cart_to_payment_rate,
                       reached_confirmation / NULLIF(reached_payment, 0) AS payment_to_confirmation_rate,
                       reached_confirmation / NULLIF(sessions, 0) AS conversion_rate
                FROM reached
                """.formatted(utcDay("session_start"), ClickstreamTables.MART_SESSIONS);
    }

    /** The UTC day of a timestamp, whatever the session's time zone ({@code CAST(... AS DATE)} would use that). */
    static String utcDay(String column) {
        return "date_from_unix_date(CAST(floor(unix_micros(" + column + ") / " + MICROS_PER_DAY + ") AS INT))";
    }
}
