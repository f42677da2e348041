package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.spark.SparkDomain;
import io.urbanflow.spark.SparkModel;
import java.util.List;

/**
 * The mobility domain on Spark: its two 10-minute marts in Spark SQL, and the jobs {@code cells} (the pair-RDD cell
 * aggregation), {@code convert} (GPS files to the raw table in parallel) and {@code bench} ({@code urbanflow bench
 * spark}). Registered in {@code META-INF/services/io.urbanflow.spark.SparkDomain}.
 */
public final class MobilitySpark implements SparkDomain {
    @Override
    public String name() {
        return MobilityTables.DOMAIN;
    }

    @Override
    public List<SparkModel> models() {
        return List.of(new Traffic10MinSpark(), new CellTraffic10MinSpark());
    }

    @Override
    public List<Object> commands() {
        return List.of(new CellsCommand(), new ConvertCommand(), new BenchCommand());
    }
}
