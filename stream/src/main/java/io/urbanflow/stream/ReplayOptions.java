package io.urbanflow.stream;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.Map;

/**
 * Where and how fast {@link ReplayProducer} publishes. Immutable. Settings keys, with their defaults:
 * {@code replay.bootstrap-servers=127.0.0.1:9092}, {@code replay.topic} (none: each record's own topic),
 * {@code replay.partitions=3}, {@code replay.speed=max} (environment: {@code URBANFLOW_REPLAY_TOPIC} and so on).
 *
 * @param bootstrapServers  Kafka's {@code bootstrap.servers}, e.g. {@code 127.0.0.1:9092}
 * @param topic             a topic replacing the source's one (for a source of a single topic), or null for the
 *                          records' own topics; a topic is created with {@code partitions} partitions if missing
 * @param partitions        partition count of a topic created by the replay (an existing topic keeps its own)
 * @param speed             pacing against the data's clock
 * @param producerOverrides Kafka producer settings that replace the tuned defaults (for benchmarks and experts)
 */
public record ReplayOptions(String bootstrapServers, String topic, int partitions, ReplaySpeed speed,
                            Map<String, String> producerOverrides) {
    public static final String BOOTSTRAP_SERVERS = "replay.bootstrap-servers";
    public static final String TOPIC = "replay.topic";
    public static final String PARTITIONS = "replay.partitions";
    public static final String SPEED = "replay.speed";
    public static final int DEFAULT_PARTITIONS = 3;

    public ReplayOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new UrbanFlowException("Cannot replay: no bootstrap servers given");
        }
        if (topic != null && topic.isBlank()) {
            topic = null;
        }
        if (partitions < 1) {
            throw new UrbanFlowException("Cannot replay: partitions must be at least 1, not " + partitions);
        }
        if (speed == null) {
            speed = ReplaySpeed.MAX;
        }
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
    }

    /** The records' own topics, 3 partitions, speed max, the tuned producer. */
    public static ReplayOptions defaults(String bootstrapServers) {
        return new ReplayOptions(bootstrapServers, null, DEFAULT_PARTITIONS, ReplaySpeed.MAX, Map.of());
    }

    /**
     * The options the settings name, defaults for the rest; no producer overrides.
     *
     * @throws UrbanFlowException naming the key when a value does not parse
     */
    public static ReplayOptions from(Settings settings) {
        String speedText = settings.string(SPEED, "max");
        ReplaySpeed speed;
        try {
            speed = ReplaySpeed.parse(speedText);
        } catch (UrbanFlowException e) {
            throw new UrbanFlowException("Cannot read setting " + SPEED + "='" + speedText
                    + "': expected max or a number above 0, such as 60", e);
        }
        return new ReplayOptions(settings.string(BOOTSTRAP_SERVERS, Kafka.DEFAULT_BOOTSTRAP_SERVERS),
                settings.string(TOPIC, null), settings.integer(PARTITIONS, DEFAULT_PARTITIONS), speed, Map.of());
    }

    public ReplayOptions withTopic(String newTopic) {
        return new ReplayOptions(bootstrapServers, newTopic, partitions, speed, producerOverrides);
    }

    public ReplayOptions withPartitions(int newPartitions) {
        return new ReplayOptions(bootstrapServers, topic, newPartitions, speed, producerOverrides);
    }

    public ReplayOptions withSpeed(ReplaySpeed newSpeed) {
        return new ReplayOptions(bootstrapServers, topic, partitions, newSpeed, producerOverrides);
    }

    public ReplayOptions withProducerOverrides(Map<String, String> overrides) {
        return new ReplayOptions(bootstrapServers, topic, partitions, speed, overrides);
    }
}
