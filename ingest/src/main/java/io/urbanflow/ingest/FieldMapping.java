package io.urbanflow.ingest;

import io.urbanflow.model.UrbanFlowException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a JSON message's fields map onto a table's columns, for {@link JsonRecordDecoder}. Immutable.
 *
 * <p>Text form: comma-separated entries, every one optional (a column without an entry reads the field of its own
 * name):
 * <ul>
 *   <li>{@code column=field}: read the column from another field, e.g. {@code vehicle_id=id};</li>
 *   <li>{@code column=field@format}: a timestamp in a given format: {@code iso} (the default: {@code T} or a space,
 *       optional fraction, optional offset), {@code epoch-s}, {@code epoch-ms}, {@code epoch-us}, or a
 *       {@link DateTimeFormatter} pattern such as {@code dd/MM/yyyy HH:mm:ss};</li>
 *   <li>{@code column=const:VALUE}: the same value for every row, e.g. {@code occupancy=const:-1};</li>
 *   <li>{@code zone=ZONE}: the zone of timestamps without an offset (default UTC).</li>
 * </ul>
 * Example: {@code ts=time@epoch-ms,occupancy=const:-1,source=const:my-feed,zone=Europe/Rome}.
 *
 * @param fields    column name to JSON field name, for renamed columns
 * @param formats   column name to timestamp format
 * @param constants column name to constant text
 * @param zone      the zone of timestamps without an offset
 */
public record FieldMapping(Map<String, String> fields, Map<String, String> formats, Map<String, String> constants, ZoneId zone) {
    public static final String ISO = "iso";
    public static final String EPOCH_SECONDS = "epoch-s";
    public static final String EPOCH_MILLIS = "epoch-ms";
    public static final String EPOCH_MICROS = "epoch-us";
    private static final String CONSTANT = "const:";

    public FieldMapping {
        fields = Map.copyOf(fields);
        formats = Map.copyOf(formats);
        constants = Map.copyOf(constants);
        zone = zone == null ? ZoneOffset.UTC : zone;
        formats.forEach((column, format) -> {
            if (!isEpoch(format) && !format.equals(ISO)) {
                try {
                    DateTimeFormatter.ofPattern(format);
                } catch (IllegalArgumentException e) {
                    throw new UrbanFlowException("Cannot use timestamp format '" + format + "' of column " + column
                            + ": expected iso, epoch-s, epoch-ms, epoch-us or a pattern such as yyyy-MM-dd HH:mm:ss");
                }
            }
        });
    }

    /** Every column reads the field of its name; ISO timestamps; UTC for those without an offset. */
    public static FieldMapping identity() {
        return new FieldMapping(Map.of(), Map.of(), Map.of(), ZoneOffset.UTC);
    }

    /**
     * Parses the text form above; blank is {@link #identity()}.
     *
     * @throws UrbanFlowException naming the entry that does not parse
     */
    public static FieldMapping parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> formats = new LinkedHashMap<>();
        Map<String, String> constants = new LinkedHashMap<>();
        ZoneId zone = ZoneOffset.UTC;
        if (text == null || text.isBlank()) {
            return identity();
        }
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new UrbanFlowException("Cannot read field mapping entry '" + entry.trim()
                        + "': expected column=field, column=field@format, column=const:VALUE or zone=ZONE");
            }
            String column = entry.substring(0, equals).trim();
            String value = entry.substring(equals + 1).trim();
            if (column.equals("zone")) {
                try {
                    zone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw new UrbanFlowException("Cannot read field mapping entry '" + entry.trim() + "': unknown zone " + value);
                }
            } else if (value.startsWith(CONSTANT)) {
                constants.put(column, value.substring(CONSTANT.length()));
            } else {
                int at = value.indexOf('@');
                String field = at < 0 ? value : value.substring(0, at).trim();
                if (at >= 0) {
                    formats.put(column, value.substring(at + 1).trim().toLowerCase(Locale.ROOT).startsWith("epoch")
                            || value.substring(at + 1).trim().equalsIgnoreCase(ISO)
                            ? value.substring(at + 1).trim().toLowerCase(Locale.ROOT) : value.substring(at + 1).trim());
                }
                if (!field.isEmpty() && !field.equals(column)) {
                    fields.put(column, field);
                }
            }
        }
        return new FieldMapping(fields, formats, constants, zone);
    }

    /** The JSON field a column reads. */
    public String field(String column) {
        return fields.getOrDefault(column, column);
    }

    /** The timestamp format of a column: {@link #ISO} unless given. */
    public String format(String column) {
        return formats.getOrDefault(column, ISO);
    }

    public Optional<String> constant(String column) {
        return Optional.ofNullable(constants.get(column));
    }

    static boolean isEpoch(String format) {
        return format.equals(EPOCH_SECONDS) || format.equals(EPOCH_MILLIS) || format.equals(EPOCH_MICROS);
    }
}
