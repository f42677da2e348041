package io.urbanflow.clickstream.web;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.JsonText;
import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.PageContext;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.QueryResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Clickstream page ({@code /clickstream.html}, files under {@code /public} of this jar) and its JSON endpoints,
 * all {@code GET}, all read from the marts with the dashboard's guarded SQL. Days are UTC days of session start (or
 * of the purchase); {@code day} defaults to the latest day with sessions. When a table the answer needs does not
 * exist yet the answer is {@code {"missing": TABLE, "message": "no data yet: ..."}} with status 200; a bad parameter
 * is status 400 with {@code {"error": "..."}}.
 *
 * <ul>
 *   <li>{@code /api/clickstream/summary?day=D}: the KPI tiles:
 *       {@code {"day","days":[...],"sessions","visitors","pageViews","convertedSessions","conversionRate","purchases",
 *       "items","emptyCartPurchases","averageSessionSeconds"}}; {@code days} lists every day with sessions, newest
 *       first.</li>
 *   <li>{@code /api/clickstream/hourly?day=D}: sessions started, purchases and items paid per UTC hour:
 *       {@code {"day","hours":["00:00",...24],"sessions":[24],"purchases":[24],"items":[24]}}.</li>
 *   <li>{@code /api/clickstream/funnel?day=D}: from {@code mart.funnel_daily}:
 *       {@code {"day","sessions","conversionRate","steps":[{"step","sessions","rate"}]}}, {@code rate} from the step
 *       before (null for home).</li>
 *   <li>{@code /api/clickstream/sources?day=D&limit=N}: from {@code mart.traffic_sources}, the sources with most
 *       sessions: {@code {"day","rows":[{"source","medium","campaign","sessions","convertedSessions","purchases",
 *       "conversionRate"}]}}.</li>
 *   <li>{@code /api/clickstream/products?day=D&limit=N}: from {@code mart.products}, the most added products:
 *       {@code {"day","rows":[{"product","adds","purchases","quantity"}]}}.</li>
 *   <li>{@code /api/clickstream/purchases?limit=N}: the latest purchases, newest first:
 *       {@code {"rows":[{"ts","clickId","sessionId","items","distinctProducts","emptyCart","products"}]}},
 *       {@code products} as {@code "a×2, b"}.</li>
 *   <li>{@code /api/clickstream/quality?day=D}: that day's row of {@code mart.data_quality}, column by column
 *       ({@code {"day","figures":{...}}}), empty figures when the day has none.</li>
 * </ul>
 * {@code limit} defaults to {@code clickstream.top-entries} (sources, products) and {@code clickstream.recent-purchases}
 * (purchases), at most 1000. Thread-safe: handlers share nothing mutable.
 */
public final class ClickstreamPages implements DashboardPages {
    /** The page's path. */
    public static final String PAGE = "/clickstream.html";
    private static final int MAX_LIMIT = 1000;

    private final Optional<LakeAccess> lake;
    private final ClickstreamConfig config;

    public ClickstreamPages(PageContext context) {
        this.lake = context.lake();
        this.config = ClickstreamConfig.from(context.settings());
    }

    @Override
    public List<PageLink> links() {
        return List.of(new PageLink("Clickstream", PAGE));
    }

