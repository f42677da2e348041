package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How to read a source. Immutable.
 *
 * @param format  the format's name, or {@code "auto"} to detect it from the first lines
 * @param zone    the zone of timestamps that carry no offset; {@code null} means the data set's own zone
 * @param mapping a format's own column mapping (the GPS {@code csv} format's columns, for example), or {@code null}
 *                for the format's defaults
 */
public record SourceOptions(String format, ZoneId zone, String mapping) {
    public static final String AUTO = "auto";

    public SourceOptions {
        format = format == null || format.isBlank() ? AUTO : format.trim().toLowerCase(Locale.ROOT);
        mapping = mapping == null || mapping.isBlank() ? null : mapping.trim();
    }

    /** Auto-detected format, the data set's zone, default mappings. */
    public static SourceOptions defaults() {
        return new SourceOptions(AUTO, null, null);
    }

    public SourceOptions withFormat(String newFormat) {
        return new SourceOptions(newFormat, zone, mapping);
    }

    public SourceOptions withZone(ZoneId newZone) {
        return new SourceOptions(format, newZone, mapping);
    }

    public SourceOptions withMapping(String newMapping) {
        return new SourceOptions(format, zone, newMapping);
    }

    public boolean autoDetect() {
        return AUTO.equals(format);
    }

    /** The zone to use for a data set whose own zone is {@code dataSetZone}. */
    public ZoneId zoneOr(ZoneId dataSetZone) {
        return zone == null ? dataSetZone : zone;
    }

    /**
     * Parses a {@code --zone} value such as {@code Europe/Rome}, {@code UTC} or {@code +01:00}.
     *
     * @throws UrbanFlowException when the zone is unknown
     */
    public static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new UrbanFlowException("Cannot use time zone '" + text + "': expected a region such as Europe/Rome, "
                    + "Asia/Shanghai or UTC, or an offset such as +01:00");
        }
    }
}
