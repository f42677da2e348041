package io.urbanflow.clickstream.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.clickstream.EventKind;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.sources.text.Timestamps;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one clickstream event (a flat JSON object) into reusable slots, one per field of its {@link EventKind}, and
 * checks it: a JSON object and nothing after it; each id of {@link EventKind#requiredIds()} a non-blank string; for
 * browser events an {@code event_timestamp} that parses ({@link Timestamps}: ISO with {@code T} or a space, optional
 * fraction and offset; none means UTC); {@code device_is_mobile} true or false (JSON or text). Unknown fields are
 * ignored; a field's later copy wins; null counts as missing. Scalars other than strings are kept as their JSON text.
 *
 * <p>The hot path of the file formats and of the ingest decoder: one Jackson streaming pass, no per-field map look-up
 * allocation (field names are Jackson's canonical strings). Not thread-safe: one per reader or batch writer.
 */
public final class EventParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final LocalTimeConverter UTC = new LocalTimeConverter(ZoneOffset.UTC);

    private final EventKind kind;
    private final Map<String, Integer> positions = new HashMap<>();
    private final String[] values;
    private final int[] requiredPositions;
    private final int timestampPosition;
    private final int mobilePosition;
    private byte[] scratch = new byte[64];
    private long timestampMicros = -1;
    private int mobile;

    public EventParser(EventKind kind) {
        this.kind = kind;
        List<String> fields = kind.fields();
        for (int i = 0; i < fields.size(); i++) {
            positions.put(fields.get(i), i);
        }
        this.values = new String[fields.size()];
        this.requiredPositions = new int[kind.requiredIds().size()];
        for (int i = 0; i < requiredPositions.length; i++) {
            requiredPositions[i] = positions.get(kind.requiredIds().get(i));
        }
        this.timestampPosition = kind.timed() ? positions.get("event_timestamp") : -1;
        this.mobilePosition = positions.getOrDefault("device_is_mobile", -1);
    }

    public EventKind kind() {
        return kind;
    }

    /**
     * Parses {@code bytes[start, start + length)}.
     *
     * @return null when the event is valid; otherwise the reason, e.g. "missing click_id", and the slots are undefined
     */
    public String parse(byte[] bytes, int start, int length) {
        Arrays.fill(values, null);
        timestampMicros = -1;
        mobile = -1;
        try (JsonParser parser = JSON.createParser(bytes, start, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                Integer position = positions.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (position == null) {
                    parser.skipChildren();
                    continue;
                }
                int index = position;
                switch (value) {
                    case VALUE_NULL -> {
                        values[index] = null;
                        if (index == mobilePosition) {
                            mobile = -1;
                        }
                    }
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                        values[index] = parser.getText();
                        if (index == mobilePosition) {
                            mobile = value == JsonToken.VALUE_TRUE ? 1 : value == JsonToken.VALUE_FALSE ? 0 : booleanText(values[index]);
                            if (mobile < 0) {
                                return "device_is_mobile '" + shorten(values[index]) + "' is not true or false";
                            }
                        }
                    }
                    default -> {
                        return "field " + kind.fields().get(index) + " is not a single value";
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return "not valid JSON: expected a field name";
            }
            if (parser.nextToken() != null) {
                return "not valid JSON: content after the object";
            }
        } catch (JsonParseException e) {
            return "not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            return "not valid JSON: " + e.getMessage();
        }
        for (int position : requiredPositions) {
            String id = values[position];
            if (id == null) {
                return "missing " + kind.fields().get(position);
            }
            if (id.isBlank()) {
                return "blank " + kind.fields().get(position);
            }
        }
        if (timestampPosition >= 0) {
            String text = values[timestampPosition];
            if (text == null) {
                return "missing event_timestamp";
            }
            timestampMicros = parseTimestamp(text);
            if (timestampMicros == Timestamps.INVALID) {
                timestampMicros = -1;
                return "unparseable event_timestamp '" + shorten(text) + "'";
            }
        }
        return null;
    }

    /** The value of field {@code position} of {@link EventKind#fields()}, or null when it was missing. */
    public String value(int position) {
        return values[position];
    }

    /** The key field's value (present after a successful parse). */
    public String key() {
        return values[positions.get(kind.keyField())];
    }

    /** The position of a field in {@link EventKind#fields()}, or -1. */
    public int position(String field) {
        return positions.getOrDefault(field, -1);
    }

    /** The browser event's time in epoch microseconds; -1 for other kinds. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** {@code device_is_mobile}: 1 true, 0 false, -1 missing. */
    public int mobile() {
        return mobile;
    }

    private long parseTimestamp(String text) {
        int length = text.length();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c > 127) {
                return Timestamps.INVALID;
            }
            scratch[i] = (byte) c;
        }
        int begin = 0;
        int end = length;
        while (begin < end && scratch[begin] == ' ') {
            begin++;
        }
        while (end > begin && scratch[end - 1] == ' ') {
            end--;
        }
        return Timestamps.parse(scratch, begin, end, UTC);
    }

    private static int booleanText(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return 1;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return 0;
        }
        return -1;
    }

    static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
