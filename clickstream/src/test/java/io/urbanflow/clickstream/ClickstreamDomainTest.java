package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.FileLoader;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.pipeline.Model;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamDomainTest {
    @TempDir
    Path dir;

    @Test
    void passes_the_registry_checks_and_is_found_by_the_service_loader() {
        Domains domains = Domains.of(List.of(new ClickstreamDomain()));
        assertThat(domains.names()).containsExactly("clickstream");
        assertThat(Domains.load().names()).contains("clickstream");
        Domain domain = domains.named("clickstream");
        assertThat(domain.topics()).extracting(TopicBinding::topic).containsExactly("clickstream.browser_events",
                "clickstream.location_events", "clickstream.device_events", "clickstream.geo_events");
        assertThat(domain.topics()).extracting(binding -> binding.table().name()).containsExactly("raw.browser_events",
                "raw.location_events", "raw.device_events", "raw.geo_events");
        assertThat(domain.topics()).extracting(binding -> binding.rejected().name()).containsOnly("raw.clickstream_rejected");
        assertThat(domain.formats()).extracting(format -> format.name()).containsExactly("clickstream-browser", "clickstream-location",
                "clickstream-device", "clickstream-geo");
        assertThat(domain.models()).extracting(Model::name).containsExactly("stage.clickstream_events", "mart.sessions", "mart.purchases",
                "mart.purchase_items", "mart.funnel_daily", "mart.traffic_sources", "mart.products", "mart.data_quality");
        assertThat(domains.sources().isGenerator("synthetic:clickstream,visitors=10")).isTrue();
    }

    @Test
    void messages_the_decoder_cannot_use_become_rejected_rows_with_their_reason() {
        List<String> browserMessages = List.of(
                "{\"event_id\": \"e1\", \"event_timestamp\": \"2022-11-28 20:51:05.627882\", \"click_id\": \"c1\", \"browser_name\": \"Fire\\\"fox \\u00e9\", "
                        + "\"browser_language\": \"fr_CH Zürich\", \"extra\": {\"a\": [1, 2]}, \"browser_user_agent\": null}",
                "{\"event_id\": \"e2\", \"event_timestamp\": \"2022-11-28 20:51:05\", \"click_id\": \"c1\"",
                "{\"event_id\": \"e3\", \"event_timestamp\": \"yesterday\", \"click_id\": \"c1\"}",
                "{\"event_id\": \"e4\", \"event_timestamp\": \"2022-11-28T21:00:00+01:00\", \"click_id\": \"\"}",
                "{\"event_id\": \"e5\", \"event_timestamp\": \"2022-11-28T21:00:00+01:00\", \"click_id\": \"c2\", \"event_type\": 7}");
        List<String> deviceMessages = List.of(
                "{\"click_id\": \"c1\", \"os_name\": \"iOS\", \"device_is_mobile\": true}",
                "{\"os_name\": \"iOS\", \"device_is_mobile\": true}",
                "{\"click_id\": \"c3\", \"device_is_mobile\": \"maybe\"}");
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            FileLoader.Result result = lake.load(new Messages(List.of(
                    new Topic("clickstream.browser_events", browserMessages), new Topic("clickstream.device_events", deviceMessages))),
                    RejectSink.strict());
            assertThat(result.rows()).isEqualTo(3);
            assertThat(result.rejected()).isEqualTo(5);
            assertThat(lake.rows("SELECT topic, reason FROM raw.clickstream_rejected ORDER BY kafka_offset")).extracting(Object::toString)
                    .satisfiesExactly(
                            row -> assertThat(row).isEqualTo("[clickstream.browser_events, not valid JSON: the object ends early (expected ',' or '}')]"),
                            row -> assertThat(row).isEqualTo("[clickstream.browser_events, unparseable event_timestamp 'yesterday']"),
                            row -> assertThat(row).isEqualTo("[clickstream.browser_events, blank click_id]"),
                            row -> assertThat(row).isEqualTo("[clickstream.device_events, missing click_id]"),
                            row -> assertThat(row).isEqualTo("[clickstream.device_events, device_is_mobile 'maybe' is not true or false]"));
            assertThat(lake.rows("SELECT event_id, epoch_us(event_timestamp), event_type, browser_name, browser_language, browser_user_agent "
                    + "FROM raw.browser_events ORDER BY event_id")).extracting(Object::toString).containsExactly(
                    "[e1, 1669668665627882, null, Fire\"fox é, fr_CH Zürich, null]", "[e5, 1669665600000000, 7, null, null, null]");
            assertThat(lake.rows("SELECT click_id, device_is_mobile, kafka_partition FROM raw.device_events")).extracting(Object::toString)
                    .containsExactly("[c1, true, -1]");
        }
    }

    record Topic(String name, List<String> messages) {
    }

    /** Raw messages as a source, as another producer might send them. */
    private record Messages(List<Topic> parts) implements RecordSource {
        @Override
        public String name() {
            return "messages";
        }

        @Override
        public List<String> topics() {
            return parts.stream().map(Topic::name).toList();
        }

        @Override
        public ReadSummary read(RecordSink records, RejectSink rejects) {
            long count = 0;
            for (Topic topic : parts) {
                for (String message : topic.messages()) {
                    records.accept(new SourceRecord(topic.name(), null, message.getBytes(StandardCharsets.UTF_8), -1));
                    count++;
                }
            }
            return new ReadSummary(count, 0);
        }
    }
}
