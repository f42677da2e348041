package io.urbanflow.spark;

import io.urbanflow.model.Settings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model's rows computed by Spark: the Spark counterpart of a platform model (same name, same columns, same rows),
 * supplied by a domain through {@link SparkDomain}. {@code spark run NAME} writes {@link #rows} into a table of the
 * same name in another namespace.
 */
public interface SparkModel {
    /** The platform model's table, e.g. {@code mart.traffic_10min}. */
    String name();

    /** One line for {@code spark run --help} and listings. */
    String description();

    /**
     * The model's rows, read from the lake's tables through {@code session} (its default catalog is the lake's), with
     * the domain's settings as the platform model reads them. Lazy: nothing runs before the caller writes.
     */
    Dataset<Row> rows(SparkSession session, Settings settings);
}
