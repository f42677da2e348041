package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticClickstreamTest {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    private static final Pattern COORDINATE = Pattern.compile("-?\\d{1,3}\\.\\d{1,5}");
    private static final Set<String> PAGES = Set.of("/home", "/cart", "/payment", "/confirmation");

    @TempDir
    Path dir;

    @Test
    void accepts_only_specifications_whose_first_item_is_clickstream() {
        SyntheticClickstream generator = new SyntheticClickstream();
        assertThat(generator.accepts("synthetic:clickstream")).isTrue();
        assertThat(generator.accepts("synthetic:clickstream,visitors=5")).isTrue();
        assertThat(generator.accepts("synthetic:rome,taxis=5")).isFalse();
        assertThat(generator.accepts("synthetic:clickstreams")).isFalse();
        assertThat(generator.accepts("clickstream")).isFalse();
    }

    @Test
    void reads_its_specification_with_defaults_and_names_bad_items() {
        assertThat(SyntheticClickstream.Options.parse("synthetic:clickstream")).isEqualTo(SyntheticClickstream.Options.defaults());
        SyntheticClickstream.Options options = SyntheticClickstream.Options.parse("synthetic:clickstream,visitors=2_000,days=2,seed=9,start=2023-01-05");
        assertThat(options).isEqualTo(new SyntheticClickstream.Options(2000, 2, 9, LocalDate.of(2023, 1, 5)));
        assertThat(SyntheticClickstream.Options.parse(options.specification())).isEqualTo(options);
        assertThatThrownBy(() -> SyntheticClickstream.Options.parse("synthetic:clickstream,taxis=3"))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("unknown key taxis");
        assertThatThrownBy(() -> SyntheticClickstream.Options.parse("synthetic:clickstream,visitors=many"))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot read clickstream generator item 'visitors=many': expected a whole number");
        assertThatThrownBy(() -> SyntheticClickstream.Options.parse("synthetic:clickstream,visitors=0"))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("visitors=0 is outside");
        assertThatThrownBy(() -> SyntheticClickstream.Options.parse("synthetic:clickstream,days=1,days=2"))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("days is given twice");
    }

    @Test
    void the_same_seed_gives_the_same_bytes_and_another_seed_others() {
        List<SourceRecord> first = generate("synthetic:clickstream,visitors=200,seed=7");
        List<SourceRecord> again = generate("synthetic:clickstream,visitors=200,seed=7");
        List<SourceRecord> other = generate("synthetic:clickstream,visitors=200,seed=8");
        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).topic()).isEqualTo(first.get(i).topic());
            assertThat(again.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(again.get(i).value()).isEqualTo(first.get(i).value());
            assertThat(again.get(i).eventTimeMicros()).isEqualTo(first.get(i).eventTimeMicros());
        }
        assertThat(new String(other.get(0).value(), StandardCharsets.UTF_8)).isNotEqualTo(new String(first.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void a_day_has_the_same_visitors_whichever_span_includes_it() {
        List<SourceRecord> secondDayAlone = generate("synthetic:clickstream,visitors=100,start=2022-11-29");
        Set<String> twoDays = new HashSet<>();
        for (SourceRecord record : generate("synthetic:clickstream,visitors=100,days=2,start=2022-11-28")) {
            twoDays.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        // return visits that a one-day span cuts off are the only difference
        long shared = secondDayAlone.stream().filter(record -> twoDays.contains(new String(record.value(), StandardCharsets.UTF_8))).count();
        assertThat(shared).isEqualTo(secondDayAlone.size());
    }

    @Test
    void writes_events_with_the_sample_files_fields_in_their_order_and_value_formats() throws IOException {
        Map<String, List<String>> sampleFields = new HashMap<>();
        for (EventKind kind : EventKind.values()) {
            String firstLine = Files.readAllLines(SampleData.clickstream().resolve(kind.fileStem() + ".jsonl")).get(0);
            sampleFields.put(kind.topic(), new ArrayList<>(fields(firstLine).keySet()));
        }
        for (SourceRecord record : generate("synthetic:clickstream,visitors=300")) {
            String line = new String(record.value(), StandardCharsets.UTF_8);
            LinkedHashMap<String, Object> fields = fields(line);
            assertThat(new ArrayList<>(fields.keySet())).as(line).isEqualTo(sampleFields.get(record.topic()));
            assertThat(line).as("the sample's separators").contains("\", \"").startsWith("{\"").endsWith("}");
            switch (record.topic()) {
                case "clickstream.browser_events" -> {
                    assertThat((String) fields.get("event_id")).matches(UUID);
                    assertThat((String) fields.get("click_id")).matches(UUID);
                    assertThat((String) fields.get("event_timestamp")).matches(TIMESTAMP);
                    assertThat(fields.get("event_type")).isEqualTo("pageview");
                    assertThat((String) fields.get("browser_user_agent")).startsWith("Mozilla/5.0 (");
                }
                case "clickstream.location_events" -> {
                    String path = (String) fields.get("page_url_path");
                    assertThat(PAGES.contains(path) || path.matches("/product_[a-z]")).as(path).isTrue();
                    assertThat(fields.get("page_url")).isEqualTo("http://www.dummywebsite.com" + path);
                    assertThat((String) fields.get("referer_url")).startsWith("www.");
                    assertThat((String) fields.get("utm_campaign")).matches("campaign_\\d");
                    assertThat((String) fields.get("utm_content")).matches("ad_\\d");
                }
                case "clickstream.device_events" -> {
                    assertThat(fields.get("device_is_mobile")).isInstanceOf(Boolean.class)
                            .isEqualTo(fields.get("device_type").equals("Mobile"));
                    assertThat((String) fields.get("user_custom_id")).contains("@");
                    assertThat((String) fields.get("user_domain_id")).matches(UUID);
                }
                default -> {
                    assertThat((String) fields.get("geo_latitude")).matches(COORDINATE);
                    assertThat((String) fields.get("geo_longitude")).matches(COORDINATE);
                    assertThat((String) fields.get("ip_address")).matches("\\d{1,3}(\\.\\d{1,3}){3}");
                }
            }
        }
    }

    @Test
    void emits_in_event_time_order_with_device_and_geo_once_per_click_right_after_its_first_page_view() {
        List<SourceRecord> records = generate("synthetic:clickstream,visitors=500");
        long lastTime = Long.MIN_VALUE;
        String lastEventId = null;
        Set<String> seenClicks = new HashSet<>();
        Map<String, Integer> deviceEvents = new HashMap<>();
        Map<String, Integer> geoEvents = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SourceRecord record = records.get(i);
            Map<String, Object> fields = fields(new String(record.value(), StandardCharsets.UTF_8));
            switch (record.topic()) {
                case "clickstream.browser_events" -> {
                    assertThat(record.eventTimeMicros()).isGreaterThanOrEqualTo(lastTime);
                    lastTime = record.eventTimeMicros();
                    lastEventId = (String) fields.get("event_id");
                    String clickId = (String) fields.get("click_id");
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(clickId);
                    if (seenClicks.add(clickId)) {
                        assertThat(records.get(i + 1).topic()).isEqualTo("clickstream.location_events");
                        assertThat(records.get(i + 2).topic()).isEqualTo("clickstream.device_events");
                        assertThat(records.get(i + 3).topic()).isEqualTo("clickstream.geo_events");
                        assertThat(fields(new String(records.get(i + 2).value(), StandardCharsets.UTF_8)).get("click_id")).isEqualTo(clickId);
                    }
                }
                case "clickstream.location_events" -> {
                    assertThat(fields.get("event_id")).isEqualTo(lastEventId);
                    assertThat(record.eventTimeMicros()).isEqualTo(-1);
                }
                case "clickstream.device_events" -> deviceEvents.merge((String) fields.get("click_id"), 1, Integer::sum);
                default -> geoEvents.merge((String) fields.get("click_id"), 1, Integer::sum);
            }
        }
        assertThat(deviceEvents.keySet()).isEqualTo(seenClicks);
        assertThat(deviceEvents.values()).containsOnly(1);
        assertThat(geoEvents.values()).containsOnly(1);
    }

    @Test
    void a_demo_day_of_default_visitors_has_repeat_visitors_a_funnel_with_drop_off_and_a_daily_cycle() {
        List<SourceRecord> records = generate(SyntheticClickstream.Options.defaults().specification());
        Map<String, List<Long>> timesByClick = new HashMap<>();
        Map<String, Long> pages = new HashMap<>();
        long[] byHour = new long[24];
        String lastClick = null;
        long lastTime = 0;
        for (SourceRecord record : records) {
            Map<String, Object> fields = fields(new String(record.value(), StandardCharsets.UTF_8));
            if (record.topic().equals("clickstream.browser_events")) {
                lastClick = (String) fields.get("click_id");
                lastTime = record.eventTimeMicros();
                timesByClick.computeIfAbsent(lastClick, key -> new ArrayList<>()).add(lastTime);
                byHour[(int) (lastTime / 3_600_000_000L % 24)]++;
            } else if (record.topic().equals("clickstream.location_events")) {
                String path = (String) fields.get("page_url_path");
                pages.merge(path.startsWith("/product_") ? "/product" : path, 1L, Long::sum);
            }
        }
        assertThat(records.size()).as("events of a demo day").isBetween(100_000, 300_000);
        long returning = timesByClick.values().stream().filter(times -> {
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) - times.get(i - 1) > 30 * 60_000_000L) {
                    return true;
                }
            }
            return false;
        }).count();
        assertThat(returning).as("visitors with more than one session").isBetween(timesByClick.size() / 10L, timesByClick.size() / 2L);
        assertThat(pages.get("/home")).isGreaterThan(pages.get("/product") / 2);
        assertThat(pages.get("/product")).isGreaterThan(pages.get("/cart"));
        assertThat(pages.get("/cart")).isGreaterThan(pages.get("/payment"));
        assertThat(pages.get("/payment")).isGreaterThan(pages.get("/confirmation"));
        assertThat(pages.get("/confirmation")).isGreaterThan(timesByClick.size() / 50L);
        long evening = byHour[18] + byHour[19] + byHour[20] + byHour[21];
        long night = byHour[2] + byHour[3] + byHour[4] + byHour[5];
        assertThat(evening).isGreaterThan(night * 3);
    }

    @Test
    void the_file_writer_writes_what_the_formats_read_back() throws IOException {
        Path folder = dir.resolve("files");
        List<SourceRecord> generated = generate("synthetic:clickstream,visitors=150,seed=11");
        ClickstreamFileWriter.Written written = new ClickstreamFileWriter(folder, ClickstreamFileWriter.Layout.ONE_FILE_PER_KIND,
                ClickstreamFileWriter.Compression.GZIP).write(SyntheticClickstream.open(
                        SyntheticClickstream.Options.parse("synthetic:clickstream,visitors=150,seed=11")), RejectSink.strict());
        assertThat(written.files()).extracting(path -> path.getFileName().toString()).containsExactly(
                "browser_events.jsonl.gz", "device_events.jsonl.gz", "geo_events.jsonl.gz", "location_events.jsonl.gz");
        assertThat(written.total()).isEqualTo(generated.size());
        Set<String> read = new HashSet<>();
        ClickstreamFormatsTest.read(new io.urbanflow.sources.Sources(new ClickstreamDomain().formats(), List.of())
                .open(folder, io.urbanflow.sources.SourceOptions.defaults())).records
                .forEach(record -> read.add(record.topic() + " " + new String(record.value(), StandardCharsets.UTF_8)));
        Set<String> expected = new HashSet<>();
        generated.forEach(record -> expected.add(record.topic() + " " + new String(record.value(), StandardCharsets.UTF_8)));
        assertThat(read).isEqualTo(expected);
        assertThatThrownBy(() -> new ClickstreamFileWriter(folder, ClickstreamFileWriter.Layout.ONE_FILE_PER_KIND,
                ClickstreamFileWriter.Compression.GZIP).write(SyntheticClickstream.open(SyntheticClickstream.Options.defaults()), RejectSink.strict()))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("browser_events.jsonl.gz");
    }

    static List<SourceRecord> generate(String specification) {
        List<SourceRecord> records = new ArrayList<>();
        new SyntheticClickstream().open(specification).read(records::add, RejectSink.strict());
        return records;
    }

    /** The line's fields in order, with strings, booleans and numbers as Jackson reads them. */
    static LinkedHashMap<String, Object> fields(String line) {
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                fields.put(name, switch (token) {
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_STRING -> parser.getText();
                    default -> throw new AssertionError("unexpected " + token + " in " + line);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }
}
