package io.urbanflow.spark;

import java.util.List;

/**
 * What a domain brings to Spark: its models' Spark versions and its own jobs. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.urbanflow.spark.SparkDomain}), so the platform part of
 * this module names no domain. Implementations must have a public no-argument constructor and be stateless.
 */
public interface SparkDomain {
    /** The domain's name, as {@code io.urbanflow.domain.Domain#name()} gives it. */
    String name();

    /** Spark versions of the domain's models, by table name. */
    List<SparkModel> models();

    /**
     * The domain's jobs as picocli command objects, added under {@code urbanflow spark} (e.g. {@code cells}); a field
     * {@code @ParentCommand SparkMain main} gives a job its session and settings. Empty by default.
     */
    default List<Object> commands() {
        return List.of();
    }
}
