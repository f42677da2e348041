package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch road: a file's records through the topics' decoders into their tables, once per file. */
class FileLoaderTest {
    private static final List<TopicBinding> BINDINGS = List.of(IngestJobTest.binding("shop.orders", "raw.orders"));

    @TempDir
    Path dir;

    @Test
    void a_file_is_loaded_with_its_rejects_and_loading_it_again_adds_nothing() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir))) {
            FileLoader loader = new FileLoader(lake, BINDINGS, Clock.systemUTC());
            List<Reject> badLines = new ArrayList<>();
            FileLoader.Result first = loader.load(source("orders.jsonl", "{\"id\":\"a\",\"amount\":1}", "{\"amount\":2}",
                    "{\"id\":\"c\"}"), "f1", badLines::add);

            assertThat(first.summary()).isEqualTo("loaded=2 rejected=1");
            assertThat(badLines).extracting(Reject::reason).containsExactly("unreadable line");
            List<org.apache.iceberg.data.Record> rows = IngestJobTest.read(lake.table("raw.orders"));
            assertThat(rows).extracting(row -> row.getField("id") + "@" + row.getField("kafka_partition") + ":" + row.getField("kafka_offset"))
                    .containsExactlyInAnyOrder("a@-1:0", "c@-1:2");
            assertThat(IngestJobTest.read(lake.table("raw.shop_rejected"))).extracting(row -> row.getField("reason"))
                    .containsExactly("missing field id");
            assertThat(FileLoader.loaded(lake.table("raw.orders"), "f1")).hasValueSatisfying(value ->
                    assertThat(value).startsWith("orders.jsonl;").endsWith(";rows=2"));

            FileLoader.Result again = loader.load(source("orders.jsonl", "{\"id\":\"a\",\"amount\":1}"), "f1", badLines::add);
            assertThat(again.skipped()).isTrue();
            assertThat(again.summary()).isEqualTo("already loaded, skipped");
            assertThat(IngestJobTest.read(lake.table("raw.orders"))).hasSize(2);
        }
    }

    @Test
    void a_load_that_stopped_between_its_two_commits_is_finished_without_doubling_the_rejects() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir))) {
            FileLoader loader = new FileLoader(lake, BINDINGS, Clock.systemUTC());
            // the state a crash between the commits leaves: the rejects (and the file's mark) in the rejected table only
            Table rejected = lake.create(IngestJobTest.REJECTED);
            FileLoader.Result rejectsOnly = new FileLoader(lake, List.of(IngestJobTest.binding("shop.orders", "raw.orders")),
                    Clock.systemUTC()).load(source("x.jsonl", "{\"amount\":2}"), "f2", reject -> { });
            assertThat(rejectsOnly.rejected()).isEqualTo(1);
            Table orders = lake.table("raw.orders");
            orders.updateProperties().remove(FileLoader.LOADED_PREFIX + "f2").commit(); // as if its commit never landed

            FileLoader.Result finished = loader.load(source("x.jsonl", "{\"amount\":2}"), "f2", reject -> { });
            assertThat(finished.rejected()).as("the rejected table already has them").isZero();
            assertThat(IngestJobTest.read(rejected)).hasSize(1);
            assertThat(FileLoader.loaded(lake.table("raw.orders"), "f2")).isPresent();
        }
    }

    @Test
    void records_for_a_topic_no_domain_binds_are_refused_before_anything_is_written() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir))) {
            FileLoader loader = new FileLoader(lake, BINDINGS, Clock.systemUTC());
            RecordSource elsewhere = new Records("other.jsonl", "other.topic", List.of("{}"));
            assertThatThrownBy(() -> loader.load(elsewhere, "f3", reject -> { }))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot load other.jsonl: its records are for topic other.topic, which no registered domain binds to a table");
            assertThat(lake.findTable("raw.orders")).isEmpty();
        }
    }

    @Test
    void the_fingerprint_is_the_content_s_not_the_name_s() throws Exception {
        Path one = Files.writeString(dir.resolve("one.txt"), "same bytes");
        Path two = Files.writeString(dir.resolve("two.txt"), "same bytes");
        Path three = Files.writeString(dir.resolve("three.txt"), "other bytes");
        assertThat(FileLoader.fingerprint(one)).isEqualTo(FileLoader.fingerprint(two)).hasSize(64)
                .isNotEqualTo(FileLoader.fingerprint(three));
    }

    /** Lines as records for topic shop.orders; a line "{}" of another shape is fine, a line "!" is unreadable. */
    private static RecordSource source(String name, String... lines) {
        return new Records(name, "shop.orders", List.of(lines));
    }

    private record Records(String name, String topic, List<String> lines) implements RecordSource {
        @Override
        public List<String> topics() {
            return List.of(topic);
        }

        @Override
        public ReadSummary read(RecordSink records, RejectSink rejects) {
            long rejected = 0;
            for (int index = 0; index < lines.size(); index++) {
                records.accept(new SourceRecord(topic, null, lines.get(index).getBytes(StandardCharsets.UTF_8), -1));
                if (index == 1 && name.equals("orders.jsonl")) {
                    rejects.reject(new Reject(name, 99, "???", "unreadable line"));
                    rejected++;
                }
            }
            return new ReadSummary(lines.size(), rejected);
        }
    }
}
