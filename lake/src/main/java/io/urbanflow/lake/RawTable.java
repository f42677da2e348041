package io.urbanflow.lake;

import io.urbanflow.model.UrbanFlowException;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;

/**
 * A table that ingest and loads write into, as a domain declares it: its name, schema, partitioning and table
 * properties. Immutable.
 *
 * <p>Raw tables carry the consumed Kafka offsets (or loaded files) in their snapshot summaries and are committed
 * with the writer's own optimistic retry, so {@link #PROPERTIES} sets {@code commit.retry.num-retries} to 0: an
 * Iceberg retry would re-apply a summary computed against an older snapshot.
 */
public record RawTable(String name, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    /** Properties of every raw table. */
    public static final Map<String, String> PROPERTIES = Map.of(
            TableProperties.DEFAULT_FILE_FORMAT, "parquet",
            TableProperties.PARQUET_COMPRESSION, "snappy",
            TableProperties.COMMIT_NUM_RETRIES, "0",
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
            TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

    public RawTable {
        Lake.identifier(name);
        if (schema == null || spec == null) {
            throw new UrbanFlowException("Cannot declare table " + name + ": schema and partitioning are required");
        }
        properties = Map.copyOf(properties == null ? PROPERTIES : properties);
    }

    /** A raw table with the {@link #PROPERTIES} of every raw table. */
    public static RawTable of(String name, Schema schema, PartitionSpec spec) {
        return new RawTable(name, schema, spec, PROPERTIES);
    }
}
