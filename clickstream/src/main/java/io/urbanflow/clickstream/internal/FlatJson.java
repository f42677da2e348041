package io.urbanflow.clickstream.internal;

import java.nio.charset.StandardCharsets;

/**
 * Scans one flat JSON object (scalar values only) from UTF-8 bytes without building strings: each member's name and
 * value are reported as byte ranges to a {@link Members} callback. The hot path of clickstream decoding.
 *
 * <p>Invariants: the input must be exactly one object, surrounded by optional whitespace; names and string values
 * are checked for valid escapes and well-formed UTF-8 and reported without their quotes, with a flag saying whether
 * they hold escapes (then {@link #unescape} decodes them); numbers are checked against JSON's grammar; {@code true},
 * {@code false} and {@code null} are literals; a nested object or array is reported as {@link ValueType#NESTED} and
 * skipped whole. Errors come back as a short reason with the byte position. Stateless apart from the reusable
 * scratch buffer of {@link #unescape}; not thread-safe.
 */
public final class FlatJson {
    /** What a value is. */
    public enum ValueType { STRING, NUMBER, TRUE, FALSE, NULL, NESTED }

    /** Receives the members of the object in order. */
    public interface Members {
        /**
         * @param nameEscaped whether the name holds escapes (its range is then the escaped text)
         * @return null to go on, or a reason that stops the scan and is returned by {@link #scan}
         */
        String member(byte[] bytes, int nameStart, int nameEnd, boolean nameEscaped, ValueType type, int valueStart, int valueEnd,
                      boolean valueEscaped);
    }

    private byte[] bytes;
    private int position;
    private int end;
    private int stringEnd;
    private boolean stringEscaped;
    private String error;

    /**
     * Scans {@code bytes[start, start + length)}.
     *
     * @return null when the object was well formed and every member accepted; else the reason
     */
    public String scan(byte[] input, int start, int length, Members members) {
        bytes = input;
        position = start;
        end = start + length;
        error = null;
        skipSpace();
        if (position >= end || bytes[position] != '{') {
            return position >= end ? "not valid JSON: empty" : "not a JSON object";
        }
        position++;
        skipSpace();
        if (position < end && bytes[position] == '}') {
            position++;
            return finish();
        }
        while (true) {
            skipSpace();
            if (position >= end || bytes[position] != '"') {
                return unexpected("a field name");
            }
            int nameStart = position + 1;
            if (!string()) {
                return error;
            }
            int nameEnd = stringEnd;
            boolean nameEscaped = stringEscaped;
            skipSpace();
            if (position >= end || bytes[position] != ':') {
                return unexpected("':'");
            }
            position++;
            skipSpace();
            if (position >= end) {
                return unexpected("a value");
            }
            byte first = bytes[position];
            ValueType type;
            int valueStart = position;
            int valueEnd;
            boolean valueEscaped = false;
            if (first == '"') {
                valueStart = position + 1;
                if (!string()) {
                    return error;
                }
                valueEnd = stringEnd;
                valueEscaped = stringEscaped;
                type = ValueType.STRING;
            } else if (first == '-' || (first >= '0' && first <= '9')) {
                if (!number()) {
                    return error;
                }
                valueEnd = position;
                type = ValueType.NUMBER;
            } else if (first == 't' && literal("true")) {
                valueEnd = position;
                type = ValueType.TRUE;
            } else if (first == 'f' && literal("false")) {
                valueEnd = position;
                type = ValueType.FALSE;
            } else if (first == 'n' && literal("null")) {
                valueEnd = position;
                type = ValueType.NULL;
            } else if (first == '{' || first == '[') {
                if (!nested()) {
                    return error;
                }
                valueEnd = position;
                type = ValueType.NESTED;
            } else {
                return unexpected("a value");
            }
            String refused = members.member(bytes, nameStart, nameEnd, nameEscaped, type, valueStart, valueEnd, valueEscaped);
            if (refused != null) {
                return refused;
            }
            skipSpace();
            if (position >= end) {
                return unexpected("',' or '}'");
            }
            byte next = bytes[position++];
            if (next == '}') {
                return finish();
            }
            if (next != ',') {
                position--;
                return unexpected("',' or '}'");
            }
        }
    }

    private String finish() {
        skipSpace();
        return position == end ? null : "not valid JSON: content after the object at byte " + position;
    }

    private String unexpected(String expected) {
        if (position >= end) {
            return "not valid JSON: the object ends early (expected " + expected + ")";
        }
        return "not valid JSON: expected " + expected + " at byte " + position;
    }

    private void skipSpace() {
        while (position < end) {
            byte b = bytes[position];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            position++;
        }
    }

