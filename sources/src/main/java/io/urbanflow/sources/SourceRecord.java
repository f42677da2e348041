package io.urbanflow.sources;

/**
 * One message for Kafka as a source produced it. The arrays are not copied: a source hands over a fresh record
 * each time and never touches it again. Immutable by convention.
 *
 * @param topic           the topic it goes to
 * @param key             the partitioning key (records with one key keep their order), or null
 * @param value           the message, as the topic's decoder reads it
 * @param eventTimeMicros the data's own time of the record, microseconds since the epoch, for pacing a replay and
 *                        showing its clock; -1 when the record has none
 */
public record SourceRecord(String topic, byte[] key, byte[] value, long eventTimeMicros) {
    public SourceRecord {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("Cannot build record: no topic");
        }
    }
}
