package io.urbanflow.query.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Text of a result value for table and CSV output: ISO-8601 UTC instants, plain decimals, base64 bytes. Stateless. */
public final class ValueText {
    private ValueText() {
    }

    /** The value as text; null stays null (each format writes it its own way). */
    public static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        if (value instanceof Double number) {
            return decimal(number, Double.toString(number));
        }
        if (value instanceof Float number) {
            return decimal(number, Float.toString(number));
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            StringJoiner elements = new StringJoiner(", ", "[", "]");
            list.forEach(element -> elements.add(element == null ? "NULL" : of(element)));
            return elements.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner entries = new StringJoiner(", ", "{", "}");
            map.forEach((key, element) -> entries.add(key + ": " + (element == null ? "NULL" : of(element))));
            return entries.toString();
        }
        return value.toString();
    }

    /** Shortest round-trip digits, without an exponent for everyday magnitudes (41.8836, not 4.18836E1). */
    private static String decimal(double number, String shortest) {
        double magnitude = Math.abs(number);
        if (Double.isFinite(number) && shortest.indexOf('E') >= 0 && magnitude >= 1e-6 && magnitude < 1e15) {
            return new BigDecimal(shortest).toPlainString();
        }
        return shortest;
    }
}
