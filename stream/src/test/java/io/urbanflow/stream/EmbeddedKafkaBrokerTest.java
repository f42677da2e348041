package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void restarts_on_the_same_log_dir_and_keeps_the_topic_data() {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, 0)) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            Kafka.ensureTopic(broker.bootstrapServers(), "kept", 1);
            produce(broker.bootstrapServers(), "kept", List.of("one", "two", "three"));
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(logDir, 0)) {
            produce(again.bootstrapServers(), "kept", List.of("four"));
            assertThat(readAll(again.bootstrapServers(), "kept", 4)).containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void a_port_in_use_is_one_clear_error() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir.resolve("kafka"), taken.getLocalPort()))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot start Kafka broker on 127.0.0.1:" + taken.getLocalPort()
                            + ": the port is in use (another broker? choose one with --port)");
        }
    }

    @Test
    void a_log_dir_in_use_by_a_running_broker_is_refused_and_the_running_one_keeps_serving() {
        Path logDir = dir.resolve("shared");
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(logDir, 0)) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(logDir, 0))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot start Kafka broker: " + logDir.toAbsolutePath()
                            + " is in use by another broker (is 'urbanflow broker' already running with this data dir?)");
            Kafka.ensureTopic(running.bootstrapServers(), "still", 1);
            produce(running.bootstrapServers(), "still", List.of("here"));
            assertThat(readAll(running.bootstrapServers(), "still", 1)).containsExactly("here");
        }
    }

    static void produce(String bootstrapServers, String topic, List<String> values) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    static List<String> readAll(String bootstrapServers, String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
