package io.urbanflow.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/** Hand-written JSON for the messages sent many times a second, and for query values of any type. Stateless. */
public final class JsonText {
    private JsonText() {
    }

    public static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // '<' escaped too, so a value can never close a script element
                    if (c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** A finite number, or null for NaN and infinities (JSON has neither). */
    public static StringBuilder number(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return out.append("null");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return out.append((long) value);
        }
        return out.append(value);
    }

    /** Rounded to {@code decimals} places: coordinates need 6 (about 10 cm), speeds 1. */
    public static StringBuilder rounded(StringBuilder out, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return out.append("null");
        }
        double scale = Math.pow(10, decimals);
        return number(out, Math.round(value * scale) / scale);
    }

    /** Any value a query returns: numbers stay numbers, times become ISO-8601 text, bytes base64. */
    public static StringBuilder value(StringBuilder out, Object value) {
        if (value == null) {
            return out.append("null");
        }
        if (value instanceof Boolean) {
            return out.append(value);
        }
        if (value instanceof Double || value instanceof Float) {
            return number(out, ((Number) value).doubleValue());
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return out.append(value);
        }
        if (value instanceof BigDecimal decimal) {
            return out.append(decimal.toPlainString());
        }
        if (value instanceof TemporalAccessor) {
            return string(out, value.toString());
        }
        if (value instanceof byte[] bytes) {
            return string(out, Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Collection<?> collection) {
            out.append('[');
            boolean first = true;
            for (Object item : collection) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, item);
            }
            return out.append(']');
        }
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(entry.getKey())).append(':');
                value(out, entry.getValue());
            }
            return out.append('}');
        }
        return string(out, value.toString());
    }
}
