package io.urbanflow.sources.text;

import io.urbanflow.model.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one CSV line in place into fields (RFC 4180 quoting within a line: {@code "a,b"} is one field and
 * {@code ""} inside quotes is a quote). A field's bounds exclude its quotes. Reused line after line; not
 * thread-safe. Quoted fields spanning several lines are not supported: the line is rejected as an unterminated
 * quote.
 */
public final class CsvLine {
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] escaped = new boolean[16];
    private int count;
    private byte[] bytes;

    /**
     * Splits {@code bytes[start, end)} on {@code delimiter}.
     *
     * @throws InvalidRecordException when a quoted field is not closed or text follows its closing quote
     */
    public void split(byte[] line, int start, int end, byte delimiter) {
        bytes = line;
        count = 0;
        int i = start;
        while (true) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                escaped = Arrays.copyOf(escaped, count * 2);
            }
            if (i < end && line[i] == '"') {
                int fieldStart = i + 1;
                boolean hasEscapes = false;
                int j = fieldStart;
                while (true) {
                    if (j >= end) {
                        throw new InvalidRecordException("unterminated quoted field " + (count + 1));
                    }
                    if (line[j] == '"') {
                        if (j + 1 < end && line[j + 1] == '"') {
                            hasEscapes = true;
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                starts[count] = fieldStart;
                ends[count] = j;
                escaped[count] = hasEscapes;
                count++;
                i = j + 1;
                if (i == end) {
                    return;
                }
                if (line[i] != delimiter) {
                    throw new InvalidRecordException("text after the closing quote of field " + count);
                }
                i++;
            } else {
                int j = i;
                while (j < end && line[j] != delimiter) {
                    j++;
                }
                starts[count] = i;
                ends[count] = j;
                escaped[count] = false;
                count++;
                if (j == end) {
                    return;
                }
                i = j + 1;
            }
        }
    }

    public int count() {
        return count;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    /** The field's text, unquoted, as UTF-8. */
    public String text(int field) {
        String text = new String(bytes, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
        return escaped[field] ? text.replace("\"\"", "\"") : text;
    }

    /** The field as an id: trimmed, unquoted, interned unless it holds escaped quotes. */
    public String id(int field, InternedIds ids) {
        if (escaped[field]) {
            return text(field).trim();
        }
        int fieldStart = ByteNumbers.trimStart(bytes, starts[field], ends[field]);
        return ids.intern(bytes, fieldStart, ByteNumbers.trimEnd(bytes, fieldStart, ends[field]));
    }

    /**
     * Checks that the last split found at least {@code neededFields} fields.
     *
     * @throws InvalidRecordException "expected at least N fields, found M" otherwise
     */
    public void requireAtLeast(int neededFields) {
        if (count < neededFields) {
            throw new InvalidRecordException("expected at least " + neededFields + " fields, found " + count);
        }
    }

    /**
     * The field, trimmed, as a decimal (see {@link ByteNumbers#parseDecimal}).
     *
     * @throws InvalidRecordException "unparseable LABEL 'TEXT'" when it is not a number
     */
    public double decimal(int field, String label) {
        int fieldStart = ByteNumbers.trimStart(bytes, starts[field], ends[field]);
        int fieldEnd = ByteNumbers.trimEnd(bytes, fieldStart, ends[field]);
        double value = ByteNumbers.parseDecimal(bytes, fieldStart, fieldEnd);
        if (value != value) {
            throw LineFileReader.unparseable(label, bytes, fieldStart, fieldEnd);
        }
        return value;
    }

    /**
     * The field, trimmed, as a local date-time in {@code zone} (see {@link Timestamps#parse}), in epoch microseconds.
     *
     * @throws InvalidRecordException "unparseable timestamp 'TEXT'" when it is not one
     */
    public long localTimestamp(int field, LocalTimeConverter zone) {
        int fieldStart = ByteNumbers.trimStart(bytes, starts[field], ends[field]);
        int fieldEnd = ByteNumbers.trimEnd(bytes, fieldStart, ends[field]);
        long epochMicros = Timestamps.parse(bytes, fieldStart, fieldEnd, zone);
        if (epochMicros == Timestamps.INVALID) {
            throw LineFileReader.unparseable("timestamp", bytes, fieldStart, fieldEnd);
        }
        return epochMicros;
    }

    /** Splits a header or a detection sample line (not the hot path). Malformed quoting yields the fields so far. */
    public static List<String> splitText(String line, char delimiter) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        CsvLine csv = new CsvLine();
        List<String> fields = new ArrayList<>();
        try {
            csv.split(bytes, 0, bytes.length, (byte) delimiter);
        } catch (InvalidRecordException e) {
            // fall through with the fields split so far
        }
        for (int i = 0; i < csv.count; i++) {
            fields.add(csv.text(i));
        }
        return fields;
    }
}
