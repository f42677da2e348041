package io.urbanflow.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.QueryResult;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import io.urbanflow.mobility.live.LiveTotals;
import io.urbanflow.mobility.live.LiveUpdate;
import io.urbanflow.web.DashboardConfig;
import io.urbanflow.domain.LakeAccess;
import java.io.IOException;
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
 * The JSON endpoints behind the pages. Each answers {@code {"error": "..."}} with status 400 for a request it
 * cannot serve, and {@code {"missing": TABLE, "message": "no data yet: run ..."}} with status 200 when the table it
 * reads does not exist yet (so a page shows a hint, not a browser error). Thread-safe.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLE_PREVIEW_ROWS = 500;
    private static final int REPLAY_MAX_ROWS = 500_000;
    private static final int REPLAY_MAX_MINUTES = 120;
    static final String TRAFFIC = "mart.traffic_10min";
    static final String CELL_TRAFFIC = "mart.cell_traffic_10min";
    static final String RAW_POINTS = "raw.gps_points";
    static final String RAW_REJECTED = "raw.gps_points_rejected";
    /** Tables the Traffic page lists, in its order. */
    static final List<String> ANALYTICS_TABLES = List.of("mart.trips", "mart.stops", "mart.od_matrix", "mart.clusters", "mart.cell_speed_hourly");

    private final DashboardConfig config;
    private final LakeAccess lake;
    private final LiveAggregator aggregator;
    private final LiveConsumer consumer;
    private final LiveBroadcaster broadcaster;
    private final IngestLag ingestLag;
    private final Hexagons hexagons;
    private final Clock clock;
    private final Instant startedAt;

    public Api(DashboardConfig config, LakeAccess lake, LiveAggregator aggregator, LiveConsumer consumer,
               LiveBroadcaster broadcaster, IngestLag ingestLag, Hexagons hexagons, Clock clock) {
        this.config = config;
        this.lake = lake;
        this.aggregator = aggregator;
        this.consumer = consumer;
        this.broadcaster = broadcaster;
        this.ingestLag = ingestLag;
        this.hexagons = hexagons;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** {@code GET /api/config}: what the pages need to start. */
    public void config(Context context) {
        City city = config.city();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("city", city.key());
        body.put("zone", city.zone().getId());
        body.put("center", List.of(city.bounds().centerLatitude(), city.bounds().centerLongitude()));
        body.put("bounds", List.of(List.of(city.bounds().south(), city.bounds().west()), List.of(city.bounds().north(), city.bounds().east())));
        body.put("tiles", config.tilesUrl());
        body.put("recentMinutes", aggregator.options().recent().toMinutes());
        body.put("resolution", aggregator.options().resolution());
        body.put("updateIntervalMillis", config.updateInterval().toMillis());
        body.put("live", consumer != null);
        body.put("lake", lake != null);
        body.put("sqlMaxRows", config.sqlMaxRows());
        body.put("sqlTimeoutSeconds", config.sqlTimeout().toSeconds());
        json(context, body);
    }

    /** {@code GET /api/tables}: every lake table with rows, files, bytes, snapshots and last commit. */
    public void tables(Context context) {
        if (noLake(context)) {
            return;
        }
        List<Object> tables = new ArrayList<>();
        for (LakeAccess.TableSummary table : lake.tables()) {
            tables.add(summary(table));
        }
        json(context, Map.of("tables", tables));
    }

    /** {@code GET /api/tables/{name}}: one table's schema, partitioning and snapshots. */
    public void table(Context context) {
        if (noLake(context)) {
            return;
        }
        String name = context.pathParam("name");
        Optional<LakeAccess.TableDetail> detail = lake.table(name);
        if (detail.isEmpty()) {
            missing(context, name);
            return;
        }
        Map<String, Object> body = summary(detail.get().summary());
        List<Object> columns = new ArrayList<>();
        for (LakeAccess.Column column : detail.get().columns()) {
            columns.add(ordered("id", column.id(), "name", column.name(), "type", column.type(), "required", column.required()));
        }
        List<Object> snapshots = new ArrayList<>();
        for (LakeAccess.Snapshot snapshot : detail.get().snapshots()) {
            snapshots.add(ordered("id", String.valueOf(snapshot.id()), "parentId", snapshot.parentId() == null ? null : String.valueOf(snapshot.parentId()),
                    "committedAt", snapshot.committedAt(), "operation", snapshot.operation(),
                    "addedRows", snapshot.addedRows(), "totalRows", snapshot.totalRows()));
        }
        body.put("columns", columns);
        body.put("partitioning", detail.get().partitioning());
        body.put("snapshotList", snapshots);
        json(context, body);
    }

    /** {@code POST /api/sql} with {@code {"sql": "..."}}: read-only SQL, cut at the row limit. */
    public void sql(Context context) {
        if (lake == null) {
            error(context, "Cannot run query: the dashboard has no lake");
            return;
        }
        String sql;
        try {
            JsonNode body = JSON.readTree(context.body());
            sql = body == null || body.get("sql") == null ? null : body.get("sql").asText();
        } catch (IOException e) {
            error(context, "Cannot run query: the body is not JSON such as {\"sql\": \"SELECT 1\"}");
            return;
        }
        if (sql == null || sql.isBlank()) {
            error(context, "Cannot run query: the body has no \"sql\"");
            return;
        }
        long started = System.nanoTime();
        QueryResult result;
        try {
            result = lake.query(sql);
        } catch (UrbanFlowException e) {
            error(context, e.getMessage());
            return;
        }
        StringBuilder out = new StringBuilder();
        boolean truncated = result.truncated() || result.rowCount() > config.sqlMaxRows();
        out.append("{\"columns\":");
        Json.value(out, result.columns());
        out.append(",\"types\":");
        Json.value(out, result.types());
        out.append(",\"rows\":[");
        int rows = Math.min(result.rowCount(), config.sqlMaxRows());
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.value(out, result.rows().get(i));
        }
        out.append("],\"truncated\":").append(truncated);
        if (truncated) {
            out.append(",\"warning\":");
            Json.string(out, "Result cut at " + rows + " rows (web.sql-max-rows): add a LIMIT or aggregate");
        }
        out.append(",\"elapsedMillis\":").append((System.nanoTime() - started) / 1_000_000).append('}');
        raw(context, out.toString());
    }

    /** {@code GET /api/live}: the live view now, as the WebSocket's snapshot message. */
    public void live(Context context) {
        raw(context, broadcaster.snapshotJson());
    }

    /** {@code GET /api/live/intervals}: the live twin of mart.cell_traffic_10min, closed intervals only unless {@code all=true}. */
    public void liveIntervals(Context context) {
        boolean all = "true".equals(context.queryParam("all"));
        StringBuilder out = new StringBuilder("{\"columns\":[\"interval_start\",\"cell\",\"points\",\"vehicles\",\"mean_speed_kmh\",\"speed_samples\",\"closed\"],\"rows\":[");
        boolean first = true;
        for (var row : all ? aggregator.intervalFigures() : aggregator.closedIntervalFigures()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("[\"").append(row.intervalStart()).append("\",\"").append(Hexagons.hex(row.cell())).append("\",")
                    .append(row.points()).append(',').append(row.vehicles()).append(',');
            Json.number(out, row.meanSpeedKmh()).append(',').append(row.speedSamples()).append(',').append(row.closed()).append(']');
        }
        raw(context, out.append("]}").toString());
    }

    /** {@code GET /api/hexagons?cells=a,b}: outlines by cell id. */
    public void hexagons(Context context) {
        String cells = context.queryParam("cells");
        if (cells == null || cells.isBlank()) {
            error(context, "Cannot draw hexagons: give cells=ID,ID,... (H3 hex ids)");
            return;
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
                error(context, e.getMessage());
                return;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(Hexagons.hex(cell)).append("\":").append(hexagons.boundaryJson(cell));
        }
        raw(context, out.append('}').toString());
    }

    /** {@code GET /api/health}: ingest, lag, rejects, last commit and the live view's figures. */
    public void health(Context context) {
        json(context, healthBody());
    }

    Map<String, Object> healthBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("time", clock.instant());
        body.put("uptimeSeconds", Duration.between(startedAt, clock.instant()).toSeconds());
        LiveTotals totals = aggregator.totals();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("points", totals.points());
        live.put("rejected", totals.rejected());
        live.put("duplicates", totals.duplicates());
        live.put("outliers", totals.outliers());
        live.put("pointsPerSecond", Math.round(broadcaster.pointsPerSecond() * 10) / 10.0);
        live.put("vehicles", totals.vehicles());
        live.put("cells", totals.cells());
        live.put("dataTime", totals.watermarkMicros() == 0 ? null : Instant.ofEpochMilli(totals.watermarkMicros() / 1_000));
        live.put("clients", broadcaster.clients());
        live.put("skippedUpdates", broadcaster.skippedUpdates());
        body.put("live", live);
        Map<String, Object> kafka = new LinkedHashMap<>();
        if (consumer != null) {
            LiveConsumer.Status status = consumer.status();
            kafka.put("bootstrapServers", consumer.bootstrapServers());
            kafka.put("topic", consumer.topic());
            kafka.put("connected", status.connected());
            kafka.put("liveLag", partitions(status.lag()));
            kafka.put("lastError", status.lastError());
            Map<Integer, Long> lag = ingestLag == null ? null : ingestLag.lag();
            kafka.put("ingestGroup", ingestLag == null ? null : ingestLag.group());
            kafka.put("ingestLag", lag == null ? null : partitions(lag));
        } else {
            kafka.put("connected", false);
            kafka.put("lastError", "no broker configured");
        }
        body.put("kafka", kafka);
        Map<String, Object> lakeFigures = new LinkedHashMap<>();
        if (lake != null) {
            try {
                Optional<LakeAccess.TableDetail> points = lake.table(RAW_POINTS);
                lakeFigures.put("rows", points.map(detail -> detail.summary().rows()).orElse(0L));
                lakeFigures.put("lastCommit", points.map(detail -> detail.summary().lastCommit()).orElse(null));
                lakeFigures.put("rowsPerSecond", points.map(this::ingestRate).orElse(0.0));
                lakeFigures.put("commits", points.map(this::recentCommits).orElse(List.of()));
                lakeFigures.put("rejected", lake.table(RAW_REJECTED).map(detail -> detail.summary().rows()).orElse(0L));
                lakeFigures.put("tables", lake.tables().size());
            } catch (RuntimeException e) {
                lakeFigures.put("error", e.getMessage());
            }
        }
        body.put("lake", lakeFigures);
        return body;
    }

    /** {@code GET /metrics}: Prometheus text format. */
    public void metrics(Context context) {
        Map<String, Object> health = healthBody();
        StringBuilder out = new StringBuilder(2048);
        LiveTotals totals = aggregator.totals();
        Metrics.counter(out, "urbanflow_live_points_total", "Points the live view has read from Kafka.", totals.points());
        Metrics.counter(out, "urbanflow_live_rejected_total", "Messages the live view could not decode.", totals.rejected());
        Metrics.counter(out, "urbanflow_live_duplicates_total", "Points dropped for repeating their vehicle's previous instant.", totals.duplicates());
        Metrics.counter(out, "urbanflow_live_outliers_total", "Points left out for lying outside the city or implying an impossible speed.", totals.outliers());
        Metrics.gauge(out, "urbanflow_live_points_per_second", "Points per second read by the live view (last 2 s).", broadcaster.pointsPerSecond());
        Metrics.gauge(out, "urbanflow_live_vehicles", "Vehicles seen within the recent minutes.", totals.vehicles());
        Metrics.gauge(out, "urbanflow_live_cells", "H3 cells with recent points.", totals.cells());
        Metrics.gauge(out, "urbanflow_live_data_time_seconds", "The data's clock: latest point time seen.", totals.watermarkMicros() / 1e6);
        Metrics.gauge(out, "urbanflow_websocket_clients", "Browsers connected to /live.", broadcaster.clients());
        Metrics.counter(out, "urbanflow_websocket_skipped_updates_total", "Updates held back from browsers still writing earlier ones.", broadcaster.skippedUpdates());
        if (consumer != null) {
            Metrics.labelled(out, "urbanflow_live_consumer_lag", "Records the live view has yet to read, per partition.", "partition", consumer.status().lag());
            Map<Integer, Long> lag = ingestLag == null ? null : ingestLag.lag();
            if (lag != null) {
                Metrics.labelled(out, "urbanflow_ingest_consumer_lag", "Records the ingest group has yet to commit, per partition.", "partition", lag);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> lakeFigures = (Map<String, Object>) health.get("lake");
        if (lakeFigures.get("rows") != null) {
            Metrics.gauge(out, "urbanflow_lake_raw_rows", "Rows in raw.gps_points.", ((Number) lakeFigures.get("rows")).doubleValue());
            Metrics.gauge(out, "urbanflow_lake_rejected_rows", "Rows in raw.gps_points_rejected.", ((Number) lakeFigures.get("rejected")).doubleValue());
            Metrics.gauge(out, "urbanflow_lake_ingest_rows_per_second", "Rows committed to raw.gps_points per second over the last minute.",
                    ((Number) lakeFigures.get("rowsPerSecond")).doubleValue());
            Instant last = (Instant) lakeFigures.get("lastCommit");
            if (last != null) {
                Metrics.gauge(out, "urbanflow_lake_last_commit_seconds", "Time of the last commit to raw.gps_points.", last.toEpochMilli() / 1e3);
            }
        }
        context.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
    }

    /** {@code GET /api/traffic/series}: the 10-minute series and the daily profile. */
    public void trafficSeries(Context context) {
        if (noLake(context) || missingTable(context, TRAFFIC)) {
            return;
        }
        LakeAccess.TableDetail traffic = lake.table(TRAFFIC).orElseThrow();
        String interval = Columns.pick(traffic.columns(), "interval_10min", "interval", "start");
        String points = Columns.pick(traffic.columns(), "total_points", "points");
        String vehicles = Columns.pick(traffic.columns(), "unique_taxis", "vehicles", "taxis");
        QueryResult series = lake.internalQuery("SELECT " + interval + ", " + points + ", " + vehicles + " FROM " + TRAFFIC
                + " ORDER BY 1 LIMIT 20000");
        Map<String, Double> speeds = meanSpeedByInterval();
        ZoneId zone = config.city().zone();
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
        json(context, body);
    }

    /** {@code GET /api/traffic/heatmap?hour=H}: per cell, points and mean speed at that hour of the local day. */
    public void heatmap(Context context) {
        if (noLake(context) || missingTable(context, CELL_TRAFFIC)) {
            return;
        }
        int hour;
        try {
            hour = Integer.parseInt(context.queryParamAsClass("hour", String.class).getOrDefault("8"));
        } catch (NumberFormatException e) {
            error(context, "Cannot draw heat map: hour must be 0..23");
            return;
        }
        if (hour < 0 || hour > 23) {
            error(context, "Cannot draw heat map: hour must be 0..23");
            return;
        }
        CellColumns columns = cellColumns();
        String local = columns.localTime(config.city().zone());
        QueryResult result = lake.internalQuery("SELECT " + columns.cell + ", sum(" + columns.points + ") AS points, "
                + columns.weightedSpeed() + " AS mean_speed_kmh, count(DISTINCT CAST(" + local + " AS DATE)) AS days FROM "
                + CELL_TRAFFIC + " WHERE hour(" + local + ") = " + hour + " GROUP BY 1 ORDER BY 2 DESC LIMIT 20000");
        List<Object> hours = new ArrayList<>();
        QueryResult byHour = lake.internalQuery("SELECT hour(" + local + ") AS h, sum(" + columns.points + ") FROM " + CELL_TRAFFIC + " GROUP BY 1 ORDER BY 1");
        for (List<Object> row : byHour.rows()) {
            hours.add(List.of(row.get(0), row.get(1)));
        }
        StringBuilder out = new StringBuilder("{\"hour\":").append(hour).append(",\"hours\":");
        Json.value(out, hours);
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
            Json.value(out, row.get(1)).append(',');
            Json.rounded(out, row.get(2) == null ? Double.NaN : number(row.get(2)), 1).append(',');
            Json.value(out, row.get(3)).append(']');
            boundaries.append('"').append(Hexagons.hex(cell)).append("\":").append(hexagons.boundaryJson(cell));
        }
        out.append("],\"boundaries\":").append(boundaries).append("}}");
        raw(context, out.toString());
    }

    /** {@code GET /api/traffic/tables}: the first rows of each analytics table (trips, stops, OD, clusters...). */
    public void analyticsTables(Context context) {
        if (noLake(context)) {
            return;
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
                Json.string(out, hint(name));
            } else {
                QueryResult rows = lake.internalQuery("SELECT * FROM " + name + " LIMIT " + TABLE_PREVIEW_ROWS);
                out.append(",\"totalRows\":").append(detail.get().summary().rows()).append(",\"columns\":");
                Json.value(out, rows.columns());
                out.append(",\"rows\":");
                Json.value(out, rows.rows());
            }
            out.append('}');
        }
        raw(context, out.append("]}").toString());
    }

    /** {@code GET /api/replay/range}: the first and last point time in raw.gps_points, for the time slider. */
    public void replayRange(Context context) {
        if (noLake(context) || missingTable(context, RAW_POINTS)) {
            return;
        }
        QueryResult range = lake.internalQuery("SELECT min(ts), max(ts), count(*) FROM " + RAW_POINTS);
        List<Object> row = range.rows().get(0);
        if (row.get(0) == null) {
            missing(context, RAW_POINTS);
            return;
        }
        json(context, ordered("from", instant(row.get(0), config.city().zone()), "to", instant(row.get(1), config.city().zone()),
                "points", row.get(2), "zone", config.city().zone().getId()));
    }

    /**
     * {@code GET /api/replay?at=ISO&minutes=N}: the map as it was at a past instant, from raw.gps_points: the points
     * of the N minutes before {@code at} go through the same aggregation as the live view.
     */
    public void replay(Context context) {
        if (noLake(context) || missingTable(context, RAW_POINTS)) {
            return;
        }
        Instant at;
        int minutes;
        try {
            at = Instant.parse(context.queryParam("at"));
            minutes = Integer.parseInt(context.queryParamAsClass("minutes", String.class).getOrDefault(String.valueOf(aggregator.options().recent().toMinutes())));
        } catch (DateTimeParseException | NullPointerException | NumberFormatException e) {
            error(context, "Cannot replay: give at=INSTANT (2014-02-01T08:00:00Z) and minutes=N");
            return;
        }
        if (minutes < 1 || minutes > REPLAY_MAX_MINUTES) {
            error(context, "Cannot replay: minutes must be 1.." + REPLAY_MAX_MINUTES);
            return;
        }
        Instant from = at.minus(Duration.ofMinutes(minutes));
        QueryResult points = lake.internalQuery("SELECT vehicle_id, epoch_us(ts), lat, lon FROM " + RAW_POINTS
                + " WHERE ts >= '" + from + "'::TIMESTAMPTZ AND ts < '" + at + "'::TIMESTAMPTZ ORDER BY ts LIMIT " + REPLAY_MAX_ROWS);
        LiveOptions options = aggregator.options().withRecent(Duration.ofMinutes(minutes)).withUpdateLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);
        // The replay's clock is the requested instant, so "recent" means the N minutes before it.
        LiveAggregator replay = new LiveAggregator(options, Clock.fixed(at, config.city().zone()));
        for (List<Object> row : points.rows()) {
            replay.accept(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue(), number(row.get(2)), number(row.get(3)));
        }
        LiveUpdate snapshot = replay.snapshot();
        StringBuilder out = LiveJson.body(snapshot, "replay", 0, 0, null);
        LiveJson.appendBoundaries(out, snapshot, null, hexagons);
        out.append(",\"at\":\"").append(at).append("\",\"minutes\":").append(minutes)
                .append(",\"truncated\":").append(points.rowCount() >= REPLAY_MAX_ROWS).append('}');
        raw(context, out.toString());
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
                speeds.put(instant(row.get(0), config.city().zone()).toString(), number(row.get(1)));
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

    private Map<String, Object> summary(LakeAccess.TableSummary table) {
        return ordered("name", table.name(), "rows", table.rows(), "files", table.files(), "bytes", table.bytes(),
                "snapshots", table.snapshots(), "lastCommit", table.lastCommit());
    }

    private double ingestRate(LakeAccess.TableDetail detail) {
        Instant since = clock.instant().minusSeconds(60);
        long added = 0;
        for (LakeAccess.Snapshot snapshot : detail.snapshots()) {
            if (snapshot.committedAt().isAfter(since)) {
                added += snapshot.addedRows();
            }
        }
        return Math.round(added / 60.0 * 10) / 10.0;
    }

    private List<Object> recentCommits(LakeAccess.TableDetail detail) {
        List<Object> commits = new ArrayList<>();
        for (LakeAccess.Snapshot snapshot : detail.snapshots()) {
            if (commits.size() >= 60) {
                break;
            }
            commits.add(List.of(snapshot.committedAt().toString(), snapshot.addedRows()));
        }
        return commits;
    }

    private static Map<String, Object> partitions(Map<Integer, Long> lag) {
        Map<String, Object> byPartition = new TreeMap<>();
        lag.forEach((partition, value) -> byPartition.put(String.valueOf(partition), value));
        return byPartition;
    }

    private boolean noLake(Context context) {
        if (lake == null) {
            json(context, ordered("missing", "lake", "message", "no lake: start the dashboard with a data dir (urbanflow serve --data-dir DIR)"));
            return true;
        }
        return false;
    }

    private boolean missingTable(Context context, String table) {
        if (!lake.exists(table)) {
            missing(context, table);
            return true;
        }
        return false;
    }

    private static void missing(Context context, String table) {
        json(context, ordered("missing", table, "message", hint(table)));
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

    static void json(Context context, Object body) {
        raw(context, Json.value(new StringBuilder(), body).toString());
    }

    static void raw(Context context, String json) {
        context.contentType("application/json; charset=utf-8").result(json);
    }

    static void error(Context context, String message) {
        context.status(400);
        json(context, Map.of("error", message));
    }
}
