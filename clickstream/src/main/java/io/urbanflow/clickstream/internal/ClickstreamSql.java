package io.urbanflow.clickstream.internal;

import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.pipeline.SqlText;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The SQL the clickstream models share: the stage query, and the walk over a click_id's events in order that both
 * sessions and purchases need. Stateless.
 *
 * <h2>Order of a click_id's events</h2>
 * By {@code event_timestamp}, then {@code event_id} (two page views in the same microsecond are ordered by id, so every
 * run orders them the same way). {@code ordinal} numbers them from 1.
 *
 * <h2>Sessions</h2>
 * An event starts a session when it is the click_id's first or comes more than the timeout after the one before; a
 * session is identified by {@code <click_id>-<epoch microseconds of its first event>}.
 *
 * <h2>Carts</h2>
 * {@code cart_number} counts the confirmations before an event: the product views with cart number k are paid by the
 * click_id's confirmation with cart number k (its (k+1)-th), whatever session each is in; product views after the last
 * confirmation stay in the cart, unpaid.
 */
public final class ClickstreamSql {
    /** Ranks of the furthest funnel step: other pages 0, home 1 ... confirmation 5. */
    public static final String STEP_RANK = """
            CASE page_category WHEN 'home' THEN 1 WHEN 'product' THEN 2 WHEN 'cart' THEN 3
                 WHEN 'payment' THEN 4 WHEN 'confirmation' THEN 5 ELSE 0 END""";

    private ClickstreamSql() {
    }

    /** The UTC day of a timestamptz expression. */
    public static String utcDay(String column) {
        return "CAST(timezone('UTC', " + column + ") AS DATE)";
    }

    /** The whole UTC days of {@code ranges}, as dates. */
    public static SortedSet<LocalDate> days(List<MicrosRange> ranges) {
        SortedSet<LocalDate> days = new TreeSet<>();
        for (MicrosRange range : ranges) {
            for (int day : range.days()) {
                days.add(LocalDate.ofEpochDay(day));
            }
        }
        return days;
    }

    /** One range per day, merged. */
    public static List<MicrosRange> ranges(SortedSet<LocalDate> days) {
        List<MicrosRange> ranges = new ArrayList<>();
        for (LocalDate day : days) {
            ranges.add(MicrosRange.ofDay((int) day.toEpochDay()));
        }
        return MicrosRange.merge(ranges);
    }

    /** {@code column} within the days, or TRUE for every day. */
    public static String inDays(String column, Optional<SortedSet<LocalDate>> days) {
        return days.map(set -> SqlText.inRanges(column, ranges(set))).orElse("TRUE");
    }

