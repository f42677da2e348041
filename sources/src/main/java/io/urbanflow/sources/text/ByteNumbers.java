package io.urbanflow.sources.text;

import java.nio.charset.StandardCharsets;

/**
 * Parses numbers straight from ASCII bytes, without a {@code String} per field. Stateless.
 *
 * <p>Decimals: {@code [+-]digits[.digits][e[+-]digits]}. The fast path collects the digits into a {@code long}
 * mantissa and divides by an exact power of ten; when the mantissa is at most 2<sup>53</sup> and there are at most
 * 22 fraction digits, both operands are exact doubles, so the one division is correctly rounded and the result
 * equals {@link Double#parseDouble} (Clinger's fast path). Anything else (more digits, an exponent) falls back to
 * {@link Double#parseDouble}. Failures return {@link Double#NaN} rather than throw, so that a bad field costs no
 * exception on the hot path; callers turn NaN into a reject with its reason.
 */
public final class ByteNumbers {
    /** Returned by {@link #parseLong} for text that is not a whole number. */
    public static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private static final double[] POWERS_OF_TEN = new double[23];
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private ByteNumbers() {
    }

    /** The decimal in {@code bytes[start, end)}, or NaN when it is not one. */
    public static double parseDecimal(byte[] bytes, int start, int end) {
        int i = start;
        if (i >= end) {
            return Double.NaN;
        }
        boolean negative = false;
        byte first = bytes[i];
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean seenPoint = false;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit >= 0 && digit <= 9) {
                if (digits < 18) {
                    mantissa = mantissa * 10 + digit;
                }
                digits++;
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (bytes[i] == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i == end && digits <= 18 && mantissa <= MAX_EXACT_MANTISSA && fractionDigits < POWERS_OF_TEN.length) {
            double value = fractionDigits == 0 ? (double) mantissa : (double) mantissa / POWERS_OF_TEN[fractionDigits];
            return negative ? -value : value;
        }
        if (i < end && bytes[i] != 'e' && bytes[i] != 'E') {
            return Double.NaN;
        }
        return slowDecimal(bytes, start, end);
    }

    private static double slowDecimal(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            // parseDouble also accepts "NaN", "Infinity", hex and a trailing 'd': none of these is a coordinate.
            if (!((b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The whole number in {@code bytes[start, end)} ({@code [+-]digits}, at most 18 digits), or {@link #NOT_A_NUMBER}. */
    public static long parseLong(byte[] bytes, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        if (i >= end || end - i > 18) {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** {@code bytes[start, end)} without leading and trailing spaces and tabs: returns the new start. */
    public static int trimStart(byte[] bytes, int start, int end) {
        while (start < end && (bytes[start] == ' ' || bytes[start] == '\t')) {
            start++;
        }
        return start;
    }

    /** {@code bytes[start, end)} without trailing spaces and tabs: returns the new end. */
    public static int trimEnd(byte[] bytes, int start, int end) {
        while (end > start && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** The field as text for a reason ("unparseable latitude '4l.9'"); long fields are cut. */
    public static String text(byte[] bytes, int start, int end) {
        int length = Math.min(end - start, 60);
        String text = new String(bytes, start, Math.max(length, 0), StandardCharsets.UTF_8);
        return end - start > 60 ? text + "..." : text;
    }
}
