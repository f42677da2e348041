package io.urbanflow.pipeline;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** The table the pipeline itself writes: its run history. */
public final class PipelineTables {
    public static final String MART_PIPELINE_RUNS = "mart.pipeline_runs";

    /** {@code mart.pipeline_runs}: one row per model run that did something or failed. */
    public static final Schema PIPELINE_RUNS_SCHEMA = new Schema(
            required(1, "run_id", Types.StringType.get()),
            required(2, "model", Types.StringType.get()),
            required(3, "mode", Types.StringType.get(), "full, incremental or up-to-date"),
            required(4, "status", Types.StringType.get(), "ok or failed"),
            required(5, "started_at", Types.TimestampType.withZone()),
            required(6, "finished_at", Types.TimestampType.withZone()),
            required(7, "input_rows", Types.LongType.get()),
            required(8, "rows_written", Types.LongType.get()),
            required(9, "recomputed", Types.StringType.get(), "ISO-8601 intervals recomputed, space-separated"),
            optional(10, "error", Types.StringType.get()));

    private PipelineTables() {
    }
}
