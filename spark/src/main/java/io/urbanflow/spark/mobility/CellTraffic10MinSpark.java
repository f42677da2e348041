package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code mart.cell_traffic_10min} in Spark SQL: per stage cell and 10-minute interval, from the non-outlier stage
 * points, speeds above {@code stage.max-speed-kmh} left out of the mean, as {@code CellTraffic10MinModel}.
 */
final class CellTraffic10MinSpark implements SparkModel {
    @Override
    public String name() {
        return MobilityTables.MART_CELL_TRAFFIC_10MIN;
    }

    @Override
    public String description() {
        return "points, vehicles and mean speed per H3 cell and 10-minute interval, from stage.gps_points";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        MobilityConfig config = MobilityConfig.from(settings);
        String plausible = "speed_kmh <= " + config.maxSpeedKmh();
        return session.sql("SELECT " + MobilitySql.interval("ts", config.zone()) + " AS interval_10min, h3_cell,"
                + " lower(hex(h3_cell)) AS h3_cell_hex, count(*) AS points, count(DISTINCT vehicle_id) AS vehicles,"
                + " avg(speed_kmh) FILTER (WHERE " + plausible + ") AS mean_speed_kmh,"
                + " count(speed_kmh) FILTER (WHERE " + plausible + ") AS speed_samples"
                + " FROM " + MobilityTables.STAGE_GPS_POINTS + " WHERE NOT is_outlier GROUP BY 1, 2");
    }
}