    /** Reads a string whose opening quote is at {@code position}; sets {@link #stringEnd} (before the closing quote). */
    private boolean string() {
        position++;
        stringEscaped = false;
        while (position < end) {
            int b = bytes[position];
            if (b == '"') {
                stringEnd = position;
                position++;
                return true;
            }
            if (b == '\\') {
                stringEscaped = true;
                if (position + 1 >= end) {
                    break;
                }
                byte escaped = bytes[position + 1];
                if (escaped == 'u') {
                    if (position + 6 > end || hex(position + 2) < 0 || hex(position + 3) < 0 || hex(position + 4) < 0 || hex(position + 5) < 0) {
                        error = "not valid JSON: bad \\u escape at byte " + position;
                        return false;
                    }
                    position += 6;
                } else if (escaped == '"' || escaped == '\\' || escaped == '/' || escaped == 'b' || escaped == 'f' || escaped == 'n'
                        || escaped == 'r' || escaped == 't') {
                    position += 2;
                } else {
                    error = "not valid JSON: bad escape at byte " + position;
                    return false;
                }
            } else if (b >= 0 && b < 0x20) {
                error = "not valid JSON: control character in a string at byte " + position;
                return false;
            } else if (b < 0) {
                int length = utf8Length(position);
                if (length < 0) {
                    error = "not valid UTF-8 at byte " + position;
                    return false;
                }
                position += length;
            } else {
                position++;
            }
        }
        error = "not valid JSON: a string is not closed";
        return false;
    }

    /** The length of the well-formed UTF-8 sequence of 2 to 4 bytes starting at {@code at}, or -1. */
    private int utf8Length(int at) {
        int lead = bytes[at] & 0xFF;
        int length;
        int minimum;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            minimum = 0x10000;
        } else {
            return -1;
        }
        if (at + length > end) {
            return -1;
        }
        int code = lead & (0xFF >> (length + 1));
        for (int i = 1; i < length; i++) {
            int continuation = bytes[at + i] & 0xFF;
            if ((continuation & 0xC0) != 0x80) {
                return -1;
            }
            code = (code << 6) | (continuation & 0x3F);
        }
        if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return -1;
        }
        return length;
    }

    private int hex(int at) {
        int b = bytes[at];
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private boolean number() {
        int start = position;
        if (bytes[position] == '-') {
            position++;
        }
        if (position < end && bytes[position] == '0') {
            position++;
        } else if (!digits()) {
            error = "not valid JSON: bad number at byte " + start;
            return false;
        }
        if (position < end && bytes[position] == '.') {
            position++;
            if (!digits()) {
                error = "not valid JSON: bad number at byte " + start;
                return false;
            }
        }
        if (position < end && (bytes[position] == 'e' || bytes[position] == 'E')) {
            position++;
            if (position < end && (bytes[position] == '+' || bytes[position] == '-')) {
                position++;
            }
            if (!digits()) {
                error = "not valid JSON: bad number at byte " + start;
                return false;
            }
        }
        return true;
    }

    private boolean digits() {
        int start = position;
        while (position < end && bytes[position] >= '0' && bytes[position] <= '9') {
            position++;
        }
        return position > start;
    }

    private boolean literal(String word) {
        if (position + word.length() > end) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (bytes[position + i] != word.charAt(i)) {
                return false;
            }
        }
        position += word.length();
        return true;
    }

    /** Skips a nested object or array, checking its strings and its brackets' balance only. */
    private boolean nested() {
        int depth = 0;
        while (position < end) {
            byte b = bytes[position];
            if (b == '"') {
                if (!string()) {
                    return false;
                }
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    position++;
                    return true;
                }
            }
            position++;
        }
        error = "not valid JSON: the object ends early (a nested value is not closed)";
        return false;
    }

    /** Whether the range is exactly {@code name} (ASCII). */
    public static boolean equals(byte[] bytes, int start, int end, String name) {
        if (end - start != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (bytes[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The text of a string range, its escapes decoded. */
    public static String unescape(byte[] bytes, int start, int end) {
        StringBuilder text = new StringBuilder(end - start);
        int runStart = start;
        int i = start;
        while (i < end) {
            if (bytes[i] != '\\') {
                i++;
                continue;
            }
            text.append(new String(bytes, runStart, i - runStart, StandardCharsets.UTF_8));
            byte escaped = bytes[i + 1];
            switch (escaped) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> text.append((char) Integer.parseInt(new String(bytes, i + 2, 4, StandardCharsets.US_ASCII), 16));
                default -> text.append((char) escaped);
            }
            i += escaped == 'u' ? 6 : 2;
            runStart = i;
        }
        text.append(new String(bytes, runStart, end - runStart, StandardCharsets.UTF_8));
        return text.toString();
    }
}
