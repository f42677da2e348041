package io.urbanflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code urbanflow spark JOB ...}: models and jobs on Apache Spark, run by the spark module in its own JVM
 * ({@link SparkProcess}); every argument after {@code spark} is the Spark program's.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Run models and jobs on Apache Spark over the same Iceberg catalog and tables, in a separate JVM:",
            "  run MODEL [--into NAMESPACE]   rebuild a mart with Spark SQL into NAMESPACE (default spark)",
            "  cells                          the pair-RDD cell aggregation into spark.cell_traffic_rdd",
            "  convert PATH                   GPS files -> Parquet -> raw.gps_points, one task per file",
            "Every job takes --master local[*]|local[N]|spark://HOST:PORT and --conf NAME=VALUE.",
            "See 'urbanflow spark --help'. ./urbanflow builds the spark module the first time it is used."})
public final class SparkCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return SparkProcess.run(spec, arguments);
    }
}
