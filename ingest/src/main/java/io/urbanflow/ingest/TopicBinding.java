package io.urbanflow.ingest;

import io.urbanflow.lake.RawTable;
import io.urbanflow.model.UrbanFlowException;
import java.util.Objects;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.internals.Topic;

/**
 * A topic and where its messages land: every message becomes rows of {@link #table()} through {@link #decoder()}, or
 * a row of {@link #rejected()} with the reason. Several topics may share a rejected table (it has a {@code topic}
 * column). Immutable.
 *
 * @param topic      the Kafka topic
 * @param table      the table its rows go to (the binding's anchor: its snapshot summaries hold the offsets a
 *                   restart resumes from)
 * @param rejected   the table of messages that could not be decoded, with {@link IngestTables#REJECTED_SCHEMA}
 * @param decoder    bytes to rows
 * @param partitions the partition count a replay creates the topic with
 */
public record TopicBinding(String topic, RawTable table, RawTable rejected, RecordDecoder decoder, int partitions) {
    public static final int DEFAULT_PARTITIONS = 3;

    public TopicBinding {
        try {
            Topic.validate(Objects.requireNonNull(topic, "topic"));
        } catch (KafkaException e) {
            throw new UrbanFlowException("Cannot bind topic '" + topic + "': " + e.getMessage(), e);
        }
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(decoder, "decoder");
        if (!rejected.schema().sameSchema(IngestTables.REJECTED_SCHEMA)) {
            throw new UrbanFlowException("Cannot bind topic " + topic + ": table " + rejected.name()
                    + " does not have the rejected-messages schema");
        }
        if (rejected.name().equals(table.name())) {
            throw new UrbanFlowException("Cannot bind topic " + topic + ": its rejects need a table of their own, not " + table.name());
        }
        if (partitions < 1) {
            throw new UrbanFlowException("Cannot bind topic " + topic + ": partitions must be at least 1, not " + partitions);
        }
    }

    public TopicBinding(String topic, RawTable table, RawTable rejected, RecordDecoder decoder) {
        this(topic, table, rejected, decoder, DEFAULT_PARTITIONS);
    }
}
