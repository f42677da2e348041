package io.urbanflow.mobility.web.internal;

import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.JsonText;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import io.urbanflow.mobility.live.LiveUpdate;
import io.urbanflow.mobility.web.MapConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON endpoints behind the live map and the Traffic page. Each answers {@code {"error": "..."}} with status 400
 * for a request it cannot serve, and {@code {"missing": TABLE, "message": "no data yet: run ..."}} with status 200 when
 * the table it reads does not exist yet (so a page shows a hint, not a browser error). Thread-safe.
 */
public final class MobilityApi {
    private static final int TABLE_PREVIEW_ROWS = 500;
    private static final int REPLAY_MAX_ROWS = 500_000;
    private static final int REPLAY_MAX_MINUTES = 120;
    static final String TRAFFIC = MobilityTables.MART_TRAFFIC_10MIN;
    static final String CELL_TRAFFIC = MobilityTables.MART_CELL_TRAFFIC_10MIN;
    static final String RAW_POINTS = MobilityTables.RAW_GPS_POINTS;
    /** Tables the Traffic page lists, in its order. */
    static final List<String> ANALYTICS_TABLES = List.of("mart.trips", "mart.stops", "mart.od_matrix", "mart.clusters", "mart.cell_speed_hourly");

    private final MapConfig map;
    private final LakeAccess lake;
    private final LiveAggregator aggregator;
    private final LiveConsumer consumer;
    private final LiveBroadcaster broadcaster;
    private final Hexagons hexagons;
    private final Duration updateInterval;

    public MobilityApi(MapConfig map, LakeAccess lake, LiveAggregator aggregator, LiveConsumer consumer,
                       LiveBroadcaster broadcaster, Hexagons hexagons, Duration updateInterval) {
        this.map = map;
        this.lake = lake;
        this.aggregator = aggregator;
        this.consumer = consumer;
        this.broadcaster = broadcaster;
        this.hexagons = hexagons;
        this.updateInterval = updateInterval;
    }

    /**
     * Every endpoint, by its path under {@code /api/}: those answered from the live view's memory are reads, those that
     * query the lake or compute outlines on demand are queries (refused to other origins).
     */
    public List<Endpoint> endpoints() {
        return List.of(
                Endpoint.read("mobility/config", this::config),
                Endpoint.read("live", this::live),
                Endpoint.read("live/intervals", this::liveIntervals),
                Endpoint.query("hexagons", this::hexagons),
                Endpoint.query("traffic/series", this::trafficSeries),
                Endpoint.query("traffic/heatmap", this::heatmap),
                Endpoint.query("traffic/tables", this::analyticsTables),
                Endpoint.query("replay/range", this::replayRange),
                Endpoint.query("replay", this::replay));
    }

    /** {@code GET /api/mobility/config}: what the map pages need to start. */
    Endpoint.Response config(Endpoint.Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("city", map.city().key());
        body.put("zone", map.city().zone().getId());
        body.put("center", List.of(map.city().bounds().centerLatitude(), map.city().bounds().centerLongitude()));
        body.put("bounds", List.of(List.of(map.city().bounds().south(), map.city().bounds().west()),
                List.of(map.city().bounds().north(), map.city().bounds().east())));
        body.put("tiles", map.tilesUrl());
        body.put("recentMinutes", aggregator.options().recent().toMinutes());
        body.put("resolution", aggregator.options().resolution());
        body.put("updateIntervalMillis", updateInterval.toMillis());
        body.put("live", consumer != null);
        body.put("lake", lake != null);
        return json(body);
    }

    /** {@code GET /api/live}: the live view now, as the WebSocket's snapshot message. */
    Endpoint.Response live(Endpoint.Request request) {
        return raw(broadcaster.snapshotJson());
    }

    /** {@code GET /api/live/intervals}: the live twin of mart.cell_traffic_10min, closed intervals only unless {@code all=true}. */
    Endpoint.Response liveIntervals(Endpoint.Request request) {
        boolean all = "true".equals(request.query("all").orElse(null));
        StringBuilder out = new StringBuilder("{\"columns\":[\"interval_start\",\"cell\",\"points\",\"vehicles\",\"mean_speed_kmh\",\"speed_samples\",\"closed\"],\"rows\":[");
        boolean first = true;
        for (var row : all ? aggregator.intervalFigures() : aggregator.closedIntervalFigures()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("[\"").append(row.intervalStart()).append("\",\"").append(Hexagons.hex(row.cell())).append("\",")
                    .append(row.points()).append(',').append(row.vehicles()).append(',');
            JsonText.number(out, row.meanSpeedKmh()).append(',').append(row.speedSamples()).append(',').append(row.closed()).append(']');
        }
        return raw(out.append("]}").toString());
    }

