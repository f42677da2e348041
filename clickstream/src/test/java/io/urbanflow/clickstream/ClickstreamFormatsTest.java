package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.sources.Sources;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamFormatsTest {
    private static final Sources SOURCES = new Sources(new ClickstreamDomain().formats(), new ClickstreamDomain().generators());

    @TempDir
    Path dir;

    @Test
    void auto_detects_each_sample_file_and_reads_its_thousand_events_to_its_topic() {
        for (EventKind kind : EventKind.values()) {
            Path file = SampleData.clickstream().resolve(kind.fileStem() + ".jsonl");
            assertThat(SOURCES.detect(file, SourceOptions.defaults()).name()).isEqualTo(kind.formatName());
            Collected collected = read(SOURCES.open(file, SourceOptions.defaults()));
            assertThat(collected.summary).isEqualTo(new ReadSummary(1000, 0));
            assertThat(collected.records).allSatisfy(record -> assertThat(record.topic()).isEqualTo(kind.topic()));
        }
    }

    @Test
    void keys_by_click_id_where_the_event_has_one_and_times_only_browser_events() throws IOException {
        List<String> browserLines = Files.readAllLines(SampleData.clickstream().resolve("browser_events.jsonl"));
        SourceRecord browser = read(SOURCES.open(SampleData.clickstream().resolve("browser_events.jsonl"), SourceOptions.defaults())).records.get(0);
        assertThat(text(browser.key())).isEqualTo("811320f1-3bc2-42b9-a841-5a1e5a812f2d");
        assertThat(text(browser.value())).isEqualTo(browserLines.get(0));
        // 2022-11-28 20:51:05.627882 UTC
        assertThat(browser.eventTimeMicros()).isEqualTo(1_669_668_665_627_882L);

        SourceRecord location = read(SOURCES.open(SampleData.clickstream().resolve("location_events.jsonl"), SourceOptions.defaults())).records.get(0);
        assertThat(text(location.key())).isEqualTo("8cca1c7d-b0cc-4738-be92-c644101e3fff");
        assertThat(location.eventTimeMicros()).isEqualTo(-1);
        SourceRecord geo = read(SOURCES.open(SampleData.clickstream().resolve("geo_events.jsonl"), SourceOptions.defaults())).records.get(0);
        assertThat(text(geo.key())).isEqualTo("811320f1-3bc2-42b9-a841-5a1e5a812f2d");
        assertThat(geo.eventTimeMicros()).isEqualTo(-1);
    }

    @Test
    void quarantines_bad_lines_with_their_line_numbers_and_reasons_and_keeps_the_good_ones() throws IOException {
        String good = "{\"event_id\": \"e1\", \"event_timestamp\": \"2022-11-28 20:51:05.627882\", \"event_type\": \"pageview\", "
                + "\"click_id\": \"c1\", \"browser_name\": \"Chrome\", \"browser_user_agent\": \"x\", \"browser_language\": \"en_US\"}";
        Path file = dir.resolve("browser_events.jsonl");
        Files.writeString(file, String.join("\n",
                good,
                "{\"event_id\": \"e2\", \"event_timestamp\": \"2022-11-28 20:51:06\", \"click_id\": \"c1\"",
                "{\"event_timestamp\": \"2022-11-28 20:51:07\", \"click_id\": \"c1\", \"browser_name\": \"Chrome\"}",
                "{\"event_id\": \"  \", \"event_timestamp\": \"2022-11-28 20:51:07\", \"click_id\": \"c1\"}",
                "{\"event_id\": \"e5\", \"event_timestamp\": \"28/11/2022 20:51\", \"click_id\": \"c1\"}",
                "",
                "{\"event_id\": \"e7\", \"event_timestamp\": \"2022-11-28 20:51:09\"}",
                "[1, 2]",
                "{\"event_id\": \"e9\", \"event_timestamp\": \"2022-11-28 20:51:09\", \"click_id\": \"c9\"} trailing",
                "{\"event_id\": \"e10\", \"event_timestamp\": \"2022-11-28T20:51:10Z\", \"click_id\": \"c1\"}"));
        Collected collected = read(SOURCES.open(file, SourceOptions.defaults().withFormat("clickstream-browser")));

        assertThat(collected.summary).isEqualTo(new ReadSummary(2, 7));
        assertThat(collected.rejects).extracting(Reject::lineNumber).containsExactly(2L, 3L, 4L, 5L, 7L, 8L, 9L);
        assertThat(collected.rejects).extracting(Reject::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("not valid JSON"),
                reason -> assertThat(reason).isEqualTo("missing event_id"),
                reason -> assertThat(reason).isEqualTo("blank event_id"),
                reason -> assertThat(reason).isEqualTo("unparseable event_timestamp '28/11/2022 20:51'"),
                reason -> assertThat(reason).isEqualTo("missing click_id"),
                reason -> assertThat(reason).isEqualTo("not a JSON object"),
                reason -> assertThat(reason).startsWith("not valid JSON"));
        assertThat(collected.rejects).allSatisfy(reject -> assertThat(reject.origin()).isEqualTo(file.toString()));
        assertThat(collected.rejects.get(0).describe()).startsWith("Cannot read " + file + " line 2: not valid JSON");
        assertThat(collected.records).extracting(record -> text(record.key())).containsExactly("c1", "c1");
    }

    @Test
    void strict_reading_stops_at_the_first_bad_line_naming_file_and_line() throws IOException {
        Path file = dir.resolve("geo_events.jsonl");
        Files.writeString(file, "{\"click_id\": \"c1\", \"geo_latitude\": \"1.5\", \"geo_country\": \"DE\"}\n"
                + "{\"geo_latitude\": \"1.5\", \"geo_country\": \"DE\", \"geo_timezone\": \"Europe/Berlin\"}\n");
        RecordSource source = SOURCES.open(file, SourceOptions.defaults().withFormat("clickstream-geo"));
        assertThatThrownBy(() -> source.read(record -> { }, RejectSink.strict()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("Cannot read " + file + " line 2: missing click_id");
    }

    @Test
    void device_is_mobile_must_be_true_or_false() throws IOException {
        Path file = dir.resolve("device_events.jsonl");
        Files.writeString(file, "{\"click_id\": \"c1\", \"os_name\": \"iOS\", \"device_type\": \"Mobile\", \"device_is_mobile\": \"yes\"}\n"
                + "{\"click_id\": \"c2\", \"os_name\": \"iOS\", \"device_type\": \"Mobile\", \"device_is_mobile\": \"TRUE\"}\n");
        Collected collected = read(SOURCES.open(file, SourceOptions.defaults()));
        assertThat(collected.rejects).extracting(Reject::reason).containsExactly("device_is_mobile 'yes' is not true or false");
        assertThat(collected.records).hasSize(1);
    }

    @Test
    void reads_gzip_files_and_zip_archives_of_the_four_files() throws IOException {
        Path gzip = dir.resolve("location_events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(SampleData.clickstream().resolve("location_events.jsonl"), out);
        }
        assertThat(SOURCES.detect(gzip, SourceOptions.defaults()).name()).isEqualTo("clickstream-location");
        assertThat(read(SOURCES.open(gzip, SourceOptions.defaults())).summary).isEqualTo(new ReadSummary(1000, 0));

        Path zip = dir.resolve("clickstream.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (EventKind kind : EventKind.values()) {
                out.putNextEntry(new ZipEntry("clickstream/" + kind.fileStem() + ".jsonl"));
                Files.copy(SampleData.clickstream().resolve(kind.fileStem() + ".jsonl"), out);
                out.closeEntry();
            }
        }
        Collected collected = read(SOURCES.open(zip, SourceOptions.defaults()));
        assertThat(collected.summary).isEqualTo(new ReadSummary(4000, 0));
        assertThat(collected.records).extracting(SourceRecord::topic).containsOnly(
                "clickstream.browser_events", "clickstream.location_events", "clickstream.device_events", "clickstream.geo_events");
    }

    @Test
    void reads_a_folder_of_hourly_files_each_detected_on_its_own() throws IOException {
        Path folder = dir.resolve("hourly");
        ClickstreamFileWriter.Written written = new ClickstreamFileWriter(folder, ClickstreamFileWriter.Layout.HOURLY,
                ClickstreamFileWriter.Compression.NONE).write(SyntheticClickstream.open(
                        SyntheticClickstream.Options.parse("synthetic:clickstream,visitors=300,seed=3")), RejectSink.strict());
        assertThat(written.files()).hasSizeGreaterThan(4 * 20);
        assertThat(written.files()).extracting(path -> path.getFileName().toString())
                .contains("browser_events_2022-11-28T20.jsonl", "geo_events_2022-11-28T03.jsonl");

        Collected collected = read(SOURCES.open(folder, SourceOptions.defaults()));
        assertThat(collected.summary.accepted()).isEqualTo(written.total());
        assertThat(collected.rejects).isEmpty();
        for (Path file : written.files()) {
            String name = file.getFileName().toString();
            EventKind kind = EventKind.valueOf(name.substring(0, name.indexOf("_events")).toUpperCase(java.util.Locale.ROOT));
            assertThat(SOURCES.detect(file, SourceOptions.defaults()).name()).as(name).isEqualTo(kind.formatName());
        }
    }

    @Test
    void refuses_a_folder_that_mixes_domains() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(SampleData.clickstream().resolve("geo_events.jsonl"), folder.resolve("geo_events.jsonl"));
        Files.writeString(folder.resolve("points.txt"), "156;2014-02-01 00:00:00.739166+01;POINT(41.88 12.48)\n");
        Sources sources = new Sources(List.of(SOURCES.format("clickstream-geo"), new OtherDomainFormat()), List.of());
        assertThatThrownBy(() -> sources.open(folder, SourceOptions.defaults()))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("mixes domains")
                .hasMessageContaining("clickstream: geo_events.jsonl (clickstream-geo)")
                .hasMessageContaining("other: points.txt (other-lines)");
    }

    @Test
    void a_json_file_of_another_shape_is_not_taken_for_clickstream() throws IOException {
        Path file = dir.resolve("points.jsonl");
        Files.writeString(file, "{\"vehicle_id\":\"156\",\"ts\":\"2014-02-01T00:00:00.739166+01:00\",\"lat\":41.88,\"lon\":12.48}\n");
        assertThatThrownBy(() -> SOURCES.detect(file, SourceOptions.defaults()))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("Cannot detect the format of " + file);
    }

    /** A line format of another domain, for mixing. */
    private static final class OtherDomainFormat implements SourceFormat {
        @Override
        public String name() {
            return "other-lines";
        }

        @Override
        public String domain() {
            return "other";
        }

        @Override
        public String description() {
            return "any line starting with a digit";
        }

        @Override
        public String exampleLine() {
            return "1";
        }

        @Override
        public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
            return firstLines.stream().allMatch(line -> Character.isDigit(line.charAt(0))) ? 90 : 0;
        }

        @Override
        public RecordSource open(Path file, SourceOptions options) {
            throw new UnsupportedOperationException("not read in this test");
        }
    }

    static Collected read(RecordSource source) {
        Collected collected = new Collected();
        collected.summary = source.read(collected.records::add, collected.rejects::add);
        return collected;
    }

    static final class Collected {
        final List<SourceRecord> records = new ArrayList<>();
        final List<Reject> rejects = new ArrayList<>();
        ReadSummary summary;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
