package io.urbanflow.domain;

import io.urbanflow.model.UrbanFlowException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where a dashboard's live views start reading their topics. Immutable.
 *
 * @param kind where
 * @param time the send time to start at, for {@link Kind#AT}; null otherwise
 */
public record LiveStart(Kind kind, Instant time) {
    public enum Kind { EARLIEST, LATEST, AT }

    public LiveStart {
        if (kind == null || (kind == Kind.AT) != (time != null)) {
            throw new IllegalArgumentException("Cannot start live views at " + kind + " " + time);
        }
    }

    public static LiveStart earliest() {
        return new LiveStart(Kind.EARLIEST, null);
    }

    public static LiveStart latest() {
        return new LiveStart(Kind.LATEST, null);
    }

    /** The first message sent at or after {@code time}. */
    public static LiveStart at(Instant time) {
        return new LiveStart(Kind.AT, time);
    }

    /**
     * Parses {@code earliest}, {@code latest} or an ISO-8601 instant.
     *
     * @throws UrbanFlowException for anything else
     */
    public static LiveStart parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("earliest")) {
            return earliest();
        }
        if (value.equals("latest")) {
            return latest();
        }
        try {
            return at(Instant.parse(text.trim()));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new UrbanFlowException("Cannot start the live view at '" + text
                    + "': expected latest, earliest or an instant such as 2014-02-01T08:00:00Z");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.AT ? time.toString() : kind.name().toLowerCase(Locale.ROOT);
    }
}
