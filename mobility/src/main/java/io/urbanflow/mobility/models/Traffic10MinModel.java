package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.IntervalAggregation;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineTables;
import java.time.ZoneId;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * {@code mart.traffic_10min}: the seed's aggregate — points, distinct taxis, first and last fix, mean position per
 * 10-minute interval aligned in {@code aggregate.zone}. Built from {@code raw.gps_points} with every raw row, as
 * the seed counted them (duplicates and outliers included), so it answers "what arrived"; cleaned figures per cell
 * are in {@code mart.cell_traffic_10min}.
 */
public final class Traffic10MinModel implements Model {
    @Override
    public String name() {
        return MobilityTables.MART_TRAFFIC_10MIN;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.RAW_GPS_POINTS);
    }

    /** One row per interval, each with its points. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "interval_10min"),
                DataTest.notNull(name(), "interval_10min", "total_points", "unique_taxis"));
    }

    @Override
    public Schema schema() {
        return MobilityTables.TRAFFIC_10MIN_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return MobilityTables.TRAFFIC_10MIN_SPEC;
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        ZoneId zone = MobilityConfig.from(context.settings()).zone();
        return IntervalAggregation.run(context, this, context.input(MobilityTables.RAW_GPS_POINTS, name()), mode, zone,
                "zone=" + zone.getId(), "ts IS NOT NULL",
                (input, interval, where) -> "SELECT " + interval + " AS interval_10min, count(*) AS total_points,"
                        + " count(DISTINCT vehicle_id) AS unique_taxis, min(ts) AS earliest, max(ts) AS latest,"
                        + " avg(lat) AS avg_lat, avg(lon) AS avg_lon FROM " + input + " WHERE " + where + " GROUP BY 1");
    }
}
