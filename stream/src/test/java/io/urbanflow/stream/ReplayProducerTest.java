package io.urbanflow.stream;

import io.urbanflow.testing.TopicReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayProducerTest {
    private static final long START_MICROS = 1_391_209_200_000_000L; // 2014-02-01T00:00+01:00, midnight in Rome
    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void delivers_every_record_by_key_each_key_in_order_in_one_partition_with_its_source_position() {
        List<SourceRecord> records = new ArrayList<>();
        for (int second = 0; second < 400; second++) {
            for (String key : List.of("7", "taxi \"12\"", "\u00e9t\u00e9-3", "41")) {
                records.add(record("ordered", key, second, START_MICROS + second * 1_000_000L));
            }
        }
        ReplayResult result = replay(ReplaySpeed.MAX, new Records("ordered-source", records, List.of()), ReplayProducer.Resume.FROM_START);

        assertThat(result.failed()).as(result.firstFailure()).isZero();
        assertThat(result.sent()).isEqualTo(records.size());
        List<ConsumerRecord<byte[], byte[]>> sent = TopicReader.readAll(broker.bootstrapServers(), "ordered");
        assertThat(sent).hasSize(records.size());
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, List<String>> received = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> message : sent) {
            String key = new String(message.key(), StandardCharsets.UTF_8);
            assertThat(partitionOfKey.computeIfAbsent(key, ignored -> message.partition())).as("partition of %s", key)
                    .isEqualTo(message.partition());
            received.computeIfAbsent(key, ignored -> new ArrayList<>()).add(new String(message.value(), StandardCharsets.UTF_8));
            long sequence = SourcePositions.sequence(message.headers());
            assertThat(SourcePositions.source(message.headers())).isEqualTo("ordered-source");
            assertThat(new String(message.value(), StandardCharsets.UTF_8)).isEqualTo(value(records.get((int) sequence)));
        }
        for (Map.Entry<String, List<String>> key : received.entrySet()) {
            List<String> expected = records.stream().filter(record -> new String(record.key(), StandardCharsets.UTF_8).equals(key.getKey()))
                    .map(ReplayProducerTest::value).toList();
            assertThat(key.getValue()).as(key.getKey()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void a_resumed_replay_sends_only_what_an_interrupted_one_did_not_get_into_the_topic() {
        List<SourceRecord> records = new ArrayList<>();
        for (int index = 0; index < 3_000; index++) {
            records.add(record("resumed", "k" + index % 17, index, START_MICROS + index));
        }
        // an interrupted run: the source stopped after 1,234 records (a crash of the replay leaves such a prefix
        // per partition; the records cut off are the ones each partition is missing)
        replay(ReplaySpeed.MAX, new Records("resumed-source", records.subList(0, 1_234), List.of()), ReplayProducer.Resume.FROM_START);
        // another source writing the same topic meanwhile must not confuse the resume
        replay(ReplaySpeed.MAX, new Records("other-source", records.subList(0, 50), List.of()), ReplayProducer.Resume.FROM_START);

        ReplayResult resumed = replay(ReplaySpeed.MAX, new Records("resumed-source", records, List.of()), ReplayProducer.Resume.AFTER_LAST_SENT);

        assertThat(resumed.skipped()).isEqualTo(1_234);
        assertThat(resumed.sent()).isEqualTo(3_000 - 1_234);
        assertThat(resumed.summaryLine()).isEqualTo("sent=1766 rejected=0 skipped=1234");
        List<ConsumerRecord<byte[], byte[]>> sent = TopicReader.readAll(broker.bootstrapServers(), "resumed");
        List<Long> sequences = sent.stream().filter(message -> "resumed-source".equals(SourcePositions.source(message.headers())))
                .map(message -> SourcePositions.sequence(message.headers())).sorted().toList();
        assertThat(sequences).hasSize(3_000).doesNotHaveDuplicates();
        assertThat(sequences.get(0)).isZero();
        assertThat(sequences.get(2_999)).isEqualTo(2_999);
    }

    @Test
    void paces_records_by_the_data_clock_times_the_speed() {
        List<SourceRecord> records = new ArrayList<>();
        for (int index = 0; index < 10; index++) { // 10 records over 4 s of data: 2 s of wall time at 2x
            records.add(record("paced", "1", index, START_MICROS + index * 4_000_000L / 9));
        }
        StopWatch watch = new StopWatch();
        ReplayResult result = ReplayProducer.create(options(ReplaySpeed.times(2)), watch)
                .replay(new Records("paced", records, List.of()), reject -> { });

        assertThat(result.sent()).isEqualTo(10);
        // From the first record's send to the last acknowledgement: topic creation and client start-up excluded.
        assertThat(watch.took()).isBetween(Duration.ofMillis(1800), Duration.ofMillis(3000));
    }

    /** Times a replay from its first record to its end. */
    private static final class StopWatch implements ReplayProgress {
        private long firstNanos;
        private long finishNanos;

        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }

        @Override
        public void update(ReplayStatus status) {
        }

        @Override
        public void firstRecord(SourceRecord record, Optional<ZoneId> zone) {
            firstNanos = System.nanoTime();
        }

        @Override
        public void finish(ReplayResult result) {
            finishNanos = System.nanoTime();
        }

        Duration took() {
            return Duration.ofNanos(finishNanos - firstNanos);
        }
    }

    @Test
    void counts_the_lines_the_source_rejected() {
        List<SourceRecord> records = List.of(record("rejects", "a", 0, START_MICROS), record("rejects", "a", 1, START_MICROS + 1),
                record("rejects", "b", 2, START_MICROS + 2));
        List<Reject> rejects = List.of(new Reject("f.txt", 2, "bad", "latitude 999.0 outside [-90, 90]"),
                new Reject("f.txt", 5, "worse", "not a point"));
        List<Reject> kept = new CopyOnWriteArrayList<>();
        ReplayResult result = ReplayProducer.create(options(ReplaySpeed.MAX), ReplayProgress.silent())
                .replay(new Records("rejects", records, rejects), kept::add);

        assertThat(result.summaryLine()).isEqualTo("sent=3 rejected=2");
        assertThat(kept).containsExactlyElementsOf(rejects);
    }

    @Test
    void a_strict_replay_stops_at_the_first_bad_line_after_sending_the_records_before_it() {
        List<SourceRecord> records = List.of(record("strict", "a", 0, START_MICROS), record("strict", "a", 1, START_MICROS + 1),
                record("strict", "b", 2, START_MICROS + 2));
        List<Reject> rejects = List.of(new Reject("f.txt", 2, "bad", "latitude 999.0 outside [-90, 90]"));
        ReplayProducer producer = ReplayProducer.create(options(ReplaySpeed.MAX), ReplayProgress.silent());

        assertThatThrownBy(() -> producer.replay(new Records("strict", records, rejects), RejectSink.strict()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("Cannot read f.txt line 2: latitude 999.0 outside [-90, 90]");
        assertThat(TopicReader.readAll(broker.bootstrapServers(), "strict")).hasSize(2);
    }

    @Test
    void a_topic_override_of_a_source_with_several_topics_is_refused() {
        List<SourceRecord> records = List.of(record("one", "a", 0, START_MICROS), record("two", "a", 1, START_MICROS + 1));
        ReplayProducer producer = ReplayProducer.create(options(ReplaySpeed.MAX).withTopic("elsewhere"), ReplayProgress.silent());

        assertThatThrownBy(() -> producer.replay(new Records("two-topics", records, List.of()), reject -> { }))
                .hasMessage("Cannot replay two-topics to topic elsewhere: its records go to 2 topics (one, two); leave out --topic");
    }

    @Test
    void plain_progress_lines_show_the_counts_and_the_data_clock_in_the_source_zone() {
        List<SourceRecord> records = new ArrayList<>();
        for (int index = 0; index < 30; index++) {
            records.add(record("progress", "p" + index % 3, index, START_MICROS + index * 100_000L)); // 3 s of data at 10x
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayProgress progress = ReplayProgress.lines(new PrintWriter(out, true, StandardCharsets.UTF_8), null, Duration.ofMillis(50));
        ReplayResult result = ReplayProducer.create(options(ReplaySpeed.times(10)), progress)
                .replay(new Records("progress", records, List.of(), ZoneId.of("Europe/Rome")), reject -> { });

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(result.sent()).isEqualTo(30);
        assertThat(printed).contains("replay: ").contains("records/s, data clock 2014-02-01 00:00:0").contains("Europe/Rome")
                .contains("replayed 30 records in ");
    }

    @Test
    void terminal_progress_redraws_one_line_and_ends_it() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayProgress progress = ReplayProgress.terminal(new PrintWriter(out, true, StandardCharsets.UTF_8), ZoneOffset.UTC);
        progress.update(new ReplayStatus(10, 8, 1, 1000, START_MICROS, ReplaySpeed.times(60)));
        progress.update(new ReplayStatus(20, 18, 1, 2000, START_MICROS + 1_000_000, ReplaySpeed.times(60)));
        progress.finish(new ReplayResult(20, 0, 1, 0, null, 2000, START_MICROS, START_MICROS + 1_000_000));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r[").contains("18 sent  10 records/s  data clock 2014-01-31 23:00:01 Z  speed 60x  1 rejected")
                .contains("\nreplayed 20 records in 2.0 s (10 records/s)");
        assertThat(printed.split("\n")).hasSize(2);
    }

    private static SourceRecord record(String topic, String key, int index, long eventMicros) {
        return new SourceRecord(topic, key.getBytes(StandardCharsets.UTF_8),
                ("{\"key\":\"" + key + "\",\"n\":" + index + "}").getBytes(StandardCharsets.UTF_8), eventMicros);
    }

    private static String value(SourceRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static ReplayOptions options(ReplaySpeed speed) {
        return ReplayOptions.defaults(broker.bootstrapServers()).withSpeed(speed);
    }

    private static ReplayResult replay(ReplaySpeed speed, RecordSource source, ReplayProducer.Resume resume) {
        return ReplayProducer.create(options(speed), ReplayProgress.silent()).replay(source, reject -> { }, resume);
    }

    /** Records and rejects given up front, handed out in order; rejects come after the record they follow. */
    private record Records(String name, List<SourceRecord> records, List<Reject> rejects, ZoneId zoneOrNull) implements RecordSource {
        Records(String name, List<SourceRecord> records, List<Reject> rejects) {
            this(name, records, rejects, null);
        }

        @Override
        public List<String> topics() {
            return records.stream().map(SourceRecord::topic).distinct().toList();
        }

        @Override
        public Optional<ZoneId> zone() {
            return Optional.ofNullable(zoneOrNull);
        }

        @Override
        public ReadSummary read(RecordSink sink, RejectSink rejectSink) {
            int rejected = 0;
            for (int index = 0; index < records.size(); index++) {
                sink.accept(records.get(index));
                if (index == 1) {
                    for (Reject reject : rejects) {
                        rejectSink.reject(reject);
                        rejected++;
                    }
                }
            }
            return new ReadSummary(records.size(), rejected);
        }
    }
}
