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
 * The SQL of the clickstream models. Stateless.
 *
 * <h2>Copies</h2>
 * Rows of one id (a browser or location event's event_id, a device or geo event's click_id) are copies; the first
 * received is kept: the least ({@code ingested_at}, Kafka partition, offset, then the row's values), so a later
 * duplicate never changes a row. Duplicates are rare, so the models first ask whether an input has any
 * ({@link #repeats}) and only then add the window that picks first copies, for the repeated ids alone.
 *
 * <h2>A click_id's events</h2>
 * In order of {@code event_timestamp}, then {@code event_id} (page views in the same microsecond are ordered by id,
 * so every run orders them alike). An event starts a session when it is the click_id's first or comes more than the
 * session timeout after the one before; a session is {@code <click_id>-<epoch microseconds of its first event>}.
 * {@code cart_number} counts the confirmations before an event: the product views with cart number k are paid by the
 * click_id's confirmation with cart number k, whatever session each is in; product views after its last confirmation
 * stay in the cart, unpaid.
 *
 * <p>Hot path notes: pages are categorised with string functions (a regular expression only for paths that start
 * like a product's), and the walk over each click_id's events runs once, in the stage, on narrow rows ({@link #stage}).
 */
public final class ClickstreamSql {
    private static final long MICROS_PER_DAY = MicrosRange.MICROS_PER_DAY;
    private static final String BROWSER_ORDER = "ingested_at, kafka_partition, kafka_offset, event_timestamp, click_id, event_type, "
            + "browser_name, browser_user_agent, browser_language";
    /** The order of location event copies: the first received first. */
    public static final String LOCATION_ORDER = "ingested_at, kafka_partition, kafka_offset, page_url, page_url_path, referer_url, "
            + "referer_medium, utm_medium, utm_source, utm_content, utm_campaign";
    private static final String DEVICE_ORDER = "ingested_at, kafka_partition, kafka_offset, os, os_name, os_timezone, device_type, "
            + "device_is_mobile, user_custom_id, user_domain_id";
    private static final String GEO_ORDER = "ingested_at, kafka_partition, kafka_offset, geo_latitude, geo_longitude, geo_country, "
            + "geo_timezone, geo_region_name, ip_address";

    /**
     * The raw relations the stage reads, and whether each holds copies of an id.
     *
     * @param browser   browser events (all of the snapshot: copies of an id may lie on any day)
     * @param location  location events
     * @param device    device events
     * @param geo       geo events
     */
    public record StageInputs(String browser, boolean browserRepeats, String location, boolean locationRepeats, String device,
                              boolean deviceRepeats, String geo, boolean geoRepeats) {
    }

    private ClickstreamSql() {
    }

    /** A query answering whether {@code relation} has two rows of one {@code id} (TRUE or FALSE). */
    public static String repeats(String relation, String id) {
        return "SELECT count(*) > 0 FROM (SELECT hash(" + id + ") AS id_hash FROM " + relation
                + " GROUP BY id_hash HAVING count(*) > 1)";
    }

    /**
     * A query answering whether an {@code id} of {@code added} (rows that {@code relation} includes) has two rows in
     * {@code relation}: a copy among the new rows or of an older row. Cheaper than {@link #repeats} over all rows: the
     * older rows are only probed against the new ids.
     */
    public static String repeatsAmong(String added, String relation, String id) {
        return "SELECT count(*) > 0 FROM (SELECT " + id + " FROM " + relation + " WHERE " + id + " IN (SELECT " + id + " FROM " + added
                + ") GROUP BY " + id + " HAVING count(*) > 1)";
    }

    /**
     * The UTC day of a timestamptz column (or NULL), as a DATE: the floor of its epoch microseconds over a day's, in
     * integer arithmetic, which costs a quarter of a time-zone conversion ({@code timezone('UTC', ...)}).
     */
    public static String utcDay(String column) {
        String micros = "epoch_us(" + column + ")";
        return "(DATE '1970-01-01' + CAST((" + micros + " - ((" + micros + " % " + MICROS_PER_DAY + ") + " + MICROS_PER_DAY + ") % "
                + MICROS_PER_DAY + ") // " + MICROS_PER_DAY + " AS INTEGER))";
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
     * The UTC days (column {@code day}) of the stage rows that new raw rows change, for the stage's incremental run; see
     * {@code StageClickstreamEventsModel}: for each visitor, the days of its page views from the earliest one that a
     * new browser or location row changes, and every day of a visitor whose device or geo row may change. A new row
     * changes nothing when another row of its id was received strictly before it (the first received copy is kept),
     * which is only asked of inputs that have copies.
     *
     * @param newBrowser the browser rows added since the stage's last run (and likewise the others)
     */
    public static String changedDays(StageInputs inputs, String newBrowser, String newLocation, String newDevice, String newGeo) {
        return """
                WITH changed_at AS (
                    SELECT n.click_id, n.event_timestamp FROM %s n
                    %s
                    UNION ALL
                    SELECT b.click_id, b.event_timestamp FROM %s b JOIN %s n ON n.event_id = b.event_id
                    %s
                ),
                earliest AS (
                    SELECT click_id, min(event_timestamp) AS changed_from FROM changed_at GROUP BY click_id
                ),
                whole AS (
                    SELECT n.click_id FROM %s n
                    %s
                    UNION
                    SELECT n.click_id FROM %s n
                    %s
                )
                SELECT DISTINCT %s AS day
                FROM %s b LEFT JOIN earliest e ON e.click_id = b.click_id
                WHERE b.event_timestamp >= e.changed_from OR b.click_id IN (SELECT click_id FROM whole)
                ORDER BY day
                """.formatted(newBrowser, receivedLater(inputs.browser(), "event_id", inputs.browserRepeats()),
                inputs.browser(), newLocation, receivedLater(inputs.location(), "event_id", inputs.locationRepeats()),
                newDevice, receivedLater(inputs.device(), "click_id", inputs.deviceRepeats()),
                newGeo, receivedLater(inputs.geo(), "click_id", inputs.geoRepeats()),
                utcDay("b.event_timestamp"), inputs.browser());
    }

    /** A filter on new rows {@code n}: none received strictly before them with the same id; nothing without copies. */
    private static String receivedLater(String relation, String id, boolean repeats) {
        if (!repeats) {
            return "";
        }
        return "WHERE NOT EXISTS (SELECT 1 FROM " + relation + " o WHERE o." + id + " = n." + id + " AND o.ingested_at < n.ingested_at)";
    }

    /** The first copy of each id of {@code relation}; the relation itself when it has no copies. */
    static String firstCopies(String relation, String id, String order, boolean repeats) {
        if (!repeats) {
            return relation;
        }
        return """
                (WITH repeated AS (SELECT hash(%2$s) AS id_hash FROM %1$s GROUP BY id_hash HAVING count(*) > 1)
                 SELECT * FROM %1$s WHERE hash(%2$s) NOT IN (SELECT id_hash FROM repeated)
                 UNION ALL BY NAME
                 (SELECT * FROM %1$s WHERE hash(%2$s) IN (SELECT id_hash FROM repeated)
                  QUALIFY row_number() OVER (PARTITION BY %2$s ORDER BY %3$s) = 1))""".formatted(relation, id, order);
    }

    /**
     * {@code stage.clickstream_events} rows of the browser events dated on {@code days} (all when empty). For some
     * days, every event of the click_ids present on them is walked, wherever it lies, so sessions and carts that reach
     * across midnight come out as a full run makes them.
     *
     * <p>Hot path notes: the walk (one window over each click_id's events) runs on narrow rows (ids, time and whether
     * the page is a confirmation), and its three numbers are joined back by event_id: sorting the wide joined rows
     * (user agents, URLs) for the window costs several times more than the extra join. Without copies of location
     * events the walk reads only their event_id and path straight from the raw relation.
     *
     * @param timeoutMicros the longest gap inside a session; {@link Long#MAX_VALUE} for unlimited
     */
    public static String stage(StageInputs inputs, Optional<SortedSet<LocalDate>> days, long timeoutMicros) {
        String events = days.isEmpty() ? "browser"
                : "(SELECT * FROM browser WHERE click_id IN (SELECT click_id FROM browser WHERE " + inDays("event_timestamp", days) + "))";
        // the wide location rows are joined to the page views of the days alone; with copies, the walk's pages are
        // their first copies, which need every event of the visitors
        String location = days.isEmpty() ? inputs.location()
                : "(SELECT * FROM " + inputs.location() + " WHERE event_id IN (SELECT event_id FROM "
                        + (inputs.locationRepeats() ? "events" : "browser WHERE " + inDays("event_timestamp", days)) + "))";
        String device = days.isEmpty() ? inputs.device()
                : "(SELECT * FROM " + inputs.device() + " WHERE click_id IN (SELECT click_id FROM events))";
        String geo = days.isEmpty() ? inputs.geo()
                : "(SELECT * FROM " + inputs.geo() + " WHERE click_id IN (SELECT click_id FROM events))";
        // the walk's pages: the deduplicated relation when there are copies, else the raw one, narrow
        String pagePaths = inputs.locationRepeats() ? "location" : inputs.location();
        String startsSession = timeoutMicros == Long.MAX_VALUE ? "previous_timestamp IS NULL"
                : "previous_timestamp IS NULL OR epoch_us(event_timestamp) - epoch_us(previous_timestamp) > " + timeoutMicros;
        // for some days the browser relation is read twice, through a filter each time: materialising all of it (the
        // default for a CTE read twice) cost 7 of 10 s on ten days of events
        return """
                WITH browser AS %s(
                    SELECT * FROM %s
                ),
                events AS (
                    SELECT * FROM %s
                ),
                location AS (
                    SELECT *, lower(page_url_path) AS path, lower(trim(referer_url)) AS referer
                    FROM %s
                ),
                device AS (
                    SELECT * FROM %s
                ),
                geo AS (
                    SELECT * FROM %s
                ),
                pages AS (
                    SELECT e.event_id, e.click_id, e.event_timestamp,
                           CASE WHEN lower(p.page_url_path) IN ('/confirmation', '/confirmation/') THEN 1 ELSE 0 END AS confirmation
                    FROM (SELECT event_id, click_id, event_timestamp FROM events) e
                    LEFT JOIN (SELECT event_id, page_url_path FROM %s) p ON p.event_id = e.event_id
                ),
                ordered AS (
                    SELECT event_id, click_id, event_timestamp,
                           row_number() OVER click_order AS event_number,
                           lag(event_timestamp) OVER click_order AS previous_timestamp,
                           sum(confirmation) OVER (click_order ROWS UNBOUNDED PRECEDING) - confirmation AS cart_number
                    FROM pages
                    WINDOW click_order AS (PARTITION BY click_id ORDER BY event_timestamp, event_id)
                ),
                walked AS (
                    SELECT event_id, event_number, cart_number,
                           max(CASE WHEN %s THEN event_timestamp END)
                               OVER (PARTITION BY click_id ORDER BY event_timestamp, event_id ROWS UNBOUNDED PRECEDING) AS session_start
                    FROM ordered
                ),
                joined AS (
                    SELECT e.event_id, e.click_id, e.event_timestamp, e.event_type, l.page_url, l.page_url_path,
                           CASE WHEN l.path IN ('/home', '/home/', '/') THEN 'home'
                                WHEN starts_with(l.path, '/product_') AND regexp_full_match(l.path, '/product_[^/?#]+/?') THEN 'product'
                                WHEN l.path IN ('/cart', '/cart/') THEN 'cart'
                                WHEN l.path IN ('/payment', '/payment/') THEN 'payment'
                                WHEN l.path IN ('/confirmation', '/confirmation/') THEN 'confirmation'
                                ELSE 'other' END AS page_category,
                           l.referer_url,
                           CASE WHEN strpos(l.referer, '://') > 0 THEN substr(l.referer, strpos(l.referer, '://') + 3) ELSE l.referer END AS host,
                           l.referer_medium, l.utm_source, l.utm_medium, l.utm_campaign, l.utm_content,
                           e.browser_name, e.browser_language, e.browser_user_agent,
                           d.os, d.os_name, d.os_timezone, d.device_type, d.device_is_mobile, d.user_custom_id, d.user_domain_id,
                           TRY_CAST(trim(g.geo_latitude) AS DOUBLE) AS latitude, TRY_CAST(trim(g.geo_longitude) AS DOUBLE) AS longitude,
                           g.geo_country, g.geo_timezone, g.geo_region_name, g.ip_address,
                           l.event_id IS NOT NULL AS has_location, d.click_id IS NOT NULL AS has_device, g.click_id IS NOT NULL AS has_geo,
                           w.event_number, w.session_start, w.cart_number
                    FROM events e
                    JOIN walked w ON w.event_id = e.event_id
                    LEFT JOIN location l ON l.event_id = e.event_id
                    LEFT JOIN device d ON d.click_id = e.click_id
                    LEFT JOIN geo g ON g.click_id = e.click_id
                    WHERE %s
                )
                SELECT j.event_id, j.click_id, j.event_timestamp, j.event_type, j.page_url, j.page_url_path, j.page_category,
                       CASE WHEN j.page_category = 'product' THEN
                           substr(j.page_url_path, 10, length(j.page_url_path) - 9 - CASE WHEN ends_with(j.page_url_path, '/') THEN 1 ELSE 0 END)
                       END AS product_id,
                       j.referer_url,
                       NULLIF(split_part(split_part(split_part(split_part(
                           CASE WHEN starts_with(j.host, 'www.') THEN substr(j.host, 5) ELSE j.host END,
                           '/', 1), ':', 1), '?', 1), '#', 1), '') AS referer_domain,
                       j.referer_medium, j.utm_source, j.utm_medium, j.utm_campaign, j.utm_content,
                       j.browser_name, j.browser_language, j.browser_user_agent,
                       j.os, j.os_name, j.os_timezone, j.device_type, j.device_is_mobile, j.user_custom_id, j.user_domain_id,
                       CASE WHEN j.latitude BETWEEN -90 AND 90 THEN j.latitude END AS geo_latitude,
                       CASE WHEN j.longitude BETWEEN -180 AND 180 THEN j.longitude END AS geo_longitude,
                       j.geo_country, j.geo_timezone, j.geo_region_name, j.ip_address,
                       j.has_location, j.has_device, j.has_geo,
                       j.event_number, j.click_id || '-' || epoch_us(j.session_start) AS session_id, j.session_start, j.cart_number
                FROM joined j
                """.formatted(
                days.isEmpty() ? "" : "NOT MATERIALIZED ",
                firstCopies(inputs.browser(), "event_id", BROWSER_ORDER, inputs.browserRepeats()),
                events,
                firstCopies(location, "event_id", LOCATION_ORDER, inputs.locationRepeats()),
                firstCopies(device, "click_id", DEVICE_ORDER, inputs.deviceRepeats()),
                firstCopies(geo, "click_id", GEO_ORDER, inputs.geoRepeats()),
                pagePaths,
                startsSession,
                inDays("e.event_timestamp", days));
    }

    /**
     * {@code mart.sessions} rows from stage rows (a relation with the stage's columns) of the sessions starting on
     * {@code days} (all when empty). Attribution is the session's first event's: the UTM values, else the referrer's
     * domain and medium, else {@code (direct)} and {@code (none)}; {@code (unknown)} when that event has no location
     * event.
     */
    public static String sessions(String stage, Optional<SortedSet<LocalDate>> days) {
        return """
                SELECT session_id,
                       any_value(click_id) AS click_id,
                       min(session_start) AS session_start,
                       max(event_timestamp) AS session_end,
                       (epoch_us(max(event_timestamp)) - epoch_us(min(session_start))) / 1e6 AS duration_seconds,
                       CAST(count(*) AS INTEGER) AS page_views,
                       arg_min_null(page_url_path, event_number) AS landing_page,
                       arg_max_null(page_url_path, event_number) AS exit_page,
                       arg_min_null(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_source, referer_domain, '(direct)') END,
                                    event_number) AS source,
                       arg_min_null(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_medium, referer_medium, '(none)') END,
                                    event_number) AS medium,
                       arg_min_null(CASE WHEN NOT has_location THEN '(unknown)' ELSE coalesce(utm_campaign, '(none)') END,
                                    event_number) AS campaign,
                       arg_min_null(device_type, event_number) AS device_type,
                       arg_min_null(os_name, event_number) AS os_name,
                       arg_min_null(browser_name, event_number) AS browser_name,
                       arg_min_null(geo_country, event_number) AS country,
                       CAST(count(*) FILTER (WHERE page_category = 'product') AS INTEGER) AS products_added,
                       CASE max(CASE page_category WHEN 'home' THEN 1 WHEN 'product' THEN 2 WHEN 'cart' THEN 3
                                     WHEN 'payment' THEN 4 WHEN 'confirmation' THEN 5 ELSE 0 END)
                            WHEN 5 THEN 'confirmation' WHEN 4 THEN 'payment' WHEN 3 THEN 'cart'
                            WHEN 2 THEN 'product' WHEN 1 THEN 'home' ELSE 'none' END AS furthest_step,
                       bool_or(page_category = 'confirmation') AS converted,
                       CAST(count(*) FILTER (WHERE page_category = 'confirmation') AS INTEGER) AS purchases
                FROM %s
                WHERE %s
                GROUP BY session_id
                """.formatted(stage, inDays("session_start", days));
    }

    /** The confirmations of {@code days} and the carts they pay, from stage rows; ends in CTEs {@code confirmations}, {@code carts}. */
    private static String carts(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH confirmations AS (
                    SELECT event_id, click_id, session_id, event_timestamp AS ts, cart_number
                    FROM %s
                    WHERE page_category = 'confirmation' AND %s
                ),
                carts AS (
                    SELECT click_id, cart_number, product_id, count(*) AS quantity
                    FROM %s
                    WHERE page_category = 'product' AND click_id IN (SELECT click_id FROM confirmations)
                    GROUP BY click_id, cart_number, product_id
                )""".formatted(stageOfDays, inDays("event_timestamp", days), stage);
    }

    /**
     * {@code mart.purchases} rows of the confirmations on {@code days} (all when empty).
     *
     * @param stageOfDays stage rows that include those days' confirmations
     * @param stage       every stage row (a cart may hold products added on earlier days)
     */
    public static String purchases(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return carts(stageOfDays, stage, days) + """

                SELECT c.event_id, c.click_id, c.session_id, c.ts,
                       CAST(coalesce(sum(p.quantity), 0) AS INTEGER) AS items,
                       CAST(count(p.product_id) AS INTEGER) AS distinct_products,
                       count(p.product_id) = 0 AS empty_cart
                FROM confirmations c
                LEFT JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                GROUP BY c.event_id, c.click_id, c.session_id, c.ts
                """;
    }

    /** {@code mart.purchase_items} rows of the confirmations on {@code days} (all when empty); as {@link #purchases}. */
    public static String purchaseItems(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return carts(stageOfDays, stage, days) + """

                SELECT c.event_id, c.click_id, c.session_id, c.ts, p.product_id, CAST(p.quantity AS INTEGER) AS quantity
                FROM confirmations c
                JOIN carts p ON p.click_id = c.click_id AND p.cart_number = c.cart_number
                """;
    }
}
