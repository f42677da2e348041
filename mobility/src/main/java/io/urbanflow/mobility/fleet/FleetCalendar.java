package io.urbanflow.mobility.fleet;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/**
 * Whether the synthetic fleet's days differ. {@link #FLAT} (the default) repeats one working day's rhythm every day,
 * as the one-day demo always did; {@link #WEEKS} gives each day its own conditions (see {@link CalendarDay}): weekday,
 * Saturday and Sunday rhythms, public holidays, day-to-day variation, rain that slows traffic, concerts and strikes,
 * all drawn from the seed, so that weeks of data make forecasting meaningful.
 */
public enum FleetCalendar {
    /** Every day alike: the working-day rhythm. */
    FLAT("flat"),
    /** Weekdays, weekends, holidays, weather and events, each day drawn from the seed and its date. */
    WEEKS("weeks");

    private final String key;

    FleetCalendar(String key) {
        this.key = key;
    }

    /** The name in a spec ({@code calendar=weeks}) and on the command line. */
    public String key() {
        return key;
    }

    /** @throws UrbanFlowException naming the known calendars */
    public static FleetCalendar byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (FleetCalendar calendar : values()) {
            if (calendar.key.equals(wanted)) {
                return calendar;
            }
        }
        throw new UrbanFlowException("Cannot generate synthetic fleet: calendar '" + name + "' is neither flat nor weeks");
    }
}
