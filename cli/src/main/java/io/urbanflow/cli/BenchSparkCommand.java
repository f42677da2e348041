package io.urbanflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow bench spark}: the Spark program's {@code bench} job, in its own JVM ({@link SparkProcess}). */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"The 10-minute cell aggregation over one Iceberg table by DuckDB, Spark SQL on local[2], and the pair-RDD",
            "job with reduceByKey and with groupByKey. Options: --points N (default 20000000), --master URL.",
            "Last line: rows=N duckdb_s=.. spark_sql_s=.. spark_rdd_reduce_s=.. spark_rdd_group_s=.."})
public final class BenchSparkCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> arguments = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>();
        all.add("bench");
        all.addAll(arguments);
        return SparkProcess.run(spec, all);
    }
}
