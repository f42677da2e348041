package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a replayed message came from, carried in its headers (Kafka Connect's source offsets, as headers): the
 * source's name and the record's ordinal in it. Finding the last position a source reached in a topic lets a replay
 * resume exactly after it. Stateless and thread-safe.
 */
public final class SourcePositions {
    /** Header: the source's name (a path or a generator's specification), UTF-8. */
    public static final String SOURCE_HEADER = "urbanflow.source";
    /** Header: the record's ordinal in its source, from 0, as decimal text. */
    public static final String SEQUENCE_HEADER = "urbanflow.seq";
    /** Messages read per step while walking a partition backwards for the source's last message. */
    private static final int STEP = 500;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private SourcePositions() {
    }

    /**
     * The partition of a record: Kafka's default for a key (murmur2 of the key's bytes), or the ordinal modulo the
     * partitions for a record without key.
     */
    public static int partition(byte[] key, long sequence, int partitions) {
        if (key == null) {
            return (int) Math.floorMod(sequence, (long) partitions);
        }
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The ordinal in a message's headers, or -1 when it has none or it does not parse. */
    public static long sequence(Iterable<Header> headers) {
        Header header = last(headers, SEQUENCE_HEADER);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The source named in a message's headers, or null. */
    public static String source(Iterable<Header> headers) {
        Header header = last(headers, SOURCE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Header last(Iterable<Header> headers, String key) {
        Header found = null;
        for (Header header : headers) {
            if (header.key().equals(key)) {
                found = header;
            }
        }
        return found;
    }

    /** The last ordinal of one source per topic and partition. Immutable. */
    public record Last(Map<String, Map<Integer, Long>> sequences) {
        public static final Last NONE = new Last(Map.of());

        public Last {
            Map<String, Map<Integer, Long>> copy = new HashMap<>();
            sequences.forEach((topic, byPartition) -> copy.put(topic, Map.copyOf(byPartition)));
            sequences = Map.copyOf(copy);
        }

        /** The last ordinal sent to the partition, -1 when none was. */
        public long sequence(String topic, int partition) {
            Map<Integer, Long> byPartition = sequences.get(topic);
            return byPartition == null ? -1 : byPartition.getOrDefault(partition, -1L);
        }

        /** How many partitions hold messages of the source. */
        public int partitions() {
            return sequences.values().stream().mapToInt(Map::size).sum();
        }
    }

    /**
     * Reads, in every partition of {@code topics}, the last message whose source header is {@code sourceName}, walking
     * back from the end of the log in steps (other sources' messages after it are passed over).
     *
     * @throws UrbanFlowException when the topics cannot be read within 30 s
     */
    public static Last lastSent(String bootstrapServers, List<String> topics, String sourceName) {
        Properties properties = new Properties();
        KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "urbanflow-replay-resume");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(STEP));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        byte[] wanted = sourceName.getBytes(StandardCharsets.UTF_8);
        Map<String, Map<Integer, Long>> found = new HashMap<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            for (String topic : topics) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : consumer.partitionsFor(topic, READ_TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, READ_TIMEOUT);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
                for (TopicPartition partition : partitions) {
                    long last = lastInPartition(consumer, partition, beginnings.get(partition), ends.get(partition), wanted, deadline);
                    if (last >= 0) {
                        found.computeIfAbsent(topic, key -> new HashMap<>()).put(partition.partition(), last);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new UrbanFlowException("Cannot read the positions already sent to " + topics + " at " + bootstrapServers
                    + ": " + e.getMessage(), e);
        }
        return new Last(found);
    }

    private static long lastInPartition(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long beginning,
                                        long end, byte[] wanted, long deadline) {
        consumer.assign(List.of(partition));
        for (long stepEnd = end; stepEnd > beginning; stepEnd = Math.max(beginning, stepEnd - STEP)) {
            long stepStart = Math.max(beginning, stepEnd - STEP);
            consumer.seek(partition, stepStart);
            long best = -1;
            long position = stepStart;
            while (position < stepEnd) {
                if (System.nanoTime() > deadline) {
                    throw new UrbanFlowException("Cannot read the positions already sent to " + partition
                            + ": no answer within " + READ_TIMEOUT.toSeconds() + "s");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() >= stepEnd) {
                        break;
                    }
                    org.apache.kafka.common.header.Header source = record.headers().lastHeader(SOURCE_HEADER);
                    if (source != null && Arrays.equals(source.value(), wanted)) {
                        best = Math.max(best, sequence(record.headers()));
                    }
                }
                position = consumer.position(partition);
            }
            if (best >= 0) {
                return best;
            }
        }
        return -1;
    }
}
