package io.urbanflow.ingest;

import org.apache.kafka.common.header.Headers;

/**
 * The message a decoder reads: where it came from and its bytes. The ingest refills one instance per message, so
 * a decoder must not keep it (nor its arrays) after {@link BatchWriter#write} returns. A loaded file's record has
 * partition -1 and its ordinal in the load as offset. Not thread-safe.
 */
public final class ConsumedRecord {
    private String topic;
    private int partition;
    private long offset;
    private byte[] key;
    private byte[] value;
    private Headers headers;

    /** Refills this holder; for the ingest and loads only. */
    public ConsumedRecord set(String newTopic, int newPartition, long newOffset, byte[] newKey, byte[] newValue, Headers newHeaders) {
        this.topic = newTopic;
        this.partition = newPartition;
        this.offset = newOffset;
        this.key = newKey;
        this.value = newValue;
        this.headers = newHeaders;
        return this;
    }

    public String topic() {
        return topic;
    }

    /** The Kafka partition, or -1 for a record of a loaded file. */
    public int partition() {
        return partition;
    }

    /** The Kafka offset, or the record's ordinal in a loaded file. */
    public long offset() {
        return offset;
    }

    /** The key, or null. */
    public byte[] key() {
        return key;
    }

    /** The value, or null (a tombstone). */
    public byte[] value() {
        return value;
    }

    /** The headers, or null when there are none. */
    public Headers headers() {
        return headers;
    }
}
