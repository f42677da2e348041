package io.urbanflow.ingest;

import io.urbanflow.lake.RawTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** The schema every rejected-messages table has. Immutable constants. */
public final class IngestTables {
    /**
     * One message that could not be decoded or failed validation. {@code raw_value} is the message's value as
     * UTF-8 text when it is valid UTF-8 ({@code raw_encoding = 'utf-8'}), else base64 ({@code 'base64'}); null for a
     * null value. {@code reason} is the decoder's short reason. A loaded file's rejects have partition -1 and
     * their ordinal in the load as offset.
     */
    public static final Schema REJECTED_SCHEMA = new Schema(
            Types.NestedField.required(1, "topic", Types.StringType.get()),
            Types.NestedField.required(2, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(3, "kafka_offset", Types.LongType.get()),
            Types.NestedField.optional(4, "raw_value", Types.StringType.get()),
            Types.NestedField.required(5, "raw_encoding", Types.StringType.get()),
            Types.NestedField.required(6, "reason", Types.StringType.get()),
            Types.NestedField.required(7, "rejected_at", Types.TimestampType.withZone()));

    private IngestTables() {
    }

    /** A rejected-messages table named {@code name} (unpartitioned: rejects are few). */
    public static RawTable rejected(String name) {
        return RawTable.of(name, REJECTED_SCHEMA, PartitionSpec.unpartitioned());
    }
}
