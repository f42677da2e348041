package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code mart.traffic_10min} in Spark SQL: the same aggregate as {@code Traffic10MinModel}, every raw row counted. */
final class Traffic10MinSpark implements SparkModel {
    @Override
    public String name() {
        return MobilityTables.MART_TRAFFIC_10MIN;
    }

    @Override
    public String description() {
        return "points, taxis, first and last fix and mean position per 10-minute interval, from raw.gps_points";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        MobilityConfig config = MobilityConfig.from(settings);
        return session.sql("SELECT " + MobilitySql.interval("ts", config.zone()) + " AS interval_10min, count(*) AS total_points,"
                + " count(DISTINCT vehicle_id) AS unique_taxis, min(ts) AS earliest, max(ts) AS latest,"
                + " avg(lat) AS avg_lat, avg(lon) AS avg_lon FROM " + MobilityTables.RAW_GPS_POINTS
                + " WHERE ts IS NOT NULL GROUP BY 1");
    }
}
