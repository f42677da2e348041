package io.urbanflow.mobility.stream.internal;

import io.urbanflow.mobility.GpsPoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link GpsPoint} as the v1 JSON of {@code io.urbanflow.mobility.stream.PointCodec}, straight into bytes.
 *
 * <p>Invariants: keys are written in the fixed order {@code v, id, t, lat, lon, occ, src}, without whitespace;
 * strings are UTF-8 with {@code "}, {@code \} and control characters escaped (and unpaired surrogates as
 * {@code \}{@code uXXXX}, so any Java string round-trips); every double is written as a decimal that parses back
 * to the very same double in any correct JSON reader (see {@link #writeDouble}). Stateless apart from a
 * per-thread scratch buffer; thread-safe.
 */
public final class PointJsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX = "{\"v\":1,\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = "\",\"t\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LATITUDE = ",\"lat\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONGITUDE = ",\"lon\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OCCUPANCY = ",\"occ\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SOURCE = ",\"src\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** Fixed bytes plus a long (20) and two doubles (at most 25 each, Double.toString included) and occ (2). */
    private static final int FIXED_BOUND = PREFIX.length + TIME.length + LATITUDE.length + LONGITUDE.length
            + OCCUPANCY.length + SOURCE.length + SUFFIX.length + 20 + 25 + 25 + 2;
    /** Powers of ten that are exact doubles (10^22 is the largest). */
    static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };
    private static final long[] LONG_POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };
    /** 2^53: every long below it is an exact double. */
    static final long EXACT_LONG_LIMIT = 1L << 53;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

    private PointJsonWriter() {
    }

    public static byte[] write(GpsPoint point) {
        String vehicleId = point.vehicleId();
        String source = point.source();
        // A char takes at most 6 bytes (an escaped \\uXXXX); a surrogate pair 4 bytes for 2 chars.
        int bound = FIXED_BOUND + 6 * (vehicleId.length() + source.length());
        byte[] buffer = SCRATCH.get();
        if (buffer.length < bound) {
            buffer = new byte[Math.max(bound, 2 * buffer.length)];
            SCRATCH.set(buffer);
        }
        int position = put(buffer, 0, PREFIX);
        position = writeString(buffer, position, vehicleId);
        position = put(buffer, position, TIME);
        position = writeLong(buffer, position, point.epochMicros());
        position = put(buffer, position, LATITUDE);
        position = writeDouble(buffer, position, point.latitude());
        position = put(buffer, position, LONGITUDE);
        position = writeDouble(buffer, position, point.longitude());
        position = put(buffer, position, OCCUPANCY);
        position = writeLong(buffer, position, point.occupancy());
        position = put(buffer, position, SOURCE);
        position = writeString(buffer, position, source);
        position = put(buffer, position, SUFFIX);
        return Arrays.copyOf(buffer, position);
    }

    private static int put(byte[] buffer, int position, byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        return position + bytes.length;
    }

    /** UTF-8 with JSON escapes; room for 6 bytes per char must be available. */
    static int writeString(byte[] buffer, int position, String text) {
        int length = text.length();
        for (int index = 0; index < length; index++) {
            char c = text.charAt(index);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    buffer[position++] = '\\';
                }
                buffer[position++] = (byte) c;
            } else if (c < 0x20) {
                position = writeEscape(buffer, position, c);
            } else if (c < 0x800) {
                buffer[position++] = (byte) (0xC0 | (c >> 6));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && index + 1 < length && Character.isLowSurrogate(text.charAt(index + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++index));
                buffer[position++] = (byte) (0xF0 | (codePoint >> 18));
                buffer[position++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                buffer[position++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // UTF-8 cannot carry an unpaired surrogate; the escape keeps the string intact.
                position = writeEscape(buffer, position, c);
            } else {
                buffer[position++] = (byte) (0xE0 | (c >> 12));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return position;
    }

    private static int writeEscape(byte[] buffer, int position, char c) {
        buffer[position++] = '\\';
        switch (c) {
            case '\n': buffer[position++] = 'n'; return position;
            case '\r': buffer[position++] = 'r'; return position;
            case '\t': buffer[position++] = 't'; return position;
            case '\b': buffer[position++] = 'b'; return position;
            case '\f': buffer[position++] = 'f'; return position;
            default:
                buffer[position++] = 'u';
                buffer[position++] = HEX[(c >> 12) & 0xF];
                buffer[position++] = HEX[(c >> 8) & 0xF];
                buffer[position++] = HEX[(c >> 4) & 0xF];
                buffer[position++] = HEX[c & 0xF];
                return position;
        }
    }

    static int writeLong(byte[] buffer, int position, long value) {
        if (value == Long.MIN_VALUE) {
            return put(buffer, position, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        if (value < 0) {
            buffer[position++] = '-';
            value = -value;
        }
        int digits = digitCount(value);
        int end = position + digits;
        for (int index = end - 1; index >= position; index--) {
            buffer[index] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    private static int digitCount(long value) {
        int digits = 1;
        while (digits < LONG_POWERS_OF_TEN.length && value >= LONG_POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

    /**
     * Writes {@code value} as the shortest {@code digits.decimals} text, with at most 15 significant digits, that
     * divides back to exactly {@code value}: for an integer {@code m < 2^53} and {@code k <= 22}, {@code m / 10^k} is
     * one correctly rounded division of two exact doubles, which is what every correct decimal parser returns for
     * that text. Values without such a form (17-digit doubles, tiny or huge magnitudes) use
     * {@link Double#toString}, which also round-trips exactly. Needs 25 bytes of room.
     */
    static int writeDouble(byte[] buffer, int position, double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-6 && magnitude < 1e15) {
            for (int decimals = 0; decimals <= 15; decimals++) {
                double scaled = magnitude * POWERS_OF_TEN[decimals];
                if (scaled >= EXACT_LONG_LIMIT) {
                    break;
                }
                long mantissa = Math.round(scaled);
                if (mantissa / POWERS_OF_TEN[decimals] == magnitude) {
                    return writeDecimal(buffer, position, value < 0, mantissa, decimals);
                }
            }
        } else if (value == 0.0) {
            if (Double.doubleToRawLongBits(value) != 0L) {
                buffer[position++] = '-';
            }
            buffer[position++] = '0';
            return position;
        }
        return put(buffer, position, Double.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    private static int writeDecimal(byte[] buffer, int position, boolean negative, long mantissa, int decimals) {
        if (negative) {
            buffer[position++] = '-';
        }
        if (decimals == 0) {
            return writeLong(buffer, position, mantissa);
        }
        long integerPart = mantissa / LONG_POWERS_OF_TEN[decimals];
        long fraction = mantissa - integerPart * LONG_POWERS_OF_TEN[decimals];
        position = writeLong(buffer, position, integerPart);
        buffer[position++] = '.';
        int end = position + decimals;
        for (int index = end - 1; index >= position; index--) {
            buffer[index] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        return end;
    }
}
