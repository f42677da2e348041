package io.urbanflow.clickstream.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.clickstream.ClickstreamDomain;
import io.urbanflow.clickstream.EventKind;
import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.sources.text.LineFileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One of the four clickstream JSON-lines files ({@code clickstream-browser}, {@code -location}, {@code -device},
 * {@code -geo}): each line one event, checked by {@link EventParser} and sent as it is (the line's bytes, trimmed) to
 * the kind's topic, keyed by its click_id (location events: event_id), with the browser event's time. Detected from
 * the lines' field names (and, as a tie-breaker, the file name: {@code browser_events*.jsonl}). Stateless.
 */
public final class EventFileFormat implements SourceFormat {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final EventKind kind;

    public EventFileFormat(EventKind kind) {
        this.kind = kind;
    }

    /** The four formats, in {@link EventKind} order. */
    public static List<SourceFormat> all() {
        return Arrays.stream(EventKind.values()).map(kind -> (SourceFormat) new EventFileFormat(kind)).toList();
    }

    @Override
    public String name() {
        return kind.formatName();
    }

    @Override
    public String domain() {
        return ClickstreamDomain.NAME;
    }

    @Override
    public String description() {
        return "clickstream " + kind.fileStem().replace('_', ' ') + ": JSON lines with " + String.join(", ", kind.fields())
                + " (" + kind.fileStem() + ".jsonl, or hourly " + kind.fileStem() + "_2022-11-28T20.jsonl) to topic " + kind.topic();
    }

    @Override
    public String exampleLine() {
        return switch (kind) {
            case BROWSER -> "{\"event_id\": \"8cca1c7d-b0cc-4738-be92-c644101e3fff\", \"event_timestamp\": \"2022-11-28 20:51:05.627882\", "
                    + "\"event_type\": \"pageview\", \"click_id\": \"811320f1-3bc2-42b9-a841-5a1e5a812f2d\", \"browser_name\": \"Chrome\", "
                    + "\"browser_user_agent\": \"Mozilla/5.0 (Linux; Android 2.3.5) AppleWebKit/531.2 (KHTML, like Gecko) Chrome/32.0.833.0 Safari/531.2\", "
                    + "\"browser_language\": \"sat_IN\"}";
            case LOCATION -> "{\"event_id\": \"8cca1c7d-b0cc-4738-be92-c644101e3fff\", \"page_url\": \"http://www.dummywebsite.com/home\", "
                    + "\"page_url_path\": \"/home\", \"referer_url\": \"www.facebook.com\", \"referer_medium\": \"internal\", "
                    + "\"utm_medium\": \"organic\", \"utm_source\": \"facebook\", \"utm_content\": \"ad_4\", \"utm_campaign\": \"campaign_2\"}";
            case DEVICE -> "{\"click_id\": \"811320f1-3bc2-42b9-a841-5a1e5a812f2d\", \"os\": \"iPad; CPU iPad OS 4_2_1 like Mac OS X\", "
                    + "\"os_name\": \"iOS\", \"os_timezone\": \"Europe/Berlin\", \"device_type\": \"Mobile\", \"device_is_mobile\": true, "
                    + "\"user_custom_id\": \"aperry@yahoo.com\", \"user_domain_id\": \"1ab06c9f-0e2e-4f46-9b6c-91a0e9a86a4d\"}";
            case GEO -> "{\"click_id\": \"811320f1-3bc2-42b9-a841-5a1e5a812f2d\", \"geo_latitude\": \"50.82709\", \"geo_longitude\": \"6.9747\", "
                    + "\"geo_country\": \"DE\", \"geo_timezone\": \"Europe/Berlin\", \"geo_region_name\": \"Wesseling\", \"ip_address\": \"206.227.30.186\"}";
        };
    }

    @Override
    public Optional<ZoneId> zone() {
        return Optional.of(ZoneOffset.UTC);
    }

    /**
     * The share of the first lines that are JSON objects with the kind's ids and more of its other fields than of any
     * other kind's (at least one), less 10 points unless the file's name starts with the kind's stem
     * ({@code geo_events}): a line holding the fields of two kinds is settled by the name.
     */
    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        if (firstLines.isEmpty()) {
            return 0;
        }
        int matching = 0;
        for (String line : firstLines) {
            Set<String> names = fieldNames(line);
            if (names.containsAll(kind.requiredIds()) && ownFields(kind, names) > 0 && ownFields(kind, names) >= mostOfOtherKinds(names)) {
                matching++;
            }
        }
        int share = matching * 100 / firstLines.size();
        boolean named = fileName.toLowerCase(java.util.Locale.ROOT).startsWith(kind.fileStem());
        return share == 0 ? 0 : named ? share : Math.max(0, share - 10);
    }

    private int mostOfOtherKinds(Set<String> names) {
        int most = 0;
        for (EventKind other : EventKind.values()) {
            if (other != kind) {
                most = Math.max(most, ownFields(other, names));
            }
        }
        return most;
    }

    /** How many of {@code names} are fields of {@code kind} other than its ids. */
    private static int ownFields(EventKind kind, Set<String> names) {
        int count = 0;
        for (String field : kind.fields()) {
            if (!field.equals("event_id") && !field.equals("click_id") && names.contains(field)) {
                count++;
            }
        }
        return count;
    }

    /** The top-level field names of a JSON object line; empty when the line is not one. */
    private static Set<String> fieldNames(String line) {
        Set<String> names = new HashSet<>();
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Set.of();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                names.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    @Override
    public RecordSource open(Path file, SourceOptions options) {
        return new Reader(file, kind);
    }

    /** One file of events. Single use, not thread-safe. */
    private static final class Reader extends LineFileReader implements RecordSource {
        private final EventParser parser;
        private final String topic;
        private RecordSink records;
        private long accepted;

        Reader(Path file, EventKind kind) {
            super(file);
            this.parser = new EventParser(kind);
            this.topic = kind.topic();
        }

        @Override
        public String name() {
            return origin();
        }

        @Override
        public List<String> topics() {
            return List.of(topic);
        }

        @Override
        public Optional<ZoneId> zone() {
            return Optional.of(ZoneOffset.UTC);
        }

        @Override
        protected boolean hasHeader() {
            return false;
        }

        @Override
        protected void readLine(byte[] bytes, int start, int end) {
            while (start < end && isSpace(bytes[start])) {
                start++;
            }
            while (end > start && isSpace(bytes[end - 1])) {
                end--;
            }
            String reason = parser.parse(bytes, start, end - start);
            if (reason != null) {
                throw new InvalidRecordException(reason);
            }
            accepted++;
            records.accept(new SourceRecord(topic, parser.key().getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(bytes, start, end), parser.timestampMicros()));
        }

        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t' || b == '\r';
        }

        @Override
        public ReadSummary read(RecordSink recordSink, RejectSink rejectSink) {
            this.records = recordSink;
            long rejected = readLines(rejectSink);
            return new ReadSummary(accepted, rejected);
        }
    }
}
