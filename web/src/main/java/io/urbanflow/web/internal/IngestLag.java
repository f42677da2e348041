package io.urbanflow.web.internal;

import java.time.Duration;
import java.util.HashMap;
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
 * The ingest's consumer lag per partition (end offset minus the group's committed offset), asked of the broker at
 * most every two seconds. Answers null while the broker, topic or group is unknown. Thread-safe.
 */
public final class IngestLag implements AutoCloseable {
    public static final String DEFAULT_GROUP = "urbanflow-ingest";
    private static final long CACHE_MILLIS = 2_000;

    private final String topic;
    private final String group;
    private final Admin admin;
    private Map<Integer, Long> cached;
    private long cachedAtMillis;

    public IngestLag(String bootstrapServers, String topic, String group) {
        this.topic = topic;
        this.group = group;
        Properties properties = new Properties();
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

    /** Lag per partition, or null when it cannot be known now. */
    public synchronized Map<Integer, Long> lag() {
        long now = System.currentTimeMillis();
        if (now - cachedAtMillis < CACHE_MILLIS) {
            return cached;
        }
        cachedAtMillis = now;
        try {
            TopicDescription description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(2, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(2, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
            Map<Integer, Long> lag = new TreeMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag.put(end.getKey().partition(), end.getValue().offset() - (offset == null ? 0 : offset.offset()));
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
