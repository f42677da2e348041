package io.urbanflow.web.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The ingest's consumer lag per topic and partition (end offset minus the group's committed offset), asked of the
 * broker at most every two seconds; topics that do not exist yet are left out. Answers null while the broker or group
 * is unknown. Thread-safe.
 */
public final class IngestLag implements AutoCloseable {
    public static final String DEFAULT_GROUP = "urbanflow-ingest";
    private static final long CACHE_MILLIS = 2_000;

    private final String bootstrapServers;
    private final List<String> topics;
    private final String group;
    private final Admin admin;
    private Map<String, Map<Integer, Long>> cached;
    private long cachedAtMillis;

    public IngestLag(String bootstrapServers, List<String> topics, String group) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.group = group;
        Properties properties = new Properties();
        io.urbanflow.stream.KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "urbanflow-dashboard");
        this.admin = Admin.create(properties);
    }

    public String group() {
        return group;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Lag per topic and partition, or null when it cannot be known now. */
    public synchronized Map<String, Map<Integer, Long>> lag() {
        long now = System.currentTimeMillis();
        if (now - cachedAtMillis < CACHE_MILLIS) {
            return cached;
        }
        cachedAtMillis = now;
        try {
            List<String> existing = admin.listTopics().names().get(2, TimeUnit.SECONDS).stream().filter(topics::contains).toList();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription description : admin.describeTopics(existing).allTopicNames().get(2, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo partition : description.partitions()) {
                    request.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(2, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
            Map<String, Map<Integer, Long>> lag = new TreeMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag.computeIfAbsent(end.getKey().topic(), key -> new TreeMap<>())
                        .put(end.getKey().partition(), end.getValue().offset() - (offset == null ? 0 : offset.offset()));
            }
            cached = lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            cached = null;
        }
        return cached;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