    /**
     * {@code stage.clickstream_events} rows of the browser events whose chosen copy lies in {@code days} (all days when
     * empty). Copies of an event_id (rows of one id) are told apart by when they were received: the first
     * ({@code ingested_at}, Kafka partition, offset, then the row's values) is kept, here and for location events by
     * event_id and device and geo events by click_id, so a later duplicate never changes a row. For some days, every
     * copy of their events' ids is considered, wherever it lies, so an incremental run keeps the copy a full run keeps.
     */
    public static String stage(String browser, String location, String device, String geo, Optional<SortedSet<LocalDate>> days) {
        String inDays = inDays("event_timestamp", days);
        String candidates = days.isEmpty() ? browser
                : "(SELECT * FROM " + browser + " WHERE event_id IN (SELECT event_id FROM " + browser + " WHERE " + inDays + "))";
        return """
                WITH browser AS (
                    SELECT * FROM %s
                    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                        event_timestamp, click_id, event_type, browser_name, browser_user_agent, browser_language) = 1
                ),
                events AS (
                    SELECT * FROM browser WHERE %s
                ),
                location AS (
                    SELECT * FROM %s
                    WHERE event_id IN (SELECT event_id FROM events)
                    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                        page_url, page_url_path, referer_url, referer_medium, utm_medium, utm_source, utm_content, utm_campaign) = 1
                ),
                device AS (
                    SELECT * FROM %s
                    WHERE click_id IN (SELECT click_id FROM events)
                    QUALIFY row_number() OVER (PARTITION BY click_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                        os, os_name, os_timezone, device_type, device_is_mobile, user_custom_id, user_domain_id) = 1
                ),
                geo AS (
                    SELECT * FROM %s
                    WHERE click_id IN (SELECT click_id FROM events)
                    QUALIFY row_number() OVER (PARTITION BY click_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                        geo_latitude, geo_longitude, geo_country, geo_timezone, geo_region_name, ip_address) = 1
                ),
                joined AS (
                    SELECT e.event_id, e.click_id, e.event_timestamp, e.event_type,
                           l.page_url, l.page_url_path, lower(l.page_url_path) AS path,
                           l.referer_url, l.referer_medium, l.utm_source, l.utm_medium, l.utm_campaign, l.utm_content,
                           e.browser_name, e.browser_language, e.browser_user_agent,
                           d.os, d.os_name, d.os_timezone, d.device_type, d.device_is_mobile, d.user_custom_id, d.user_domain_id,
                           TRY_CAST(trim(g.geo_latitude) AS DOUBLE) AS latitude, TRY_CAST(trim(g.geo_longitude) AS DOUBLE) AS longitude,
                           g.geo_country, g.geo_timezone, g.geo_region_name, g.ip_address,
                           l.event_id IS NOT NULL AS has_location, d.click_id IS NOT NULL AS has_device, g.click_id IS NOT NULL AS has_geo
                    FROM events e
                    LEFT JOIN location l ON l.event_id = e.event_id
                    LEFT JOIN device d ON d.click_id = e.click_id
                    LEFT JOIN geo g ON g.click_id = e.click_id
                )
                SELECT event_id, click_id, event_timestamp, event_type, page_url, page_url_path,
                       CASE WHEN path IN ('/home', '/home/', '/') THEN 'home'
                            WHEN regexp_matches(path, '^/product_[^/?#]+/?$') THEN 'product'
                            WHEN path IN ('/cart', '/cart/') THEN 'cart'
                            WHEN path IN ('/payment', '/payment/') THEN 'payment'
                            WHEN path IN ('/confirmation', '/confirmation/') THEN 'confirmation'
                            ELSE 'other' END AS page_category,
                       NULLIF(regexp_extract(page_url_path, '^/[Pp][Rr][Oo][Dd][Uu][Cc][Tt]_([^/?#]+)/?$', 1), '') AS product_id,
                       referer_url,
                       NULLIF(regexp_extract(lower(trim(referer_url)), '^(?:[a-z][a-z0-9+.-]*://)?(?:www\\.)?([^/:?#]+)', 1), '') AS referer_domain,
                       referer_medium, utm_source, utm_medium, utm_campaign, utm_content,
                       browser_name, browser_language, browser_user_agent,
                       os, os_name, os_timezone, device_type, device_is_mobile, user_custom_id, user_domain_id,
                       CASE WHEN latitude BETWEEN -90 AND 90 THEN latitude END AS geo_latitude,
                       CASE WHEN longitude BETWEEN -180 AND 180 THEN longitude END AS geo_longitude,
                       geo_country, geo_timezone, geo_region_name, ip_address,
                       has_location, has_device, has_geo
                FROM joined
                """.formatted(candidates, inDays, location, device, geo);
    }

    /**
     * The events of {@code stage} (a relation with the stage's columns) in click order, each with its
     * {@code ordinal}, {@code session_number}, {@code session_start}, {@code session_id}, {@code cart_number},
     * {@code step_rank} and the traffic attribution ({@code source}, {@code medium}, {@code campaign}: the UTM values,
     * else the referrer's domain and medium, else {@code (direct)} and {@code (none)}; {@code (unknown)} for an event
     * without its location event), as CTEs ending in {@code walked}. Only the click_ids that {@code clickFilter}
     * accepts (a SQL condition on {@code click_id}) are walked.
     *
     * @param timeoutMicros the longest gap inside a session; {@link Long#MAX_VALUE} for unlimited
     */
    public static String walk(String stage, String clickFilter, long timeoutMicros) {
        String startsSession = timeoutMicros == Long.MAX_VALUE ? "previous_timestamp IS NULL"
                : "previous_timestamp IS NULL OR epoch_us(event_timestamp) - epoch_us(previous_timestamp) > " + timeoutMicros;
        return """
                ordered AS (
                    SELECT event_id, click_id, event_timestamp, page_url_path, page_category, product_id,
                           device_type, os_name, browser_name, geo_country,
                           CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_source, referer_domain, '(direct)') END AS source,
                           CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_medium, referer_medium, '(none)') END AS medium,
                           CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_campaign, '(none)') END AS campaign,
                           %s AS step_rank,
                           row_number() OVER click_order AS ordinal,
                           lag(event_timestamp) OVER click_order AS previous_timestamp
                    FROM %s
                    WHERE %s
                    WINDOW click_order AS (PARTITION BY click_id ORDER BY event_timestamp, event_id)
                ),
                numbered AS (
                    SELECT *,
                           sum(CASE WHEN %s THEN 1 ELSE 0 END) OVER running AS session_number,
                           coalesce(sum(CASE WHEN page_category = 'confirmation' THEN 1 ELSE 0 END) OVER before, 0) AS cart_number
                    FROM ordered
                    WINDOW running AS (PARTITION BY click_id ORDER BY ordinal ROWS UNBOUNDED PRECEDING),
                           before AS (PARTITION BY click_id ORDER BY ordinal ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                ),
                walked AS (
                    SELECT *,
                           min(event_timestamp) OVER (PARTITION BY click_id, session_number) AS session_start,
                           click_id || '-' || epoch_us(min(event_timestamp) OVER (PARTITION BY click_id, session_number)) AS session_id
                    FROM numbered
                )""".formatted(STEP_RANK, stage, clickFilter, startsSession);
    }

