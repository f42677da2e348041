package io.urbanflow.spark;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code spark run MODEL --into NAMESPACE}: computes a model's rows with Spark and replaces the table of the same name
 * in {@code NAMESPACE} (default {@value #DEFAULT_NAMESPACE}) in one Iceberg commit, leaving the platform's own table
 * alone. The result is meant to equal the platform model's table row for row.
 */
public final class ModelRebuild {
    public static final String DEFAULT_NAMESPACE = "spark";

    /**
     * What a rebuild wrote.
     *
     * @param model  the model's table, e.g. {@code mart.traffic_10min}
     * @param target the table written, e.g. {@code spark.traffic_10min}
     * @param rows   rows in the target after the commit
     * @param took   wall time of the computation and the commit
     */
    public record Result(String model, String target, long rows, Duration took) {
        public Result {
            if (model == null || target == null || rows < 0 || took == null) {
                throw new IllegalArgumentException("Cannot build rebuild result: model, target, rows and time are required");
            }
        }
    }

    private ModelRebuild() {
    }

    /** The table {@code model} is written to in {@code namespace}: its own name in another namespace. */
    public static String target(String model, String namespace) {
        int dot = model.lastIndexOf('.');
        String ownNamespace = dot < 0 ? "" : model.substring(0, dot);
        if (ownNamespace.equals(namespace)) {
            throw new UrbanFlowException("Cannot rebuild " + model + " into namespace " + namespace
                    + ": that is the model's own table; choose another namespace (default " + DEFAULT_NAMESPACE + ")");
        }
        return namespace + "." + model.substring(dot + 1);
    }

    /**
     * Computes {@code model}'s rows and replaces {@code NAMESPACE.<table>} with them (created on first use).
     *
     * @throws UrbanFlowException when the model's inputs are missing or {@code namespace} is the model's own
     */
    public static Result run(SparkLake lake, SparkModel model, String namespace, Settings settings) {
        String target = target(model.name(), namespace);
        long started = System.nanoTime();
        lake.createNamespace(namespace);
        try {
            Dataset<Row> rows = model.rows(lake.session(), settings);
            rows.writeTo(target).using("iceberg")
                    .tableProperty("write.metadata.delete-after-commit.enabled", "true")
                    .tableProperty("write.metadata.previous-versions-max", "20")
                    .createOrReplace();
        } catch (Exception e) {
            // Spark throws AnalysisException (checked in Java's eyes, never declared) for a missing input table
            if (e instanceof org.apache.spark.sql.AnalysisException analysis) {
                throw new UrbanFlowException("Cannot run " + model.name() + " on Spark: " + analysis.getSimpleMessage().lines().findFirst().orElse(""), e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        long count = lake.session().table(target).count();
        return new Result(model.name(), target, count, Duration.ofNanos(System.nanoTime() - started));
    }
}
