package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.model.UrbanFlowException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A time given on the command line: an instant with its offset ({@code 2014-02-01T08:00:00Z},
 * {@code 2014-02-01T08:00+01:00}), or a local date-time or date ({@code 2014-02-01T08:00}, {@code 2014-02-01})
 * read in the chart's zone once that is known. Immutable.
 *
 * @param instant an absolute instant, or null
 * @param local   a wall-clock time, or null; exactly one of the two is set
 */
public record TimeBound(Instant instant, LocalDateTime local) {
    public TimeBound {
        if ((instant == null) == (local == null)) {
            throw new IllegalArgumentException("Cannot build time bound: give an instant or a local time, not both or neither");
        }
    }

    public static TimeBound of(Instant instant) {
        return new TimeBound(instant, null);
    }

    /**
     * @throws UrbanFlowException when the text is none of the accepted forms
     */
    public static TimeBound parse(String text) {
        String trimmed = text.trim();
        try {
            return new TimeBound(OffsetDateTime.parse(trimmed).toInstant(), null);
        } catch (DateTimeParseException notOffset) {
            // try the local forms
        }
        try {
            return new TimeBound(null, LocalDateTime.parse(trimmed.replace(' ', 'T')));
        } catch (DateTimeParseException notLocal) {
            // try a date
        }
        try {
            return new TimeBound(null, LocalDate.parse(trimmed).atStartOfDay());
        } catch (DateTimeParseException notDate) {
            throw new UrbanFlowException("Cannot read time '" + text + "': use 2014-02-01, 2014-02-01T08:00 (in the chart's zone)"
                    + " or 2014-02-01T08:00:00Z");
        }
    }

    /** The instant this bound names, reading a local time in {@code zone}. */
    public Instant resolve(ZoneId zone) {
        return instant != null ? instant : local.atZone(zone).toInstant();
    }
}
