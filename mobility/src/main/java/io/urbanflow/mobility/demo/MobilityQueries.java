package io.urbanflow.mobility.demo;

import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.MobilityTables;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code urbanflow sql} queries the demo's report suggests for the mobility tables, written against the real
 * tables and columns (the demo runs each once before showing it).
 */
final class MobilityQueries {
    static final int MAX_QUERIES = 5;

    private MobilityQueries() {
    }

    /**
     * Up to {@link #MAX_QUERIES} queries over the tables that have rows, in the order worth trying.
     *
     * @param hasRows whether a table exists and has rows
     * @param zone    the data's local zone, for local times (it must not contain a quote)
     */
    static List<String> candidates(Predicate<String> hasRows, ZoneId zone) {
        List<String> queries = new ArrayList<>();
        if (hasRows.test(MobilityTables.MART_TRAFFIC_10MIN)) {
            queries.add("SELECT strftime(interval_10min AT TIME ZONE '" + zone.getId() + "', '%Y-%m-%d %H:%M') AS local_start,"
                    + " total_points, unique_taxis FROM mart.traffic_10min ORDER BY total_points DESC LIMIT 5");
        }
        if (hasRows.test(MobilityTables.MART_CELL_TRAFFIC_10MIN)) {
            queries.add("SELECT h3_cell_hex, sum(points) AS points, max(vehicles) AS peak_vehicles,"
                    + " round(sum(mean_speed_kmh * speed_samples) / sum(speed_samples), 1) AS mean_speed_kmh"
                    + " FROM mart.cell_traffic_10min GROUP BY h3_cell_hex ORDER BY points DESC LIMIT 5");
        }
        if (hasRows.test(AnalyticsTables.MART_TRIPS)) {
            queries.add("SELECT start_hour, count(*) AS trips, round(avg(distance_m) / 1000, 1) AS mean_km,"
                    + " round(avg(duration_s) / 60, 1) AS mean_minutes FROM mart.trips GROUP BY start_hour ORDER BY trips DESC LIMIT 5");
        }
        if (hasRows.test(AnalyticsTables.MART_STOPS)) {
            queries.add("SELECT cluster_id, count(*) AS stops, round(avg(duration_s) / 60, 1) AS mean_minutes,"
                    + " round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon FROM mart.stops WHERE cluster_id >= 0"
                    + " GROUP BY cluster_id ORDER BY stops DESC LIMIT 5");
        }
        if (hasRows.test(MobilityTables.RAW_GPS_POINTS_REJECTED)) {
            queries.add("SELECT reason, count(*) AS messages FROM raw.gps_points_rejected GROUP BY reason ORDER BY messages DESC LIMIT 5");
        }
        if (hasRows.test(MobilityTables.RAW_GPS_POINTS)) {
            queries.add("SELECT vehicle_id, count(*) AS points, min(ts) AS first_seen, max(ts) AS last_seen"
                    + " FROM raw.gps_points GROUP BY vehicle_id ORDER BY points DESC LIMIT 5");
        }
        return queries.size() > MAX_QUERIES ? List.copyOf(queries.subList(0, MAX_QUERIES)) : List.copyOf(queries);
    }
}