    /** {@code GET /api/hexagons?cells=a,b}: outlines by cell id. */
    Endpoint.Response hexagons(Endpoint.Request request) {
        String cells = request.query("cells").orElse(null);
        if (cells == null || cells.isBlank()) {
            return error("Cannot draw hexagons: give cells=ID,ID,... (H3 hex ids)");
        }
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (String text : cells.split(",")) {
            if (text.isBlank()) {
                continue;
            }
            long cell;
            try {
                cell = hexagons.parse(text);
            } catch (UrbanFlowException e) {
                return error(e.getMessage());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(Hexagons.hex(cell)).append("\":").append(hexagons.boundaryJson(cell));
        }
        return raw(out.append('}').toString());
    }

    /** {@code GET /api/traffic/series}: the 10-minute series and the daily profile. */
    Endpoint.Response trafficSeries(Endpoint.Request request) {
        Endpoint.Response absent = absent(TRAFFIC);
        if (absent != null) {
            return absent;
        }
        LakeAccess.TableDetail traffic = lake.table(TRAFFIC).orElseThrow();
        String interval = Columns.pick(traffic.columns(), "interval_10min", "interval", "start");
        String points = Columns.pick(traffic.columns(), "total_points", "points");
        String vehicles = Columns.pick(traffic.columns(), "unique_taxis", "vehicles", "taxis");
        QueryResult series = lake.internalQuery("SELECT " + interval + ", " + points + ", " + vehicles + " FROM " + TRAFFIC
                + " ORDER BY 1 LIMIT 20000");
        Map<String, Double> speeds = meanSpeedByInterval();
        ZoneId zone = map.city().zone();
        List<Object> times = new ArrayList<>();
        List<Object> pointValues = new ArrayList<>();
        List<Object> vehicleValues = new ArrayList<>();
        List<Object> speedValues = new ArrayList<>();
        TreeMap<LocalTime, double[]> profile = new TreeMap<>();
        for (List<Object> row : series.rows()) {
            Instant start = instant(row.get(0), zone);
            times.add(start.toString());
            pointValues.add(row.get(1));
            vehicleValues.add(row.get(2));
            Double speed = speeds.get(start.toString());
            speedValues.add(speed == null ? null : Math.round(speed * 10) / 10.0);
            double[] slot = profile.computeIfAbsent(LocalTime.ofInstant(start, zone), key -> new double[5]);
            slot[0] += number(row.get(1));
            slot[1] += number(row.get(2));
            slot[2]++;
            if (speed != null) {
                slot[3] += speed;
                slot[4]++;
            }
        }
        List<Object> profileTimes = new ArrayList<>();
        List<Object> profilePoints = new ArrayList<>();
        List<Object> profileVehicles = new ArrayList<>();
        List<Object> profileSpeeds = new ArrayList<>();
        profile.forEach((time, slot) -> {
            profileTimes.add(time.toString());
            profilePoints.add(Math.round(slot[0] / slot[2] * 10) / 10.0);
            profileVehicles.add(Math.round(slot[1] / slot[2] * 10) / 10.0);
            profileSpeeds.add(slot[4] == 0 ? null : Math.round(slot[3] / slot[4] * 10) / 10.0);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zone", zone.getId());
        body.put("series", ordered("intervals", times, "points", pointValues, "vehicles", vehicleValues, "meanSpeedKmh", speedValues));
        body.put("profile", ordered("times", profileTimes, "points", profilePoints, "vehicles", profileVehicles, "meanSpeedKmh", profileSpeeds));
        return json(body);
    }

    /** {@code GET /api/traffic/heatmap?hour=H}: per cell, points and mean speed at that hour of the local day. */
    Endpoint.Response heatmap(Endpoint.Request request) {
        Endpoint.Response absent = absent(CELL_TRAFFIC);
        if (absent != null) {
            return absent;
        }
        int hour;
        try {
            hour = Integer.parseInt(request.query("hour").orElse("8"));
        } catch (NumberFormatException e) {
            return error("Cannot draw heat map: hour must be 0..23");
        }
        if (hour < 0 || hour > 23) {
            return error("Cannot draw heat map: hour must be 0..23");
        }
        CellColumns columns = cellColumns();
        String local = columns.localTime(map.city().zone());
        QueryResult result = lake.internalQuery("SELECT " + columns.cell + ", sum(" + columns.points + ") AS points, "
                + columns.weightedSpeed() + " AS mean_speed_kmh, count(DISTINCT CAST(" + local + " AS DATE)) AS days FROM "
                + CELL_TRAFFIC + " WHERE hour(" + local + ") = " + hour + " GROUP BY 1 ORDER BY 2 DESC LIMIT 20000");
        List<Object> hours = new ArrayList<>();
        QueryResult byHour = lake.internalQuery("SELECT hour(" + local + ") AS h, sum(" + columns.points + ") FROM " + CELL_TRAFFIC + " GROUP BY 1 ORDER BY 1");
        for (List<Object> row : byHour.rows()) {
            hours.add(List.of(row.get(0), row.get(1)));
        }
        StringBuilder out = new StringBuilder("{\"hour\":").append(hour).append(",\"hours\":");
        JsonText.value(out, hours);
        out.append(",\"cells\":[");
        StringBuilder boundaries = new StringBuilder("{");
        boolean first = true;
        for (List<Object> row : result.rows()) {
            long cell = cellId(row.get(0));
            if (!first) {
                out.append(',');
                boundaries.append(',');
            }
            first = false;
            out.append("[\"").append(Hexagons.hex(cell)).append("\",");
            JsonText.value(out, row.get(1)).append(',');
            JsonText.rounded(out, row.get(2) == null ? Double.NaN : number(row.get(2)), 1).append(',');
            JsonText.value(out, row.get(3)).append(']');
            boundaries.append('"').append(Hexagons.hex(cell)).append("\":").append(hexagons.boundaryJson(cell));
        }
        out.append("],\"boundaries\":").append(boundaries).append("}}");
        return raw(out.toString());
    }

    /** {@code GET /api/traffic/tables}: the first rows of each analytics table (trips, stops, OD, clusters...). */
    Endpoint.Response analyticsTables(Endpoint.Request request) {
        if (lake == null) {
            return noLake();
        }
        StringBuilder out = new StringBuilder("{\"tables\":[");
        boolean first = true;
        for (String name : ANALYTICS_TABLES) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("{\"name\":\"").append(name).append('"');
            Optional<LakeAccess.TableDetail> detail = lake.table(name);
            if (detail.isEmpty()) {
                out.append(",\"missing\":true,\"message\":");
                JsonText.string(out, hint(name));
            } else {
                QueryResult rows = lake.internalQuery("SELECT * FROM " + name + " LIMIT " + TABLE_PREVIEW_ROWS);
                out.append(",\"totalRows\":").append(detail.get().summary().rows()).append(",\"columns\":");
                JsonText.value(out, rows.columns());
                out.append(",\"rows\":");
                JsonText.value(out, rows.rows());
            }
            out.append('}');
        }
        return raw(out.append("]}").toString());
    }

    /** {@code GET /api/replay/range}: the first and last point time in raw.gps_points, for the time slider. */
    Endpoint.Response replayRange(Endpoint.Request request) {
        Endpoint.Response absent = absent(RAW_POINTS);
        if (absent != null) {
            return absent;
        }
        QueryResult range = lake.internalQuery("SELECT min(ts), max(ts), count(*) FROM " + RAW_POINTS);
        List<Object> row = range.rows().get(0);
        if (row.get(0) == null) {
            return missing(RAW_POINTS);
        }
        return json(ordered("from", instant(row.get(0), map.city().zone()), "to", instant(row.get(1), map.city().zone()),
                "points", row.get(2), "zone", map.city().zone().getId()));
    }

    /**
     * {@code GET /api/replay?at=ISO&minutes=N}: the map as it was at a past instant, from raw.gps_points: the points
     * of the N minutes before {@code at} go through the same aggregation as the live view.
     */
    Endpoint.Response replay(Endpoint.Request request) {
        Endpoint.Response absent = absent(RAW_POINTS);
        if (absent != null) {
            return absent;
        }
        Instant at;
        int minutes;
        try {
            at = Instant.parse(request.query("at").orElse(null));
            minutes = Integer.parseInt(request.query("minutes").orElse(String.valueOf(aggregator.options().recent().toMinutes())));
        } catch (DateTimeParseException | NullPointerException | NumberFormatException e) {
            return error("Cannot replay: give at=INSTANT (2014-02-01T08:00:00Z) and minutes=N");
        }
        if (minutes < 1 || minutes > REPLAY_MAX_MINUTES) {
            return error("Cannot replay: minutes must be 1.." + REPLAY_MAX_MINUTES);
        }
        Instant from = at.minus(Duration.ofMinutes(minutes));
        QueryResult points = lake.internalQuery("SELECT vehicle_id, epoch_us(ts), lat, lon FROM " + RAW_POINTS
                + " WHERE ts >= '" + from + "'::TIMESTAMPTZ AND ts < '" + at + "'::TIMESTAMPTZ ORDER BY ts LIMIT " + REPLAY_MAX_ROWS);
        LiveOptions options = aggregator.options().withRecent(Duration.ofMinutes(minutes)).withUpdateLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        // The replay's clock is the requested instant, so "recent" means the N minutes before it.
        LiveAggregator replay = new LiveAggregator(options, Clock.fixed(at, map.city().zone()));
        for (List<Object> row : points.rows()) {
            replay.accept(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue(), number(row.get(2)), number(row.get(3)));
        }
        LiveUpdate snapshot = replay.snapshot();
        StringBuilder out = LiveJson.body(snapshot, "replay", 0, 0, null);
        LiveJson.appendBoundaries(out, snapshot, null, hexagons);
        out.append(",\"at\":\"").append(at).append("\",\"minutes\":").append(minutes)
                .append(",\"truncated\":").append(points.rowCount() >= REPLAY_MAX_ROWS).append('}');
        return raw(out.toString());
    }

    // ----------------------------------------------------------------------------------------------------------

    private Map<String, Double> meanSpeedByInterval() {
        Map<String, Double> speeds = new HashMap<>();
        if (!lake.exists(CELL_TRAFFIC)) {
            return speeds;
        }
        CellColumns columns = cellColumns();
        if (columns.speed == null) {
            return speeds;
        }
        QueryResult result = lake.internalQuery("SELECT " + columns.interval + ", " + columns.weightedSpeed() + " FROM " + CELL_TRAFFIC
                + " GROUP BY 1 ORDER BY 1 LIMIT 20000");
        for (List<Object> row : result.rows()) {
            if (row.get(1) != null) {
                speeds.put(instant(row.get(0), map.city().zone()).toString(), number(row.get(1)));
            }
        }
        return speeds;
    }

    /** The columns of mart.cell_traffic_10min, found by name so small naming differences do not break the page. */
    private CellColumns cellColumns() {
        LakeAccess.TableDetail detail = lake.table(CELL_TRAFFIC).orElseThrow();
        String interval = Columns.pick(detail.columns(), "interval_10min", "interval", "start");
        String intervalType = Columns.type(detail.columns(), interval);
        return new CellColumns(interval, intervalType,
                Columns.pick(detail.columns(), "h3_cell", "cell"),
                Columns.pick(detail.columns(), "points", "total_points"),
                Columns.pickOrNull(detail.columns(), "mean_speed_kmh", "avg_speed_kmh", "speed"),
                Columns.pickOrNull(detail.columns(), "speed_samples", "speed_count", "speeds"));
    }

    private record CellColumns(String interval, String intervalType, String cell, String points, String speed, String samples) {
        String weightedSpeed() {
            if (speed == null) {
                return "NULL";
            }
            String weight = samples != null ? samples : points;
            return "sum(" + speed + " * " + weight + ") FILTER (WHERE " + speed + " IS NOT NULL) / nullif(sum(" + weight
                    + ") FILTER (WHERE " + speed + " IS NOT NULL), 0)";
        }

        String localTime(ZoneId zone) {
            return intervalType.toLowerCase(Locale.ROOT).contains("tz")
                    ? "(" + interval + " AT TIME ZONE '" + zone.getId() + "')" : interval;
        }
    }

    private Endpoint.Response noLake() {
        return json(ordered("missing", "lake", "message", "no lake: start the dashboard with a data dir (urbanflow serve --data-dir DIR)"));
    }

    /** The answer when there is no lake or no such table yet, else null. */
    private Endpoint.Response absent(String table) {
        if (lake == null) {
            return noLake();
        }
        return lake.exists(table) ? null : missing(table);
    }

    private static Endpoint.Response missing(String table) {
        return json(ordered("missing", table, "message", hint(table)));
    }

    /** What to run so that {@code table} exists. */
    static String hint(String table) {
        if (table.startsWith("raw.")) {
            return "no data yet: run urbanflow ingest (or urbanflow demo) to fill " + table;
        }
        if (table.equals(TRAFFIC) || table.equals(CELL_TRAFFIC)) {
            return "no data yet: run urbanflow aggregate to build " + table;
        }
        return "no data yet: run urbanflow analyze to build " + table;
    }

    private long cellId(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        return hexagons.parse(String.valueOf(value));
    }

    private static Instant instant(Object value, ZoneId zone) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDateTime local) {
            return local.atZone(zone).toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return Instant.parse(String.valueOf(value));
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Endpoint.Response json(Object body) {
        return raw(JsonText.value(new StringBuilder(), body).toString());
    }

    static Endpoint.Response raw(String json) {
        return Endpoint.Response.ok(json);
    }

    static Endpoint.Response error(String message) {
        return new Endpoint.Response(400, JsonText.value(new StringBuilder(), Map.of("error", message)).toString());
    }
}
