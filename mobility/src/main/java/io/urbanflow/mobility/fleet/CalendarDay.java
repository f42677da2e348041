package io.urbanflow.mobility.fleet;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The conditions of one simulated local day under {@link FleetCalendar#WEEKS}. Immutable.
 *
 * @param date          the local date
 * @param kind          which daily rhythm applies: a public holiday runs on the Sunday rhythm
 * @param holiday       the holiday's name, or empty
 * @param activity      the day's level of taxi work relative to its kind's usual (about 0.85 to 1.15): day-to-day
 *                      variation that no calendar predicts
 * @param rainFromHour  local hour rain starts, or NaN for a dry day
 * @param rainToHour    local hour rain stops (may exceed 24 for rain past midnight; only this day's hours count)
 * @param event         a concert or strike that day, or empty
 */
public record CalendarDay(LocalDate date, Kind kind, Optional<String> holiday, double activity, double rainFromHour,
                          double rainToHour, Optional<Event> event) {
    /** Which daily rhythm a day follows. */
    public enum Kind { WORKDAY, SATURDAY, SUNDAY }

    /** What happens on a day besides the weather. */
    public enum EventKind {
        /** Crowds at one hotspot in the evening: fares go there before the show and leave from there after it. */
        CONCERT,
        /** A public-transport strike: more taxis at work and slower traffic all day. */
        STRIKE
    }

    /**
     * An event: its kind, the hotspot it happens at ({@link SyntheticFleet#hotspots} order; -1 for a strike) and its
     * local hours.
     */
    public record Event(EventKind kind, int hotspot, double fromHour, double toHour) {
    }

    public CalendarDay {
        if (date == null || kind == null || holiday == null || event == null || !(activity > 0)) {
            throw new IllegalArgumentException("Cannot build calendar day " + date + ": date, kind, holiday, event and a positive activity are required");
        }
    }

    /** True while it rains at a local hour of this day. */
    public boolean rainsAt(double localHour) {
        return !Double.isNaN(rainFromHour) && localHour >= rainFromHour && localHour < rainToHour;
    }
}
