package io.urbanflow.clickstream.internal;

import io.urbanflow.clickstream.EventKind;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.sources.text.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one clickstream event (a flat JSON object, {@link FlatJson}) into reusable slots, one per field of its
 * {@link EventKind}, and checks it: a JSON object and nothing after it; each id of {@link EventKind#requiredIds()} a
 * non-blank string; for browser events an {@code event_timestamp} that parses ({@link Timestamps}: ISO with {@code T}
 * or a space, optional fraction and offset; none means UTC); {@code device_is_mobile} true or false (JSON or text).
 * Unknown fields are ignored; a field's later copy wins; null counts as missing; numbers and booleans in a text field
 * are kept as their JSON text; an object or array in a known field is refused.
 *
 * <p>The hot path of the file formats and the ingest: one pass over the bytes, no string built unless asked for
 * ({@link #value}); the slots hold byte ranges into the parsed array, valid until the next {@link #parse}. Not
 * thread-safe: one per reader or batch writer.
 */
public final class EventParser implements FlatJson.Members {
    private static final LocalTimeConverter UTC = new LocalTimeConverter(ZoneOffset.UTC);
    private static final byte MISSING = 0;
    private static final byte RAW = 1;
    private static final byte ESCAPED = 2;
    private static final byte LITERAL = 3;

    private final EventKind kind;
    private final FlatJson json = new FlatJson();
    private final String[] names;
    private final byte[] types;
    private final int[] starts;
    private final int[] ends;
    private final String[] decoded;
    private final int[] requiredPositions;
    private final int timestampPosition;
    private final int mobilePosition;
    private final int keyPosition;
    private byte[] source;
    private byte[] scratch = new byte[64];
    private long timestampMicros = -1;
    private int mobile;
    /** The field matched last: producers write fields in one order, so the next one is tried first. */
    private int lastField = -1;

    public EventParser(EventKind kind) {
        this.kind = kind;
        List<String> fields = kind.fields();
        this.names = fields.toArray(new String[0]);
        this.types = new byte[names.length];
        this.starts = new int[names.length];
        this.ends = new int[names.length];
        this.decoded = new String[names.length];
        this.requiredPositions = new int[kind.requiredIds().size()];
        for (int i = 0; i < requiredPositions.length; i++) {
            requiredPositions[i] = fields.indexOf(kind.requiredIds().get(i));
        }
        this.timestampPosition = kind.timed() ? fields.indexOf("event_timestamp") : -1;
        this.mobilePosition = fields.indexOf("device_is_mobile");
        this.keyPosition = fields.indexOf(kind.keyField());
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
        source = bytes;
        lastField = -1;
        Arrays.fill(types, MISSING);
        timestampMicros = -1;
        mobile = -1;
        String reason = json.scan(bytes, start, length, this);
        if (reason != null) {
            return reason;
        }
        for (int position : requiredPositions) {
            if (types[position] == MISSING) {
                return "missing " + names[position];
            }
            if (blank(position)) {
                return "blank " + names[position];
            }
        }
        if (timestampPosition >= 0) {
            if (types[timestampPosition] == MISSING) {
                return "missing event_timestamp";
            }
            timestampMicros = timestamp(timestampPosition);
            if (timestampMicros == Timestamps.INVALID) {
                timestampMicros = -1;
                return "unparseable event_timestamp '" + shorten(value(timestampPosition)) + "'";
            }
        }
        if (mobilePosition >= 0 && types[mobilePosition] != MISSING && mobile < 0) {
            String text = value(mobilePosition).trim();
            mobile = text.equalsIgnoreCase("true") ? 1 : text.equalsIgnoreCase("false") ? 0 : -1;
            if (mobile < 0) {
                return "device_is_mobile '" + shorten(value(mobilePosition)) + "' is not true or false";
            }
        }
        return null;
    }

    @Override
    public String member(byte[] bytes, int nameStart, int nameEnd, boolean nameEscaped, FlatJson.ValueType type, int valueStart,
                         int valueEnd, boolean valueEscaped) {
        int field = field(bytes, nameStart, nameEnd, nameEscaped);
        if (field < 0) {
            return null;
        }
        switch (type) {
            case NULL -> {
                types[field] = MISSING;
                if (field == mobilePosition) {
                    mobile = -1;
                }
            }
            case NESTED -> {
                return "field " + names[field] + " is not a single value";
            }
            case STRING -> {
                types[field] = valueEscaped ? ESCAPED : RAW;
                starts[field] = valueStart;
                ends[field] = valueEnd;
                if (valueEscaped) {
                    decoded[field] = FlatJson.unescape(bytes, valueStart, valueEnd);
                }
                if (field == mobilePosition) {
                    mobile = -1;
                }
            }
            default -> {
                types[field] = LITERAL;
                starts[field] = valueStart;
                ends[field] = valueEnd;
                if (field == mobilePosition) {
                    mobile = type == FlatJson.ValueType.TRUE ? 1 : type == FlatJson.ValueType.FALSE ? 0 : -1;
                }
            }
        }
        return null;
    }

    private int field(byte[] bytes, int nameStart, int nameEnd, boolean nameEscaped) {
        if (nameEscaped) {
            String name = FlatJson.unescape(bytes, nameStart, nameEnd);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
        int guess = lastField + 1 < names.length ? lastField + 1 : 0;
        for (int tried = 0; tried < names.length; tried++) {
            int i = guess + tried < names.length ? guess + tried : guess + tried - names.length;
            if (FlatJson.equals(bytes, nameStart, nameEnd, names[i])) {
                lastField = i;
                return i;
            }
        }
        return -1;
    }

    private boolean blank(int position) {
        if (types[position] == ESCAPED) {
            return decoded[position].isBlank();
        }
        for (int i = starts[position]; i < ends[position]; i++) {
            if (source[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private long timestamp(int position) {
        byte[] bytes;
        int begin;
        int end;
        if (types[position] == ESCAPED) {
            String text = decoded[position];
            if (scratch.length < text.length()) {
                scratch = new byte[Math.max(text.length(), scratch.length * 2)];
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c > 127) {
                    return Timestamps.INVALID;
                }
                scratch[i] = (byte) c;
            }
            bytes = scratch;
            begin = 0;
            end = text.length();
        } else {
            bytes = source;
            begin = starts[position];
            end = ends[position];
        }
        while (begin < end && bytes[begin] == ' ') {
            begin++;
        }
        while (end > begin && bytes[end - 1] == ' ') {
            end--;
        }
        return Timestamps.parse(bytes, begin, end, UTC);
    }

    /** Whether field {@code position} of {@link EventKind#fields()} was present (and not null). */
    public boolean present(int position) {
        return types[position] != MISSING;
    }

    /** Whether the field's value is text with escapes (then {@link #value} is its only form). */
    public boolean escaped(int position) {
        return types[position] == ESCAPED;
    }

    /** The parsed bytes; a present, unescaped field's value is {@code source()[start(i), end(i))}. */
    public byte[] source() {
        return source;
    }

    public int start(int position) {
        return starts[position];
    }

    public int end(int position) {
        return ends[position];
    }

    /** The value of field {@code position} of {@link EventKind#fields()} as text, or null when it was missing. */
    public String value(int position) {
        return switch (types[position]) {
            case MISSING -> null;
            case ESCAPED -> decoded[position];
            default -> new String(source, starts[position], ends[position] - starts[position], StandardCharsets.UTF_8);
        };
    }

    /** The key field's value (present after a successful parse). */
    public String key() {
        return value(keyPosition);
    }

    /** The position of a field in {@link EventKind#fields()}, or -1. */
    public int position(String field) {
        return kind.fields().indexOf(field);
    }

    /** The browser event's time in epoch microseconds; -1 for other kinds. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** {@code device_is_mobile}: 1 true, 0 false, -1 missing. */
    public int mobile() {
        return mobile;
    }

    static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
