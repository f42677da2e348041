package io.urbanflow.mobility.web.internal;

import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.JsonText;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.forecast.ForecastTables;
import io.urbanflow.mobility.forecast.Horizons;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.QueryResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON endpoints of the Forecast page and the live map's forecast layer, read from {@code mart.forecast_accuracy},
 * {@code mart.forecast_10min} and {@code mart.forecast_models}. A missing table answers {@code {"missing": TABLE,
 * "message": "no forecasts yet: run ..."}} with status 200. Thread-safe.
 */
public final class ForecastApi {
    private static final String ACCURACY = ForecastTables.MART_FORECAST_ACCURACY;
    private static final String FORECASTS = ForecastTables.MART_FORECAST_10MIN;
    private static final String MODELS = ForecastTables.MART_FORECAST_MODELS;
    private static final int MAX_CELLS = 5_000;

    private final LakeAccess lake;
    private final Hexagons hexagons;

    public ForecastApi(LakeAccess lake, Hexagons hexagons) {
        this.lake = lake;
        this.hexagons = hexagons;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("forecast/accuracy", this::accuracy),
                new Endpoint("forecast/models", this::models),
                new Endpoint("forecast/series", this::series),
                new Endpoint("forecast/map", this::map));
    }

    /** {@code GET /api/forecast/accuracy}: the newest backtest run, one row per model, horizon and scope. */
    Endpoint.Response accuracy(Endpoint.Request request) {
        Endpoint.Response absent = absent(ACCURACY, "urbanflow forecast backtest");
        if (absent != null) {
            return absent;
        }
        QueryResult rows = lake.internalQuery("SELECT run_id, CAST(evaluated_at AS VARCHAR), target, level, model, horizon_steps, horizon, scope,"
                + " mae, rmse, wape, mase, series, values_counted, CAST(test_from AS VARCHAR), CAST(test_to AS VARCHAR), origins, model_id FROM " + ACCURACY
                + " WHERE run_id = (SELECT run_id FROM " + ACCURACY + " ORDER BY evaluated_at DESC, run_id LIMIT 1) ORDER BY horizon_steps, scope DESC, model");
        if (rows.rows().isEmpty()) {
            return missing(ACCURACY, "urbanflow forecast backtest");
        }
        List<Object> first = rows.rows().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", first.get(0));
        body.put("evaluatedAt", first.get(1));
        body.put("target", first.get(2));
        body.put("level", first.get(3));
        body.put("testFrom", first.get(14));
        body.put("testTo", first.get(15));
        body.put("origins", first.get(16));
        body.put("modelId", first.get(17));
        body.put("columns", List.of("model", "horizon_steps", "horizon", "scope", "mae", "rmse", "wape", "mase", "series", "values"));
        List<Object> table = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
            table.add(List.of(row.get(4), row.get(5), row.get(6), row.get(7), rounded(row.get(8)), rounded(row.get(9)), rounded(row.get(10)),
                    rounded(row.get(11)), row.get(12), row.get(13)));
        }
        body.put("rows", table);
        return json(body);
    }

    /** {@code GET /api/forecast/models}: the registry's newest models, one row per horizon, without the model bytes. */
    Endpoint.Response models(Endpoint.Request request) {
        Endpoint.Response absent = absent(MODELS, "urbanflow forecast train");
        if (absent != null) {
            return absent;
        }
        QueryResult rows = lake.internalQuery("SELECT model_id, CAST(trained_at AS VARCHAR) AS trained_at, target, level, horizon_steps,"
                + " CAST(train_from AS VARCHAR) AS train_from, CAST(train_to AS VARCHAR) AS train_to, trees, train_rows, round(validation_wape, 4) AS validation_wape,"
                + " round(backtest_wape, 4) AS backtest_wape, round(train_seconds, 1) AS train_seconds FROM " + MODELS
                + " ORDER BY trained_at DESC, model_id, horizon_steps LIMIT 40");
        return json(Map.of("columns", rows.columns(), "rows", rows.rows()));
    }

    /**
     * {@code GET /api/forecast/series?horizon=N}: per 10 minutes of the newest backtest's last test day (or the newest
     * forecast), the sum over series of predicted, lower, upper and actual at one horizon.
     */
    Endpoint.Response series(Endpoint.Request request) {
        Endpoint.Response absent = absent(FORECASTS, "urbanflow forecast backtest");
        if (absent != null) {
            return absent;
        }
        int horizon = horizon(request, 1);
        QueryResult rows = lake.internalQuery("WITH newest AS (SELECT model_id FROM " + FORECASTS + " WHERE kind = 'backtest'"
                + " ORDER BY created_at DESC LIMIT 1)"
                + " SELECT CAST(interval_10min AS VARCHAR), sum(predicted), sum(lower), sum(upper), sum(actual), count(*) FROM " + FORECASTS
                + " WHERE kind = 'backtest' AND model_id = (SELECT model_id FROM newest) AND horizon_steps = " + horizon + " GROUP BY 1 ORDER BY 1");
        List<Object> intervals = new ArrayList<>();
        List<Object> predicted = new ArrayList<>();
        List<Object> lower = new ArrayList<>();
        List<Object> upper = new ArrayList<>();
        List<Object> actual = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
            intervals.add(instant(row.get(0)));
            predicted.add(rounded(row.get(1)));
            lower.add(rounded(row.get(2)));
            upper.add(rounded(row.get(3)));
            actual.add(rounded(row.get(4)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("horizon", horizon);
        body.put("label", Horizons.label(horizon));
        body.put("intervals", intervals);
        body.put("predicted", predicted);
        body.put("lower", lower);
        body.put("upper", upper);
        body.put("actual", actual);
        return json(body);
    }

    /**
     * {@code GET /api/forecast/map}: per H3 cell, the predicted points 10, 30 and 60 minutes after the newest forecast's
     * origin, with interval and actual (from the forecast row, or from {@code mart.cell_traffic_10min} once it came).
     * Without a live forecast the newest backtest's latest origin stands in.
     */
    Endpoint.Response map(Endpoint.Request request) {
        Endpoint.Response absent = absent(FORECASTS, "urbanflow forecast predict (or backtest)");
        if (absent != null) {
            return absent;
        }
        QueryResult newest = lake.internalQuery("SELECT kind, model_id, CAST(max(origin) AS VARCHAR) FROM " + FORECASTS
                + " WHERE level = 'cell' AND target = 'points' AND horizon_steps = 6 GROUP BY kind, model_id, created_at"
                + " ORDER BY (kind = 'forecast') DESC, created_at DESC LIMIT 1");
        if (newest.rows().isEmpty()) {
            return missing(FORECASTS, "urbanflow forecast predict (or backtest)");
        }
        String kind = String.valueOf(newest.rows().get(0).get(0));
        String modelId = String.valueOf(newest.rows().get(0).get(1));
        String origin = String.valueOf(newest.rows().get(0).get(2));
        String actual = lake.exists(MobilityTables.MART_CELL_TRAFFIC_10MIN)
                ? "coalesce(f.actual, (SELECT sum(c.points) FROM " + MobilityTables.MART_CELL_TRAFFIC_10MIN
                        + " c WHERE c.h3_cell = f.h3_cell AND c.interval_10min = f.interval_10min))"
                : "f.actual";
        QueryResult rows = lake.internalQuery("SELECT f.horizon_steps, f.h3_cell, f.predicted, f.lower, f.upper, " + actual + " AS actual FROM "
                + FORECASTS + " f WHERE f.kind = " + quote(kind) + " AND f.model_id = " + quote(modelId) + " AND f.origin = " + quote(origin)
                + "::TIMESTAMPTZ AND f.horizon_steps IN (1, 3, 6) AND f.level = 'cell' AND f.target = 'points' ORDER BY f.horizon_steps, f.predicted DESC LIMIT " + 3 * MAX_CELLS);
        StringBuilder out = new StringBuilder("{\"kind\":");
        JsonText.string(out, kind).append(",\"modelId\":");
        JsonText.string(out, modelId).append(",\"origin\":");
        JsonText.string(out, instant(origin)).append(",\"horizons\":[1,3,6],\"cells\":{");
        StringBuilder boundaries = new StringBuilder("{");
        java.util.Set<Long> outlined = new java.util.HashSet<>();
        int currentHorizon = -1;
        boolean firstRow = true;
        for (List<Object> row : rows.rows()) {
            int horizon = ((Number) row.get(0)).intValue();
            if (horizon != currentHorizon) {
                out.append(currentHorizon == -1 ? "" : "],").append('"').append(horizon).append("\":[");
                currentHorizon = horizon;
                firstRow = true;
            }
            long cell = ((Number) row.get(1)).longValue();
            out.append(firstRow ? "" : ",").append("[\"").append(Hexagons.hex(cell)).append("\",");
            JsonText.rounded(out, number(row.get(2)), 1).append(',');
            JsonText.rounded(out, number(row.get(3)), 1).append(',');
            JsonText.rounded(out, number(row.get(4)), 1).append(',');
            JsonText.rounded(out, number(row.get(5)), 1).append(']');
            firstRow = false;
            if (outlined.add(cell)) {
                boundaries.append(outlined.size() == 1 ? "" : ",").append('"').append(Hexagons.hex(cell)).append("\":").append(hexagons.boundaryJson(cell));
            }
        }
        out.append(currentHorizon == -1 ? "}" : "]}").append(",\"boundaries\":").append(boundaries).append("}}");
        return Endpoint.Response.ok(out.toString());
    }

    private static int horizon(Endpoint.Request request, int fallback) {
        String text = request.query("horizon").orElse(String.valueOf(fallback));
        try {
            int horizon = Integer.parseInt(text.trim());
            if (Horizons.ALL.contains(horizon)) {
                return horizon;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new UrbanFlowException("Cannot show forecasts: horizon must be one of " + Horizons.ALL + " (steps of 10 minutes)");
    }

    private Endpoint.Response absent(String table, String command) {
        if (lake == null) {
            return json(Map.of("missing", "lake", "message", "no lake: start the dashboard with a data dir (urbanflow serve --data-dir DIR)"));
        }
        return lake.exists(table) ? null : missing(table, command);
    }

    private static Endpoint.Response missing(String table, String command) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("missing", table);
        body.put("message", "no forecasts yet: run " + command + " to fill " + table);
        return json(body);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** DuckDB's text of a TIMESTAMPTZ ({@code 2014-04-27 22:00:00+00}) as an ISO instant. */
    private static String instant(Object value) {
        String text = String.valueOf(value).trim().replace(' ', 'T');
        if (text.endsWith("+00")) {
            text = text.substring(0, text.length() - 3) + "Z";
        }
        try {
            return Instant.parse(text).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static Object rounded(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 10_000) / 10_000.0;
    }

    private static Endpoint.Response json(Object body) {
        return Endpoint.Response.ok(JsonText.value(new StringBuilder(), body).toString());
    }
}
