package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestResult;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.testing.SampleData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming road on a real embedded broker: the sample replayed to the four topics, ingested exactly once into the
 * raw tables with the domain's bindings, bad messages rejected with their reasons, and a second ingest of the same
 * topics adding nothing.
 */
class ClickstreamIngestTest {
    @TempDir
    Path dir;

    @Test
    void replays_the_sample_and_ingests_every_event_exactly_once_with_bad_messages_rejected() {
        ClickstreamDomain domain = new ClickstreamDomain();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             Lake lake = Lake.open(LakeConfig.defaults(dir.resolve("lake")));
             DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Sources sources = new Sources(domain.formats(), domain.generators());
            ReplayResult replay = ReplayProducer.create(ReplayOptions.defaults(broker.bootstrapServers()), ReplayProgress.silent())
                    .replay(sources.open(SampleData.clickstream(), SourceOptions.defaults()), RejectSink.strict());
            assertThat(replay.sent()).isEqualTo(4000);
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>("clickstream.browser_events", "{\"event_id\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>("clickstream.geo_events", "not json".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>("clickstream.location_events", null));
                producer.flush();
            }

            IngestResult first = ingest(lake, domain, broker.bootstrapServers());
            assertThat(first.ingested()).isEqualTo(4000);
            assertThat(first.rejected()).isEqualTo(3);
            for (EventKind kind : EventKind.values()) {
                List<Object> counts = engine.query("SELECT count(*), count(DISTINCT (kafka_partition, kafka_offset)), min(kafka_partition) "
                        + "FROM " + kind.table().name()).rows().get(0);
                assertThat(counts.subList(0, 2)).as(kind.table().name()).containsExactly(1000L, 1000L);
                assertThat((Integer) counts.get(2)).isGreaterThanOrEqualTo(0);
            }
            assertThat(engine.query("SELECT topic, reason FROM raw.clickstream_rejected ORDER BY topic").rows())
                    .extracting(Object::toString).containsExactly(
                            "[clickstream.browser_events, missing click_id]",
                            "[clickstream.geo_events, not a JSON object]",
                            "[clickstream.location_events, empty message (null value)]");

            IngestResult second = ingest(lake, domain, broker.bootstrapServers());
            assertThat(second.ingested()).isZero();
            assertThat(engine.query("SELECT count(*) FROM raw.browser_events").rows().get(0).get(0)).isEqualTo(1000L);

            try (var duckdb = engine.trustedConnection()) {
                new io.urbanflow.pipeline.PipelineRunner(io.urbanflow.pipeline.ModelContext.of(lake, duckdb, io.urbanflow.model.Settings.empty(),
                        Clock.systemUTC()), domain.models()).run(BuildMode.INCREMENTAL);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(engine.query("SELECT count(*) FROM mart.purchases").rows().get(0).get(0)).isEqualTo(35L);
            assertThat(engine.query("SELECT sum(rejected_messages) FROM mart.data_quality").rows().get(0).get(0)).isEqualTo(java.math.BigInteger.valueOf(3));
        }
    }

    private static IngestResult ingest(Lake lake, ClickstreamDomain domain, String servers) {
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(servers).withGroup("clickstream-test")
                .withCommitInterval(Duration.ofMillis(500)).withUntilIdle(Duration.ofSeconds(3));
        try (IngestJob job = IngestJob.create(lake, domain.topics(), config, Clock.systemUTC())) {
            return job.run();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String servers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.putAll(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return new KafkaProducer<>(properties);
    }
}
