package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.MapExtent;
import io.urbanflow.mobility.analytics.charts.PlotScope;
import io.urbanflow.mobility.BoundingBox;
import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The charts' view of the lake: which tables exist, and SQL over them on the query engine's trusted DuckDB
 * connection (the SQL is generated here from validated values only, never from user text). Rows that may be
 * many (points) are streamed to a visitor, never materialised. Not thread-safe; close it after the chart.
 */
public final class LakeData implements AutoCloseable {
    public static final String RAW_POINTS = "raw.gps_points";
    public static final String STAGE_POINTS = "stage.gps_points";
    public static final String TRAFFIC_10MIN = "mart.traffic_10min";
    public static final String CLUSTERS = "mart.clusters";
    public static final String STOPS = "mart.stops";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Connection connection;
    private final Set<String> tables;

    public LakeData(DuckDbQueryEngine engine) {
        engine.refreshViews();
        this.tables = new HashSet<>(engine.tables());
        this.connection = engine.trustedConnection();
    }

    public boolean has(String table) {
        return tables.contains(table);
    }

    /** The table's column names (lower case); empty when the table does not exist. */
    public Set<String> columns(String table) {
        Set<String> columns = new HashSet<>();
        if (!has(table)) {
            return columns;
        }
        query("DESCRIBE " + table, row -> columns.add(row.getString(1).toLowerCase(Locale.ROOT)));
        return columns;
    }

    /** Whether the table exists and has all these columns. */
    public boolean hasColumns(String table, String... names) {
        Set<String> present = columns(table);
        for (String name : names) {
            if (!present.contains(name)) {
                return false;
            }
        }
        return !present.isEmpty();
    }

    /**
     * Points per known city (inside its bounds) in the time window of {@code scope}, over {@code table}; the
     * {@code null} key holds the total.
     */
    public Map<City, Long> pointsPerCity(String table, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (City city : City.values()) {
            sql.append(", count(*) FILTER (WHERE ").append(bounds(city.bounds(), "lat", "lon")).append(')');
        }
        sql.append(" FROM ").append(table).append(where(timeWindow("ts", from, to)));
        Map<City, Long> counts = new EnumMap<>(City.class);
        long[] total = new long[1];
        query(sql.toString(), row -> {
            total[0] = row.getLong(1);
            for (City city : City.values()) {
                counts.put(city, row.getLong(2 + city.ordinal()));
            }
        });
        Map<City, Long> withTotal = new java.util.HashMap<>(counts);
        withTotal.put(null, total[0]);
        return withTotal;
    }

    /**
     * The WHERE clause (with its keyword, or empty) selecting the scope's points of a table whose time column is
     * {@code timeColumn} and coordinates {@code lat}/{@code lon}; {@code extra} conditions are ANDed.
     */
    public static String where(PlotScope scope, String timeColumn, String... extra) {
        StringBuilder conditions = new StringBuilder(timeWindow(timeColumn, scope.from(), scope.to()));
        if (scope.city() != null) {
            and(conditions, bounds(scope.city().bounds(), "lat", "lon"));
        }
        if (scope.hour() != null) {
            and(conditions, "hour(" + localTime(timeColumn, scope.zone()) + ") = " + scope.hour());
        }
        for (String condition : extra) {
            and(conditions, condition);
        }
        return where(conditions.toString());
    }

    /** {@code timezone('Europe/Rome', ts)}: the wall-clock TIMESTAMP of a TIMESTAMPTZ column in a zone. */
    public static String localTime(String column, ZoneId zone) {
        return "timezone(" + literal(zone.getId()) + ", " + column + ")";
    }

    public static String timestamp(Instant instant) {
        return "TIMESTAMPTZ " + literal(TIMESTAMP.format(instant) + "+00");
    }

    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    /** Points selected by the where clause, and whether there are any. */
    public long count(String table, String where) {
        long[] count = new long[1];
        query("SELECT count(*) FROM " + table + where, row -> count[0] = row.getLong(1));
        return count[0];
    }

    /** The latest {@code ts} selected by the where clause, or null. */
    public Instant latest(String table, String where) {
        Instant[] latest = new Instant[1];
        query("SELECT epoch_us(max(ts)) FROM " + table + where, row -> {
            long micros = row.getLong(1);
            latest[0] = row.wasNull() ? null : Instant.EPOCH.plusNanos(micros * 1000);
        });
        return latest[0];
    }

    /**
     * The map area of the selected points: from the 0.1th to the 99.9th percentile of each coordinate, so a few
     * stray fixes far away do not shrink the city to a dot, padded by 6%. Null when nothing is selected.
     */
    public MapExtent extent(String table, String where) {
        MapExtent[] extent = new MapExtent[1];
        query("SELECT quantile_cont(lon, 0.001), quantile_cont(lon, 0.999), quantile_cont(lat, 0.001), quantile_cont(lat, 0.999)"
                + " FROM " + table + where, row -> {
                    double west = row.getDouble(1);
                    if (!row.wasNull()) {
                        extent[0] = new MapExtent(west, row.getDouble(2), row.getDouble(3), row.getDouble(4)).padded(0.06);
                    }
                });
        return extent[0];
    }

    /** Runs a query, handing each row to {@code rows}; the result set streams. */
    public void query(String sql, RowVisitor rows) {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.visit(result);
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new UrbanFlowException("Cannot read the lake for the chart: " + message, e);
        }
    }

    /** Receives one row of {@link #query}. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(ResultSet row) throws SQLException;
    }

    static String bounds(BoundingBox box, String latitude, String longitude) {
        return latitude + " BETWEEN " + box.south() + " AND " + box.north() + " AND " + longitude + " BETWEEN " + box.west() + " AND " + box.east();
    }

    private static String timeWindow(String column, Instant from, Instant to) {
        StringBuilder conditions = new StringBuilder();
        if (from != null) {
            and(conditions, column + " >= " + timestamp(from));
        }
        if (to != null) {
            and(conditions, column + " < " + timestamp(to));
        }
        return conditions.toString();
    }

    private static void and(StringBuilder conditions, String condition) {
        if (condition.isEmpty()) {
            return;
        }
        if (conditions.length() > 0) {
            conditions.append(" AND ");
        }
        conditions.append('(').append(condition).append(')');
    }

    private static String where(String conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + conditions;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
