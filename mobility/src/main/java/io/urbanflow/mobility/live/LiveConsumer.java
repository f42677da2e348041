package io.urbanflow.mobility.live;

import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.stream.PointCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link LiveAggregator} from a Kafka topic on a thread of its own. It reads every partition of the topic
 * by manual assignment (each dashboard sees all points, and never takes partitions away from the ingest's group),
 * commits nothing, and picks up partitions added later. A topic that does not exist yet is waited for; a broker
 * that goes away is retried by the Kafka client, and {@link #status()} says so.
 *
 * <p>Thread safety: {@link #status()} and {@link #close()} may be called from any thread.
 */
public final class LiveConsumer implements AutoCloseable {
    /** The topic the replay writes to unless told otherwise. */
    public static final String DEFAULT_TOPIC = "gps.points";
    /** Reported as the consumer's group; nothing is committed under it. */
    public static final String GROUP_ID = "urbanflow-live";

    private static final Logger LOG = LoggerFactory.getLogger(LiveConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long PARTITION_REFRESH_MILLIS = 3_000;

    private final String bootstrapServers;
    private final String topic;
    private final LiveStart start;
    private final LiveAggregator aggregator;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Status status;

    /**
     * What the consumer is doing. Immutable.
     *
     * @param connected  whether the last poll reached the broker and the topic exists
     * @param consumed   records read since start
     * @param lag        per partition: records between the consumer's position and the end of the partition
     * @param lastError  the last problem met, or null
     */
    public record Status(boolean connected, long consumed, Map<Integer, Long> lag, String lastError) {
        public Status {
            lag = Map.copyOf(lag);
        }

        public long totalLag() {
            long total = 0;
            for (long value : lag.values()) {
                total += value;
            }
            return total;
        }
    }

    private LiveConsumer(String bootstrapServers, String topic, LiveStart start, LiveAggregator aggregator) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.start = start;
        this.aggregator = aggregator;
        this.consumer = new KafkaConsumer<>(properties(bootstrapServers));
        this.status = new Status(false, 0, Map.of(), null);
        this.thread = new Thread(this::run, "urbanflow-live-consumer");
        this.thread.setDaemon(true);
    }

    /** Starts reading {@code topic} into {@code aggregator} on a new daemon thread. */
    public static LiveConsumer start(String bootstrapServers, String topic, LiveStart start, LiveAggregator aggregator) {
        LiveConsumer liveConsumer = new LiveConsumer(bootstrapServers, topic, start, aggregator);
        liveConsumer.thread.start();
        return liveConsumer;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    public Status status() {
        return status;
    }

    /** Stops the thread and closes the Kafka client. Idempotent. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                LOG.warn("Live consumer did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long consumed = 0;
        long nextRefresh = 0;
        List<TopicPartition> assigned = new ArrayList<>();
        String lastError = null;
        try {
            while (running) {
                try {
                    if (System.currentTimeMillis() >= nextRefresh) {
                        nextRefresh = System.currentTimeMillis() + PARTITION_REFRESH_MILLIS;
                        assigned = refreshAssignment(assigned);
                        status = new Status(!assigned.isEmpty(), consumed, lag(assigned),
                                assigned.isEmpty() ? "topic " + topic + " does not exist yet" : lastError);
                    }
                    if (assigned.isEmpty()) {
                        // no partitions: nothing to poll, but stay responsive to close()
                        stopped.await(200, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        feed(record.value());
                    }
                    consumed += records.count();
                    lastError = null;
                    status = new Status(true, consumed, lag(assigned), null);
                } catch (WakeupException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    lastError = e.getMessage();
                    status = new Status(false, consumed, status.lag(), lastError);
                    LOG.warn("Live consumer on {} at {}: {}", topic, bootstrapServers, e.toString());
                    nextRefresh = 0;
                    try {
                        stopped.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the live consumer", e);
            }
            stopped.countDown();
        }
    }

    private void feed(byte[] value) {
        try {
            aggregator.accept(PointCodec.decode(value));
        } catch (InvalidRecordException e) {
            aggregator.reject();
        }
    }

    private List<TopicPartition> refreshAssignment(List<TopicPartition> assigned) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
        if (partitions == null || partitions.isEmpty() || partitions.size() == assigned.size()) {
            return partitions == null || partitions.isEmpty() ? List.of() : assigned;
        }
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            all.add(new TopicPartition(topic, partition.partition()));
        }
        List<TopicPartition> added = new ArrayList<>(all);
        added.removeAll(assigned);
        consumer.assign(all);
        // Partitions seen at start begin where asked; partitions added later are read from their beginning.
        positionAt(added, assigned.isEmpty() ? start : LiveStart.earliest());
        return all;
    }

    private void positionAt(Collection<TopicPartition> partitions, LiveStart position) {
        if (partitions.isEmpty()) {
            return; // Kafka reads an empty collection as "every assigned partition"
        }
        switch (position.kind()) {
            case EARLIEST -> consumer.seekToBeginning(partitions);
            case LATEST -> consumer.seekToEnd(partitions);
            case AT -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    query.put(partition, position.time().toEpochMilli());
                }
                Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(5));
                List<TopicPartition> pastTheEnd = new ArrayList<>();
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp offset = offsets.get(partition);
                    if (offset == null) {
                        pastTheEnd.add(partition);
                    } else {
                        consumer.seek(partition, offset.offset());
                    }
                }
                if (!pastTheEnd.isEmpty()) {
                    consumer.seekToEnd(pastTheEnd);
                }
            }
        }
        for (TopicPartition partition : partitions) {
            consumer.position(partition, Duration.ofSeconds(5)); // resolves lazy seeks now, so lag is right at once
        }
    }

    private Map<Integer, Long> lag(List<TopicPartition> assigned) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (TopicPartition partition : assigned) {
            lag.put(partition.partition(), consumer.currentLag(partition).orElse(0L));
        }
        return lag;
    }

    private static Properties properties(String bootstrapServers) {
        Properties properties = new Properties();
        io.urbanflow.stream.KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "urbanflow-live");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // Latency over throughput: a fetch returns as soon as anything is there.
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }
}