    /** {@code mart.sessions} rows from {@link #walk}, of the sessions starting in {@code days} (all when empty). */
    public static String sessions(String walk, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH %s,
                sessions AS (
                    SELECT session_id, click_id,
                           min(event_timestamp) AS session_start,
                           max(event_timestamp) AS session_end,
                           (epoch_us(max(event_timestamp)) - epoch_us(min(event_timestamp))) / 1e6 AS duration_seconds,
                           CAST(count(*) AS INTEGER) AS page_views,
                           arg_min_null(page_url_path, ordinal) AS landing_page,
                           arg_max_null(page_url_path, ordinal) AS exit_page,
                           arg_min_null(source, ordinal) AS source,
                           arg_min_null(medium, ordinal) AS medium,
                           arg_min_null(campaign, ordinal) AS campaign,
                           arg_min_null(device_type, ordinal) AS device_type,
                           arg_min_null(os_name, ordinal) AS os_name,
                           arg_min_null(browser_name, ordinal) AS browser_name,
                           arg_min_null(geo_country, ordinal) AS country,
                           CAST(count(*) FILTER (WHERE page_category = 'product') AS INTEGER) AS products_added,
                           CASE max(step_rank) WHEN 5 THEN 'confirmation' WHEN 4 THEN 'payment' WHEN 3 THEN 'cart'
                                WHEN 2 THEN 'product' WHEN 1 THEN 'home' ELSE 'none' END AS furthest_step,
                           max(step_rank) = 5 AS converted,
                           CAST(count(*) FILTER (WHERE page_category = 'confirmation') AS INTEGER) AS purchases
                    FROM walked
                    GROUP BY session_id, click_id
                )
                SELECT * FROM sessions WHERE %s
                """.formatted(walk, inDays("session_start", days));
    }

    /** The products added to each cart: click_id, cart_number, product_id, quantity; with {@link #walk} before it. */
    private static final String CARTS = """
            carts AS (
                SELECT click_id, cart_number, product_id, count(*) AS quantity
                FROM walked
                WHERE page_category = 'product'
                GROUP BY click_id, cart_number, product_id
            ),
            confirmations AS (
                SELECT event_id, click_id, session_id, event_timestamp AS ts, cart_number
                FROM walked
                WHERE page_category = 'confirmation'
            )""";

    /** {@code mart.purchases} rows from {@link #walk}, of the confirmations in {@code days} (all when empty). */
    public static String purchases(String walk, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH %s,
                %s
                SELECT c.event_id, c.click_id, c.session_id, c.ts,
                       CAST(coalesce(sum(p.quantity), 0) AS INTEGER) AS items,
                       CAST(count(p.product_id) AS INTEGER) AS distinct_products,
                       count(p.product_id) = 0 AS empty_cart
                FROM confirmations c
                LEFT JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                WHERE %s
                GROUP BY c.event_id, c.click_id, c.session_id, c.ts
                """.formatted(walk, CARTS, inDays("c.ts", days));
    }

    /** {@code mart.purchase_items} rows from {@link #walk}, of the confirmations in {@code days} (all when empty). */
    public static String purchaseItems(String walk, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH %s,
                %s
                SELECT c.event_id, c.click_id, c.session_id, c.ts, p.product_id, CAST(p.quantity AS INTEGER) AS quantity
                FROM confirmations c
                JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                WHERE %s
                """.formatted(walk, CARTS, inDays("c.ts", days));
    }
}
