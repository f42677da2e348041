package io.urbanflow.mobility.stream.internal;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the v1 JSON of {@code io.urbanflow.mobility.stream.PointCodec} from bytes in one pass, without a tokenizer,
 * reflection or intermediate strings for keys and numbers: the decoding hot path of every consumer.
 *
 * <p>Invariants: one instance reads one message ({@code position} only moves forward, never past {@code end});
 * every failure is an {@link InvalidRecordException} with a short reason, never another exception, whatever the
 * bytes. Accepts any key order, JSON whitespace, unknown keys (any JSON value, skipped), escapes in strings and
 * keys, numbers with fraction and exponent. Numbers whose decimal mantissa is below 2^53 and whose decimal exponent
 * is within ±22 are computed as one exact multiplication or division (correctly rounded, as
 * {@link Double#parseDouble} would), others fall back to {@link Double#parseDouble}. Not thread-safe; cheap to create.
 */
public final class PointJsonReader {
    private static final int MAX_DEPTH = 64;
    private static final int SEEN_VERSION = 1;
    private static final int SEEN_ID = 2;
    private static final int SEEN_TIME = 4;
    private static final int SEEN_LATITUDE = 8;
    private static final int SEEN_LONGITUDE = 16;

    private final byte[] bytes;
    private final int start;
    private final int end;
    private int position;

    private PointJsonReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
    }

    /**
     * @throws InvalidRecordException with the reason when the bytes are not a valid v1 point
     */
    public static GpsPoint read(byte[] bytes, int offset, int length) {
        if (bytes == null || length == 0) {
            throw new InvalidRecordException("empty message");
        }
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length + " outside " + bytes.length + " bytes");
        }
        return new PointJsonReader(bytes, offset, length).readPoint();
    }

    private GpsPoint readPoint() {
        skipWhitespace();
        if (position >= end) {
            throw new InvalidRecordException("empty message");
        }
        expect('{');
        int seen = 0;
        long version = 0;
        String vehicleId = null;
        long epochMicros = 0;
        double latitude = 0;
        double longitude = 0;
        int occupancy = GpsPoint.OCCUPANCY_UNKNOWN;
        String source = "";
        skipWhitespace();
        if (peek() == '}') {
            position++;
        } else {
            while (true) {
                skipWhitespace();
                expect('"');
                int key = readKey();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                switch (key) {
                    case KEY_VERSION:
                        version = readWholeNumber("v");
                        seen |= SEEN_VERSION;
                        break;
                    case KEY_ID:
                        vehicleId = readStringValue("id");
                        seen |= SEEN_ID;
                        break;
                    case KEY_TIME:
                        epochMicros = readWholeNumber("t");
                        seen |= SEEN_TIME;
                        break;
                    case KEY_LATITUDE:
                        latitude = readNumber("lat");
                        seen |= SEEN_LATITUDE;
                        break;
                    case KEY_LONGITUDE:
                        longitude = readNumber("lon");
                        seen |= SEEN_LONGITUDE;
                        break;
                    case KEY_OCCUPANCY:
                        if (readNull()) {
                            occupancy = GpsPoint.OCCUPANCY_UNKNOWN;
                        } else {
                            long value = readWholeNumber("occ");
                            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                                throw new InvalidRecordException("occupancy " + value + " is not -1, 0 or 1");
                            }
                            occupancy = (int) value; // the point's constructor checks the range
                        }
                        break;
                    case KEY_SOURCE:
                        source = readNull() ? "" : readStringValue("src");
                        break;
                    default:
                        skipValue(0);
                        break;
                }
                skipWhitespace();
                byte next = next();
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw notJson(position - 1);
                }
            }
        }
        skipWhitespace();
        if (position < end) {
            throw notJson(position);
        }
        // The version decides what the other fields mean, so it is checked before them.
        if ((seen & SEEN_VERSION) == 0) {
            throw new InvalidRecordException("missing field v");
        }
        if (version != 1) {
            throw new InvalidRecordException("unsupported version " + version);
        }
        if ((seen & SEEN_ID) == 0) {
            throw new InvalidRecordException("missing field id");
        }
        if ((seen & SEEN_TIME) == 0) {
            throw new InvalidRecordException("missing field t");
        }
        if ((seen & SEEN_LATITUDE) == 0) {
            throw new InvalidRecordException("missing field lat");
        }
        if ((seen & SEEN_LONGITUDE) == 0) {
            throw new InvalidRecordException("missing field lon");
        }
        return new GpsPoint(vehicleId, epochMicros, latitude, longitude, occupancy, source);
    }

    private static final int KEY_UNKNOWN = 0;
    private static final int KEY_VERSION = 1;
    private static final int KEY_ID = 2;
    private static final int KEY_TIME = 3;
    private static final int KEY_LATITUDE = 4;
    private static final int KEY_LONGITUDE = 5;
    private static final int KEY_OCCUPANCY = 6;
    private static final int KEY_SOURCE = 7;

    /** Reads a key after its opening quote, up to and including its closing quote, and names it. */
    private int readKey() {
        int from = position;
        while (position < end) {
            byte b = bytes[position];
            if (b == '"') {
                position++;
                return keyOf(from, position - 1 - from);
            }
            if (b == '\\' || b < 0x20) {
                // Rare: an escaped or non-ASCII key; decode it properly and compare the text.
                position = from;
                return keyOf(readString());
            }
            position++;
        }
        throw truncated();
    }

    private int keyOf(int from, int length) {
        switch (length) {
            case 1:
                return bytes[from] == 'v' ? KEY_VERSION : bytes[from] == 't' ? KEY_TIME : KEY_UNKNOWN;
            case 2:
                return bytes[from] == 'i' && bytes[from + 1] == 'd' ? KEY_ID : KEY_UNKNOWN;
            case 3:
                byte first = bytes[from];
                byte second = bytes[from + 1];
                byte third = bytes[from + 2];
                if (first == 'l' && second == 'a' && third == 't') {
                    return KEY_LATITUDE;
                }
                if (first == 'l' && second == 'o' && third == 'n') {
                    return KEY_LONGITUDE;
                }
                if (first == 'o' && second == 'c' && third == 'c') {
                    return KEY_OCCUPANCY;
                }
                if (first == 's' && second == 'r' && third == 'c') {
                    return KEY_SOURCE;
                }
                return KEY_UNKNOWN;
            default:
                return KEY_UNKNOWN;
        }
    }

    private static int keyOf(String key) {
        switch (key) {
            case "v": return KEY_VERSION;
            case "id": return KEY_ID;
            case "t": return KEY_TIME;
            case "lat": return KEY_LATITUDE;
            case "lon": return KEY_LONGITUDE;
            case "occ": return KEY_OCCUPANCY;
            case "src": return KEY_SOURCE;
            default: return KEY_UNKNOWN;
        }
    }

    private String readStringValue(String field) {
        if (position < end && bytes[position] == '"') {
            position++;
            return readString();
        }
        checkValueStart();
        throw new InvalidRecordException("field " + field + " is not a string");
    }

    /** Reads a string after its opening quote, up to and including its closing quote. */
    private String readString() {
        int from = position;
        while (position < end) {
            byte b = bytes[position];
            if (b == '"') {
                position++;
                // ISO-8859-1 of pure ASCII is a straight copy into a compact string.
                return new String(bytes, from, position - 1 - from, StandardCharsets.ISO_8859_1);
            }
            if (b == '\\' || b < 0x20) { // b < 0x20 includes every non-ASCII byte, which is negative
                position = from;
                return readStringSlowly();
            }
            position++;
        }
        throw truncated();
    }

    private String readStringSlowly() {
        StringBuilder text = new StringBuilder();
        while (true) {
            if (position >= end) {
                throw truncated();
            }
            int b = bytes[position] & 0xFF;
            if (b == '"') {
                position++;
                return text.toString();
            }
            if (b == '\\') {
                position++;
                readEscape(text);
            } else if (b < 0x20) {
                throw notJson(position);
            } else if (b < 0x80) {
                text.append((char) b);
                position++;
            } else {
                text.appendCodePoint(readUtf8CodePoint(b));
            }
        }
    }

    private void readEscape(StringBuilder text) {
        if (position >= end) {
            throw truncated();
        }
        byte escaped = bytes[position++];
        switch (escaped) {
            case '"': text.append('"'); break;
            case '\\': text.append('\\'); break;
            case '/': text.append('/'); break;
            case 'b': text.append('\b'); break;
            case 'f': text.append('\f'); break;
            case 'n': text.append('\n'); break;
            case 'r': text.append('\r'); break;
            case 't': text.append('\t'); break;
            case 'u':
                int value = 0;
                for (int digit = 0; digit < 4; digit++) {
                    if (position >= end) {
                        throw truncated();
                    }
                    int hex = Character.digit(bytes[position], 16);
                    if (hex < 0 || bytes[position] < 0) {
                        throw notJson(position);
                    }
                    value = value * 16 + hex;
                    position++;
                }
                text.append((char) value);
                break;
            default:
                throw notJson(position - 1);
        }
    }

    /** Decodes one UTF-8 sequence whose lead byte {@code lead} is at {@code position}, rejecting malformed ones. */
    private int readUtf8CodePoint(int lead) {
        int at = position;
        int length;
        int codePoint;
        int minimum;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            codePoint = lead & 0x1F;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            codePoint = lead & 0x0F;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            codePoint = lead & 0x07;
            minimum = 0x10000;
        } else {
            throw invalidUtf8(at);
        }
        if (end - at < length) {
            throw truncated();
        }
        for (int index = 1; index < length; index++) {
            int continuation = bytes[at + index] & 0xFF;
            if ((continuation & 0xC0) != 0x80) {
                throw invalidUtf8(at);
            }
            codePoint = (codePoint << 6) | (continuation & 0x3F);
        }
        if (codePoint < minimum || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            throw invalidUtf8(at);
        }
        position = at + length;
        return codePoint;
    }

    private boolean readNull() {
        if (end - position >= 4 && bytes[position] == 'n' && bytes[position + 1] == 'u'
                && bytes[position + 2] == 'l' && bytes[position + 3] == 'l') {
            position += 4;
            return true;
        }
        return false;
    }

    /** A JSON integer (no fraction, no exponent) that fits a long. */
    private long readWholeNumber(String field) {
        int from = position;
        boolean negative = false;
        if (position < end && bytes[position] == '-') {
            negative = true;
            position++;
        }
        if (position >= end) {
            throw truncated();
        }
        int firstDigit = position;
        long value = 0;
        while (position < end) {
            int digit = bytes[position] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw new InvalidRecordException("field " + field + " is out of range");
            }
            value = value * 10 + digit;
            position++;
        }
        int digits = position - firstDigit;
        if (digits == 0) {
            if (negative) {
                throw notJson(from + 1);
            }
            position = from;
            checkValueStart(); // not a number: must still be some JSON value for the type to be the problem
            throw new InvalidRecordException("field " + field + " is not a whole number");
        }
        if (digits > 1 && bytes[firstDigit] == '0') {
            throw notJson(firstDigit + 1);
        }
        if (position < end && (bytes[position] == '.' || bytes[position] == 'e' || bytes[position] == 'E')) {
            position = from;
            readNumber(field); // still must be a valid number for the message to be JSON at all
            throw new InvalidRecordException("field " + field + " is not a whole number");
        }
        return negative ? -value : value;
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private double readNumber(String field) {
        int from = position;
        boolean negative = false;
        if (position < end && bytes[position] == '-') {
            negative = true;
            position++;
        }
        if (position >= end) {
            throw truncated();
        }
        long mantissa = 0;
        int significantDigits = 0;
        int decimalExponent = 0;
        boolean exact = true;
        int integerStart = position;
        while (position < end) {
            int digit = bytes[position] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            if (significantDigits < 18) {
                mantissa = mantissa * 10 + digit;
                if (mantissa != 0) {
                    significantDigits++;
                }
            } else {
                exact = false;
                decimalExponent++;
            }
            position++;
        }
        int integerDigits = position - integerStart;
        if (integerDigits == 0) {
            if (negative) {
                throw notJson(from + 1);
            }
            position = from;
            checkValueStart(); // not a number: must still be some JSON value for the type to be the problem
            throw new InvalidRecordException("field " + field + " is not a number");
        }
        if (integerDigits > 1 && bytes[integerStart] == '0') {
            throw notJson(integerStart + 1);
        }
        if (position < end && bytes[position] == '.') {
            position++;
            int fractionStart = position;
            while (position < end) {
                int digit = bytes[position] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                if (significantDigits < 18) {
                    mantissa = mantissa * 10 + digit;
                    if (mantissa != 0) {
                        significantDigits++;
                    }
                    decimalExponent--;
                } else {
                    exact = false;
                }
                position++;
            }
            if (position == fractionStart) {
                throw position >= end ? truncated() : notJson(position);
            }
        }
        if (position < end && (bytes[position] == 'e' || bytes[position] == 'E')) {
            position++;
            boolean negativeExponent = false;
            if (position < end && (bytes[position] == '+' || bytes[position] == '-')) {
                negativeExponent = bytes[position] == '-';
                position++;
            }
            int exponentStart = position;
            int exponent = 0;
            while (position < end) {
                int digit = bytes[position] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                if (exponent < 100_000) {
                    exponent = exponent * 10 + digit;
                }
                position++;
            }
            if (position == exponentStart) {
                throw position >= end ? truncated() : notJson(position);
            }
            decimalExponent += negativeExponent ? -exponent : exponent;
        }
        if (exact && mantissa < PointJsonWriter.EXACT_LONG_LIMIT && decimalExponent >= -22 && decimalExponent <= 22) {
            // Both operands are exact doubles, so the one rounding of * or / is the correctly rounded result.
            double magnitude = decimalExponent < 0
                    ? mantissa / PointJsonWriter.POWERS_OF_TEN[-decimalExponent]
                    : mantissa * PointJsonWriter.POWERS_OF_TEN[decimalExponent];
            return negative ? -magnitude : magnitude;
        }
        return Double.parseDouble(new String(bytes, from, position - from, StandardCharsets.ISO_8859_1));
    }

    /** Skips any JSON value of an unknown key. */
    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidRecordException("nesting deeper than " + MAX_DEPTH + " at byte " + (position - start));
        }
        if (position >= end) {
            throw truncated();
        }
        byte b = bytes[position];
        switch (b) {
            case '"':
                position++;
                readString();
                return;
            case '{':
                position++;
                skipWhitespace();
                if (peek() == '}') {
                    position++;
                    return;
                }
                while (true) {
                    skipWhitespace();
                    expect('"');
                    readString();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    skipValue(depth + 1);
                    skipWhitespace();
                    byte next = next();
                    if (next == '}') {
                        return;
                    }
                    if (next != ',') {
                        throw notJson(position - 1);
                    }
                }
            case '[':
                position++;
                skipWhitespace();
                if (peek() == ']') {
                    position++;
                    return;
                }
                while (true) {
                    skipWhitespace();
                    skipValue(depth + 1);
                    skipWhitespace();
                    byte next = next();
                    if (next == ']') {
                        return;
                    }
                    if (next != ',') {
                        throw notJson(position - 1);
                    }
                }
            case 't':
                skipLiteral("true");
                return;
            case 'f':
                skipLiteral("false");
                return;
            case 'n':
                skipLiteral("null");
                return;
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    readNumber("?");
                    return;
                }
                throw notJson(position);
        }
    }

    private void skipLiteral(String literal) {
        for (int index = 0; index < literal.length(); index++) {
            if (position >= end) {
                throw truncated();
            }
            if (bytes[position] != literal.charAt(index)) {
                throw notJson(position);
            }
            position++;
        }
    }

    /** A value of the wrong type must still be JSON: reports broken syntax before the type. */
    private void checkValueStart() {
        if (position >= end) {
            throw truncated();
        }
        int mark = position;
        skipValue(0);
        position = mark;
    }

    private void skipWhitespace() {
        while (position < end) {
            byte b = bytes[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            position++;
        }
    }

    private byte peek() {
        if (position >= end) {
            throw truncated();
        }
        return bytes[position];
    }

    private byte next() {
        if (position >= end) {
            throw truncated();
        }
        return bytes[position++];
    }

    private void expect(char expected) {
        if (position >= end) {
            throw truncated();
        }
        if (bytes[position] != expected) {
            throw notJson(position);
        }
        position++;
    }

    private InvalidRecordException notJson(int at) {
        return new InvalidRecordException("not valid JSON at byte " + (at - start));
    }

    private InvalidRecordException truncated() {
        return new InvalidRecordException("truncated JSON at byte " + (end - start));
    }

    private InvalidRecordException invalidUtf8(int at) {
        return new InvalidRecordException("invalid UTF-8 at byte " + (at - start));
    }
}
