package io.urbanflow.mobility.live;

import io.urbanflow.domain.LiveStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveConsumerTest {
    @TempDir
    Path dir;

    @Test
    void feeds_every_partition_into_the_aggregator_and_counts_undecodable_messages() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Kafka.ensureTopic(broker.bootstrapServers(), "points", 3);
            LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), Clock.systemUTC());
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                Instant start = Instant.parse("2014-02-01T08:00:00Z");
                for (int i = 0; i < 300; i++) {
                    GpsPoint point = GpsPoint.of("taxi-" + (i % 30), start.plusSeconds(i), 41.9 + (i % 7) * 0.001, 12.5, "test");
                    producer.send(new ProducerRecord<>("points", PointCodec.key(point), PointCodec.encode(point)));
                }
                producer.send(new ProducerRecord<>("points", "x".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }
            try (LiveConsumer consumer = LiveConsumer.start(broker.bootstrapServers(), "points", LiveStart.earliest(), aggregator)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(aggregator.totals().points()).isEqualTo(300);
                    assertThat(aggregator.totals().rejected()).isEqualTo(1);
                    assertThat(consumer.status().lag()).hasSize(3).allSatisfy((partition, lag) -> assertThat(lag).isZero());
                    assertThat(consumer.status().connected()).isTrue();
                });
                assertThat(aggregator.snapshot().vehicles()).hasSize(30);
            }
        }
    }

    @Test
    void starting_from_a_time_skips_the_records_sent_before_it() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            Kafka.ensureTopic(broker.bootstrapServers(), "timed", 2);
            // send times within the broker's retention, or it deletes the records as expired
            Instant sentLate = Instant.now();
            Instant sentEarly = sentLate.minusSeconds(3_600);
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                for (int i = 0; i < 40; i++) {
                    Instant sent = i < 10 ? sentEarly : sentLate;
                    GpsPoint point = GpsPoint.of("taxi-" + (i % 4), Instant.parse("2014-02-01T08:00:00Z").plusSeconds(i), 41.9, 12.5, "test");
                    producer.send(new ProducerRecord<>("timed", i % 2, sent.toEpochMilli(), PointCodec.key(point), PointCodec.encode(point)));
                }
                producer.flush();
            }
            LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), Clock.systemUTC());
            try (LiveConsumer consumer = LiveConsumer.start(broker.bootstrapServers(), "timed",
                    LiveStart.at(sentEarly.plusSeconds(60)), aggregator)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(consumer.status().lag()).hasSize(2).allSatisfy((partition, lag) -> assertThat(lag).isZero());
                    assertThat(aggregator.totals().points()).isEqualTo(30);
                });
            }
        }
    }

    @Test
    void start_position_parses_earliest_latest_and_instants() {
        assertThat(LiveStart.parse("earliest")).isEqualTo(LiveStart.earliest());
        assertThat(LiveStart.parse(" LATEST ")).isEqualTo(LiveStart.latest());
        assertThat(LiveStart.parse("2014-02-01T08:00:00Z").time()).isEqualTo(Instant.parse("2014-02-01T08:00:00Z"));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
