package io.urbanflow.cli.demo;

import io.urbanflow.ingest.IngestOffsets;
import io.urbanflow.lake.Lake;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.model.UrbanFlowException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * How far the lake is behind the topics: their offsets against the offsets stored in the snapshots of the tables
 * they are bound to, which say exactly what the lake holds (exactly-once ingest). Thread-safe.
 */
final class TopicProgress implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final Lake lake;
    private final Map<String, String> tableOfTopic = new java.util.LinkedHashMap<>();
    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    private final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();

    /** @throws UrbanFlowException when a topic cannot be described */
    TopicProgress(String bootstrapServers, java.util.List<TopicBinding> bindings, Lake lake) {
        this.lake = lake;
        bindings.forEach(binding -> tableOfTopic.put(binding.topic(), binding.table().name()));
        java.util.List<String> topics = java.util.List.copyOf(tableOfTopic.keySet());
        Properties properties = new Properties();
        io.urbanflow.stream.KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "urbanflow-demo");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        this.admin = Admin.create(properties);
        try {
            for (TopicDescription description : admin.describeTopics(topics).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo partition : description.partitions()) {
                    TopicPartition topicPartition = new TopicPartition(description.name(), partition.partition());
                    latest.put(topicPartition, OffsetSpec.latest());
                    earliest.put(topicPartition, OffsetSpec.earliest());
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            admin.close();
            throw new UrbanFlowException("Cannot describe topics " + topics + " at " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            admin.close();
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot describe topics " + topics + ": interrupted", e);
        }
    }

    /** The offset after the last message of each partition. */
    Map<TopicPartition, Long> endOffsets() {
        return offsets(latest);
    }

    /** What the lake holds, per partition: the next offset to ingest (none before the first commit). */
    Map<TopicPartition, Long> lakeOffsets() {
        Map<TopicPartition, Long> stored = new HashMap<>();
        tableOfTopic.forEach((topic, table) -> lake.findTable(table).ifPresent(found ->
                IngestOffsets.committed(found, topic).forEach((partition, offset) -> stored.put(new TopicPartition(topic, partition), offset))));
        return stored;
    }

    /** Messages in the topics that are not in the lake (as rows or as rejects). */
    long lag() {
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, Long> stored = lakeOffsets();
        Map<TopicPartition, Long> start = stored.keySet().containsAll(end.keySet()) ? Map.of() : offsets(earliest);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            long from = stored.getOrDefault(partition.getKey(), start.getOrDefault(partition.getKey(), 0L));
            lag += Math.max(0, partition.getValue() - from);
        }
        return lag;
    }

    /**
     * A partition where the lake claims more messages than the topic holds: the broker's data was removed while the
     * lake was kept, and ingest would wait for offsets that may never come again.
     *
     * @throws UrbanFlowException naming the partition and the way out
     */
    void requireLakeNotAhead() {
        Map<TopicPartition, Long> end = endOffsets();
        for (Map.Entry<TopicPartition, Long> stored : lakeOffsets().entrySet()) {
            long topicEnd = end.getOrDefault(stored.getKey(), 0L);
            if (stored.getValue() > topicEnd) {
                throw new UrbanFlowException("Cannot run demo: the lake has ingested " + stored.getKey().topic() + " partition "
                        + stored.getKey().partition() + " up to offset " + stored.getValue() + " but the broker's topic ends at "
                        + topicEnd + " (was the broker data in kafka/ removed?); start afresh with: urbanflow reset");
            }
        }
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> request) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                    : admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
                offsets.put(entry.getKey(), entry.getValue().offset());
            }
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new UrbanFlowException("Cannot read the offsets of topics " + tableOfTopic.keySet() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot read the offsets of topics " + tableOfTopic.keySet() + ": interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
