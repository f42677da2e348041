package io.urbanflow.mobility.sources;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.SourceOptions;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Which columns of a CSV file (format {@code csv}) hold a point's fields, found by header name
 * (case-insensitive, surrounding quotes and spaces ignored). Immutable.
 *
 * <p>The defaults read the canonical CSV that {@code urbanflow generate} writes:
 * {@code vehicle_id,timestamp,latitude,longitude,occupancy} with ISO-8601 timestamps carrying an offset.
 *
 * @param vehicle    header of the vehicle id column
 * @param time       header of the timestamp column
 * @param latitude   header of the latitude column (degrees)
 * @param longitude  header of the longitude column (degrees)
 * @param occupancy  header of the occupancy column ({@code 1|0|-1|true|false} or empty); {@code null} for none.
 *                   A named column missing from the header is read as unknown occupancy.
 * @param timeFormat {@code iso} (ISO-8601, {@code T} or space, optional fraction and offset), {@code epoch-s},
 *                   {@code epoch-ms}, {@code epoch-us}, or a {@link DateTimeFormatter} pattern
 * @param delimiter  the field separator, such as {@code ,} {@code ;} or a tab
 */
public record CsvColumns(String vehicle, String time, String latitude, String longitude, String occupancy,
                         String timeFormat, char delimiter) {
    public static final String ISO = "iso";
    public static final String EPOCH_SECONDS = "epoch-s";
    public static final String EPOCH_MILLIS = "epoch-ms";
    public static final String EPOCH_MICROS = "epoch-us";

    public CsvColumns {
        requireName("vehicle", vehicle);
        requireName("time", time);
        requireName("latitude", latitude);
        requireName("longitude", longitude);
        if (occupancy != null && occupancy.isBlank()) {
            occupancy = null;
        }
        timeFormat = timeFormat == null || timeFormat.isBlank() ? ISO : timeFormat.trim();
        String lower = timeFormat.toLowerCase(Locale.ROOT);
        if (lower.equals(ISO) || lower.equals(EPOCH_SECONDS) || lower.equals(EPOCH_MILLIS) || lower.equals(EPOCH_MICROS)) {
            timeFormat = lower;
        } else {
            try {
                DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                throw new UrbanFlowException("Cannot use time format '" + timeFormat + "': expected iso, epoch-s, "
                        + "epoch-ms, epoch-us or a pattern such as yyyy-MM-dd HH:mm:ss (" + e.getMessage() + ")");
            }
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new UrbanFlowException("Cannot use delimiter '" + delimiter + "' for CSV: pick , ; | or a tab");
        }
    }

    /** The mapping the options give ({@link SourceOptions#mapping()}, parsed by {@link #parse}), else the defaults. */
    public static CsvColumns of(SourceOptions options) {
        return options.mapping() == null ? defaults() : parse(options.mapping());
    }

    /** The canonical CSV: {@code vehicle_id,timestamp,latitude,longitude,occupancy}, ISO timestamps, commas. */
    public static CsvColumns defaults() {
        return new CsvColumns("vehicle_id", "timestamp", "latitude", "longitude", "occupancy", ISO, ',');
    }

    public CsvColumns withTimeFormat(String newTimeFormat) {
        return new CsvColumns(vehicle, time, latitude, longitude, occupancy, newTimeFormat, delimiter);
    }

    public CsvColumns withDelimiter(char newDelimiter) {
        return new CsvColumns(vehicle, time, latitude, longitude, occupancy, timeFormat, newDelimiter);
    }

    /**
     * Parses a command-line mapping such as {@code vehicle=taxi,time=ts,lat=y,lon=x,occupancy=busy,
     * time-format=epoch-s,delimiter=;} over the defaults; keys not given keep their default.
     * {@code delimiter=tab} names a tab, {@code occupancy=} (empty) means no occupancy column.
     *
     * @throws UrbanFlowException naming the known keys when a key is unknown or a pair has no {@code =}
     */
    public static CsvColumns parse(String spec) {
        CsvColumns columns = defaults();
        String vehicle = columns.vehicle;
        String time = columns.time;
        String latitude = columns.latitude;
        String longitude = columns.longitude;
        String occupancy = columns.occupancy;
        String timeFormat = columns.timeFormat;
        char delimiter = columns.delimiter;
        if (spec == null || spec.isBlank()) {
            return columns;
        }
        // Split on commas, but a pattern may contain commas: a pair without '=' continues the previous value.
        String lastKey = null;
        for (String part : spec.split(",", -1)) {
            if (part.isBlank()) {
                continue; // "delimiter=," leaves an empty part; trailing commas are harmless
            }
            int equals = part.indexOf('=');
            String key;
            String value;
            if (equals < 0) {
                if (lastKey == null || !lastKey.equals("time-format")) {
                    throw new UrbanFlowException("Cannot read CSV columns '" + spec + "': '" + part
                            + "' is not key=value (keys: vehicle, time, lat, lon, occupancy, time-format, delimiter)");
                }
                key = lastKey;
                value = timeFormat + "," + part;
            } else {
                key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                value = part.substring(equals + 1).trim();
            }
            switch (key) {
                case "vehicle", "vehicle-id", "id" -> vehicle = value;
                case "time", "timestamp" -> time = value;
                case "lat", "latitude" -> latitude = value;
                case "lon", "lng", "longitude" -> longitude = value;
                case "occupancy", "occ" -> occupancy = value.isEmpty() ? null : value;
                case "time-format", "timeformat" -> timeFormat = value;
                case "delimiter", "sep" -> delimiter = parseDelimiter(spec, value);
                default -> throw new UrbanFlowException("Cannot read CSV columns '" + spec + "': unknown key '" + key
                        + "' (keys: vehicle, time, lat, lon, occupancy, time-format, delimiter)");
            }
            lastKey = key;
        }
        return new CsvColumns(vehicle, time, latitude, longitude, occupancy, timeFormat, delimiter);
    }

    private static char parseDelimiter(String spec, String value) {
        if (value.equalsIgnoreCase("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.equalsIgnoreCase("comma") || value.isEmpty()) {
            return ',';
        }
        if (value.equalsIgnoreCase("semicolon")) {
            return ';';
        }
        if (value.length() != 1) {
            throw new UrbanFlowException("Cannot read CSV columns '" + spec + "': delimiter '" + value + "' is not one character");
        }
        return value.charAt(0);
    }

    private static void requireName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new UrbanFlowException("Cannot use CSV columns: the " + field + " column has no name");
        }
    }
}
