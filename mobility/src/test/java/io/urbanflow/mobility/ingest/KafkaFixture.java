package io.urbanflow.mobility.ingest;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends test messages to an embedded broker. */
final class KafkaFixture implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    final String bootstrapServers;

    KafkaFixture(EmbeddedKafkaBroker broker) {
        this(broker.bootstrapServers());
    }

    KafkaFixture(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // An idempotent producer right after topic creation can meet NOT_LEADER_OR_FOLLOWER and then retry
        // OUT_OF_ORDER_SEQUENCE_NUMBER for minutes on a fresh embedded broker; ordered plain retries suffice here.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(properties);
    }

    void topic(String topic, int partitions) {
        Kafka.ensureTopic(bootstrapServers, topic, partitions);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                producer.partitionsFor(topic).size() == partitions
                        && producer.partitionsFor(topic).stream().allMatch(info -> info.leader() != null));
    }

    void send(String topic, GpsPoint point) {
        producer.send(new ProducerRecord<>(topic, PointCodec.key(point), PointCodec.encode(point)));
    }

    void send(String topic, List<GpsPoint> points) {
        points.forEach(point -> send(topic, point));
        producer.flush();
    }

    void sendRaw(String topic, int partition, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
    }

    void sendRaw(String topic, int partition, String value) {
        sendRaw(topic, partition, value.getBytes(StandardCharsets.UTF_8));
    }

    void sendToPartition(String topic, int partition, GpsPoint point) {
        producer.send(new ProducerRecord<>(topic, partition, PointCodec.key(point), PointCodec.encode(point)));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
