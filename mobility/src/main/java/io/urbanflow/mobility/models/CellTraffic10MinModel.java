package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.IntervalAggregation;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineTables;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * {@code mart.cell_traffic_10min}: per H3 cell (the stage's resolution) and 10-minute interval aligned in
 * {@code aggregate.zone}: points, distinct vehicles and mean speed. Built from {@code stage.gps_points}, so
 * duplicates are gone; outliers are left out entirely (their cells are not where the vehicle was), and so are
 * speeds above {@code stage.max-speed-kmh} (the stage already flags the points implying them).
 */
public final class CellTraffic10MinModel implements Model {
    @Override
    public String name() {
        return MobilityTables.MART_CELL_TRAFFIC_10MIN;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.STAGE_GPS_POINTS);
    }

    /** One row per interval and cell. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "interval_10min", "h3_cell"),
                DataTest.notNull(name(), "interval_10min", "h3_cell", "points"));
    }

    @Override
    public Schema schema() {
        return MobilityTables.CELL_TRAFFIC_10MIN_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return MobilityTables.CELL_TRAFFIC_10MIN_SPEC;
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        MobilityConfig config = MobilityConfig.from(context.settings());
        double maxSpeed = config.maxSpeedKmh();
        String plausible = "speed_kmh <= " + maxSpeed;
        return IntervalAggregation.run(context, this, context.input(MobilityTables.STAGE_GPS_POINTS, name()), mode,
                config.zone(), "zone=" + config.zone().getId() + ";max-speed-kmh=" + maxSpeed, "NOT is_outlier",
                (input, interval, where) -> "SELECT " + interval + " AS interval_10min, h3_cell, lower(hex(h3_cell)) AS h3_cell_hex,"
                        + " count(*) AS points, count(DISTINCT vehicle_id) AS vehicles,"
                        + " avg(speed_kmh) FILTER (WHERE " + plausible + ") AS mean_speed_kmh,"
                        + " count(speed_kmh) FILTER (WHERE " + plausible + ") AS speed_samples"
                        + " FROM " + input + " WHERE " + where + " GROUP BY 1, 2");
    }
}