    @Override
    public Optional<String> resources() {
        return Optional.of("/public-clickstream");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.query("clickstream/summary", this::summary),
                Endpoint.query("clickstream/hourly", this::hourly),
                Endpoint.query("clickstream/funnel", this::funnel),
                Endpoint.query("clickstream/sources", this::sources),
                Endpoint.query("clickstream/products", this::products),
                Endpoint.query("clickstream/purchases", this::purchases),
                Endpoint.query("clickstream/quality", this::quality));
    }

    /** The latest day with sessions and its sessions and purchases, or why there is none. */
    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        Optional<String> missing = missing(ClickstreamTables.MART_SESSIONS, ClickstreamTables.MART_PURCHASES);
        if (missing.isPresent()) {
            health.put("status", "no data yet: " + missing.get() + " does not exist");
            return health;
        }
        Optional<LocalDate> day = latestDay();
        health.put("latestDay", day.map(LocalDate::toString).orElse(null));
        if (day.isPresent()) {
            List<Object> row = query("SELECT (SELECT count(*) FROM mart.sessions WHERE " + dayOf("session_start", day.get()) + "), "
                    + "(SELECT count(*) FROM mart.purchases WHERE " + dayOf("ts", day.get()) + ")").rows().get(0);
            health.put("sessions", row.get(0));
            health.put("purchases", row.get(1));
        }
        return health;
    }

    Endpoint.Response summary(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_SESSIONS, ClickstreamTables.MART_PURCHASES);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        List<LocalDate> days = new ArrayList<>();
        for (List<Object> row : query("SELECT DISTINCT " + utcDay("session_start") + " AS day FROM mart.sessions ORDER BY day DESC").rows()) {
            days.add((LocalDate) row.get(0));
        }
        Optional<LocalDate> day = day(request, days.isEmpty() ? Optional.empty() : Optional.of(days.get(0)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.map(LocalDate::toString).orElse(null));
        body.put("days", days.stream().map(LocalDate::toString).toList());
        if (day.isPresent()) {
            List<Object> sessions = query("""
                    SELECT count(*), count(DISTINCT click_id), coalesce(sum(page_views), 0), count(*) FILTER (WHERE converted),
                           avg(duration_seconds)
                    FROM mart.sessions WHERE %s""".formatted(dayOf("session_start", day.get()))).rows().get(0);
            List<Object> purchases = query("""
                    SELECT count(*), coalesce(sum(items), 0), count(*) FILTER (WHERE empty_cart)
                    FROM mart.purchases WHERE %s""".formatted(dayOf("ts", day.get()))).rows().get(0);
            long sessionCount = number(sessions.get(0)).longValue();
            long converted = number(sessions.get(3)).longValue();
            body.put("sessions", sessionCount);
            body.put("visitors", number(sessions.get(1)).longValue());
            body.put("pageViews", number(sessions.get(2)).longValue());
            body.put("convertedSessions", converted);
            body.put("conversionRate", sessionCount == 0 ? null : (double) converted / sessionCount);
            body.put("purchases", number(purchases.get(0)).longValue());
            body.put("items", number(purchases.get(1)).longValue());
            body.put("emptyCartPurchases", number(purchases.get(2)).longValue());
            body.put("averageSessionSeconds", sessions.get(4) == null ? null : number(sessions.get(4)).doubleValue());
        }
        return Endpoint.Response.ok(JsonText.of(body));
    }

    Endpoint.Response hourly(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_SESSIONS, ClickstreamTables.MART_PURCHASES);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        Optional<LocalDate> day = day(request, latestDay());
        long[] sessions = new long[24];
        long[] purchases = new long[24];
        long[] items = new long[24];
        if (day.isPresent()) {
            for (List<Object> row : query("SELECT hour(timezone('UTC', session_start)), count(*) FROM mart.sessions WHERE "
                    + dayOf("session_start", day.get()) + " GROUP BY 1").rows()) {
                sessions[number(row.get(0)).intValue()] = number(row.get(1)).longValue();
            }
            for (List<Object> row : query("SELECT hour(timezone('UTC', ts)), count(*), sum(items) FROM mart.purchases WHERE "
                    + dayOf("ts", day.get()) + " GROUP BY 1").rows()) {
                purchases[number(row.get(0)).intValue()] = number(row.get(1)).longValue();
                items[number(row.get(0)).intValue()] = number(row.get(2)).longValue();
            }
        }
        List<String> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            hours.add((hour < 10 ? "0" : "") + hour + ":00");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.map(LocalDate::toString).orElse(null));
        body.put("hours", hours);
        body.put("sessions", sessions);
        body.put("purchases", purchases);
        body.put("items", items);
        return Endpoint.Response.ok(JsonText.of(body));
    }

    Endpoint.Response funnel(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_FUNNEL_DAILY);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        Optional<LocalDate> day = day(request, latestDay(ClickstreamTables.MART_FUNNEL_DAILY, "day"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.map(LocalDate::toString).orElse(null));
        List<Map<String, Object>> steps = new ArrayList<>();
        List<List<Object>> rows = day.isEmpty() ? List.of() : query("""
                SELECT sessions, reached_home, reached_product, reached_cart, reached_payment, reached_confirmation, conversion_rate
                FROM mart.funnel_daily WHERE day = DATE '%s'""".formatted(day.get())).rows();
        if (!rows.isEmpty()) {
            List<Object> row = rows.get(0);
            body.put("sessions", number(row.get(0)).longValue());
            body.put("conversionRate", row.get(6));
            String[] names = {"home", "product", "cart", "payment", "confirmation"};
            long previous = -1;
            for (int i = 0; i < names.length; i++) {
                long reached = number(row.get(i + 1)).longValue();
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("step", names[i]);
                step.put("sessions", reached);
                step.put("rate", previous <= 0 ? null : (double) reached / previous);
                steps.add(step);
                previous = reached;
            }
        }
        body.put("steps", steps);
        return Endpoint.Response.ok(JsonText.of(body));
    }

    Endpoint.Response sources(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_TRAFFIC_SOURCES);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        Optional<LocalDate> day = day(request, latestDay(ClickstreamTables.MART_TRAFFIC_SOURCES, "day"));
        int limit = limit(request, config.topEntries());
        List<Map<String, Object>> rows = new ArrayList<>();
        if (day.isPresent()) {
            for (List<Object> row : query("""
                    SELECT source, medium, campaign, sessions, converted_sessions, purchases, conversion_rate
                    FROM mart.traffic_sources WHERE day = DATE '%s'
                    ORDER BY sessions DESC, source, medium, campaign LIMIT %d""".formatted(day.get(), limit)).rows()) {
                rows.add(row(List.of("source", "medium", "campaign", "sessions", "convertedSessions", "purchases", "conversionRate"), row));
            }
        }
        return Endpoint.Response.ok(JsonText.of(dayAndRows(day, rows)));
    }

    Endpoint.Response products(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_PRODUCTS);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        Optional<LocalDate> day = day(request, latestDay(ClickstreamTables.MART_PRODUCTS, "day"));
        int limit = limit(request, config.topEntries());
        List<Map<String, Object>> rows = new ArrayList<>();
        if (day.isPresent()) {
            for (List<Object> row : query("""
                    SELECT product_id, adds, purchases, purchased_quantity
                    FROM mart.products WHERE day = DATE '%s'
                    ORDER BY adds DESC, product_id LIMIT %d""".formatted(day.get(), limit)).rows()) {
                rows.add(row(List.of("product", "adds", "purchases", "quantity"), row));
            }
        }
        return Endpoint.Response.ok(JsonText.of(dayAndRows(day, rows)));
    }

    Endpoint.Response purchases(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_PURCHASES, ClickstreamTables.MART_PURCHASE_ITEMS);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        int limit = limit(request, config.recentPurchases());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : query("""
                WITH latest AS (
                    SELECT event_id, ts, click_id, session_id, items, distinct_products, empty_cart
                    FROM mart.purchases ORDER BY ts DESC, event_id LIMIT %d
                )
                SELECT p.ts, p.click_id, p.session_id, p.items, p.distinct_products, p.empty_cart,
                       string_agg(i.product_id || CASE WHEN i.quantity > 1 THEN '×' || i.quantity ELSE '' END, ', ' ORDER BY i.product_id)
                FROM latest p LEFT JOIN mart.purchase_items i ON i.event_id = p.event_id
                GROUP BY ALL
                ORDER BY p.ts DESC, p.click_id""".formatted(limit)).rows()) {
            Map<String, Object> purchase = row(List.of("ts", "clickId", "sessionId", "items", "distinctProducts", "emptyCart", "products"), row);
            purchase.put("ts", ((Instant) row.get(0)).toString());
            rows.add(purchase);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rows", rows);
        return Endpoint.Response.ok(JsonText.of(body));
    }

    Endpoint.Response quality(Endpoint.Request request) {
        Optional<String> missing = missing(ClickstreamTables.MART_DATA_QUALITY);
        if (missing.isPresent()) {
            return missingResponse(missing.get());
        }
        Optional<LocalDate> day = day(request, latestDay(ClickstreamTables.MART_DATA_QUALITY, "day"));
        Map<String, Object> figures = new LinkedHashMap<>();
        if (day.isPresent()) {
            QueryResult result = query("SELECT * EXCLUDE (day) FROM mart.data_quality WHERE day = DATE '" + day.get() + "'");
            if (!result.rows().isEmpty()) {
                for (int i = 0; i < result.columns().size(); i++) {
                    figures.put(result.columns().get(i), result.rows().get(0).get(i));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.map(LocalDate::toString).orElse(null));
        body.put("figures", figures);
        return Endpoint.Response.ok(JsonText.of(body));
    }

    private static Map<String, Object> dayAndRows(Optional<LocalDate> day, List<Map<String, Object>> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.map(LocalDate::toString).orElse(null));
        body.put("rows", rows);
        return body;
    }

    private static Map<String, Object> row(List<String> names, List<Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), values.get(i));
        }
        return row;
    }

    /** The first of {@code tables} that does not exist yet (or {@code lake} when there is no lake). */
    private Optional<String> missing(String... tables) {
        if (lake.isEmpty()) {
            return Optional.of("lake");
        }
        for (String table : tables) {
            if (!lake.get().exists(table)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    private static Endpoint.Response missingResponse(String table) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("missing", table);
        body.put("message", table.equals("lake") ? "no lake: start the dashboard with a data dir"
                : "no data yet: load or ingest clickstream events and run the pipeline (e.g. urbanflow demo --domain clickstream) to build " + table);
        return Endpoint.Response.ok(JsonText.of(body));
    }

    private QueryResult query(String sql) {
        return lake.orElseThrow().internalQuery(sql);
    }

    private Optional<LocalDate> latestDay() {
        return latestDay(ClickstreamTables.MART_SESSIONS, utcDay("session_start"));
    }

    private Optional<LocalDate> latestDay(String table, String dayExpression) {
        Object day = query("SELECT max(" + dayExpression + ") FROM " + table).rows().get(0).get(0);
        return Optional.ofNullable((LocalDate) day);
    }

    /** The {@code day} parameter, or the default. */
    private static Optional<LocalDate> day(Endpoint.Request request, Optional<LocalDate> otherwise) {
        Optional<String> text = request.query("day").filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            return Optional.of(LocalDate.parse(text.get().trim()));
        } catch (DateTimeParseException e) {
            throw new UrbanFlowException("Cannot read day '" + text.get() + "': expected a date such as 2022-11-28");
        }
    }

    private static int limit(Endpoint.Request request, int otherwise) {
        Optional<String> text = request.query("limit").filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            int limit = Integer.parseInt(text.get().trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UrbanFlowException("Cannot read limit '" + text.get() + "': expected a whole number from 1 to " + MAX_LIMIT);
    }

    private static String utcDay(String column) {
        return "CAST(timezone('UTC', " + column + ") AS DATE)";
    }

    private static String dayOf(String column, LocalDate day) {
        return utcDay(column) + " = DATE '" + day + "'";
    }

    private static Number number(Object value) {
        return value == null ? 0 : (Number) value;
    }
}
