package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.SparkMain;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow bench spark}: DuckDB against Spark SQL and the pair-RDD job ({@link SparkBenchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"The 10-minute cell aggregation over one Iceberg table by DuckDB, Spark SQL, and the pair-RDD job with",
            "reduceByKey and with groupByKey; Spark runs on local[2] unless --master says otherwise.",
            "The last line is rows=N duckdb_s=.. spark_sql_s=.. spark_rdd_reduce_s=.. spark_rdd_group_s=.."})
final class BenchCommand implements Callable<Integer> {
    static final String DEFAULT_MASTER = "local[2]";

    @Option(names = "--points", paramLabel = "N", defaultValue = "20000000", description = "Points in the table (default: ${DEFAULT-VALUE}).")
    long points;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SparkMain main = SparkMain.of(spec);
        MobilityConfig config = MobilityConfig.from(main.settings());
        var out = main.out();
        try (SparkLake lake = main.open("bench spark", DEFAULT_MASTER)) {
            SparkBenchmark.Figures figures = SparkBenchmark.run(lake, points, config.zone(), config.h3Resolution(), out);
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT, "groupByKey / reduceByKey: wall %.2f, cpu %.2f%n", figures.rddGroupSeconds() / figures.rddReduceSeconds(),
                    figures.rddGroupCpuSeconds() / figures.rddReduceCpuSeconds());
            double cpuRatio = figures.sparkSqlCpuSeconds() / figures.duckdbCpuSeconds();
            out.printf(Locale.ROOT, "spark sql / duckdb on %d cores: wall %.2f, cpu %.2f; if Spark scaled linearly over machines like this"
                    + " one it would overtake DuckDB from %d machines on (an estimate, start-up not counted), or once the table"
                    + " outgrows one machine%n", cores, figures.sparkSqlSeconds() / figures.duckdbSeconds(), cpuRatio,
                    (int) Math.floor(cpuRatio) + 1);
            out.println(figures.lastLine());
        }
        return 0;
    }
}
