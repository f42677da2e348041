package io.urbanflow.mobility.fleet;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * A city's rhythm in local time: the share of the fleet on duty, how fast traffic flows and how many fares there are,
 * by hour of the day, with morning (8-9 h) and evening (17-19 h) peaks on work days. Under
 * {@link FleetCalendar#FLAT} every day has the work-day rhythm (the figures do not depend on the date at all); under
 * {@link FleetCalendar#WEEKS} each {@link CalendarDay} brings its kind's rhythm (Saturdays and Sundays start late and
 * run late), its activity level, its rain and its event. Converts instants to local hours through a table of UTC
 * offsets per hour of the simulated span, so that the hot path neither allocates nor consults zone rules (these
 * cities change offset only on whole UTC hours). Immutable and thread-safe.
 */
final class DailyRhythm {
    /** Share of the fleet on duty at each local hour 0..23 of a work day (linear in between): low at night, two peaks. */
    private static final double[] ON_DUTY = {
        0.30, 0.22, 0.15, 0.12, 0.12, 0.18, 0.40, 0.70, 0.90, 0.92, 0.80, 0.72,
        0.70, 0.68, 0.68, 0.72, 0.82, 0.92, 1.00, 0.90, 0.72, 0.58, 0.48, 0.38,
    };
    /** Saturdays: a late start, no morning peak, a long evening. */
    private static final double[] ON_DUTY_SATURDAY = {
        0.45, 0.40, 0.32, 0.22, 0.15, 0.12, 0.15, 0.22, 0.35, 0.50, 0.65, 0.75,
        0.80, 0.80, 0.78, 0.78, 0.80, 0.85, 0.90, 0.92, 0.90, 0.85, 0.75, 0.62,
    };
    /** Sundays and public holidays: busy after midnight, a quiet morning, a flat afternoon. */
    private static final double[] ON_DUTY_SUNDAY = {
        0.55, 0.45, 0.35, 0.25, 0.15, 0.10, 0.10, 0.15, 0.25, 0.38, 0.52, 0.62,
        0.68, 0.66, 0.60, 0.58, 0.60, 0.66, 0.70, 0.68, 0.60, 0.50, 0.40, 0.32,
    };
    /** Speed of traffic relative to a normal daytime hour: free at night, congested at the rush hours. */
    private static final double[] TRAFFIC_SPEED = {
        1.25, 1.30, 1.30, 1.30, 1.30, 1.25, 1.10, 0.85, 0.60, 0.62, 0.85, 0.92,
        0.92, 0.92, 0.92, 0.90, 0.80, 0.62, 0.58, 0.65, 0.88, 1.05, 1.15, 1.20,
    };
    /** Weekends and holidays: no rush hours, some slowing around midday and the early evening. */
    private static final double[] TRAFFIC_SPEED_WEEKEND = {
        1.25, 1.28, 1.30, 1.30, 1.30, 1.30, 1.25, 1.20, 1.10, 1.00, 0.95, 0.90,
        0.88, 0.88, 0.90, 0.92, 0.90, 0.85, 0.82, 0.88, 0.95, 1.05, 1.12, 1.18,
    };
    private static final double RAIN_SPEED = 0.75;
    private static final double RAIN_DEMAND = 1.3;
    private static final double STRIKE_DUTY = 1.25;
    private static final double STRIKE_SPEED = 0.8;
    /** Concert-goers arrive in the hours before the show and leave in the hour after it. */
    private static final double ARRIVAL_HOURS = 1.5;
    private static final double DEPARTURE_HOURS = 1.0;

    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    private final long originEpochSecond;
    private final int[] offsetSecondsByHour;
    /** Null for a flat calendar; else the days from {@link #firstEpochDay} on, one either side of the span included. */
    private final CalendarDay[] days;
    private final long firstEpochDay;

    /** A flat rhythm for instants between {@code fromEpochSecond} and {@code toEpochSecond}, with a day's margin each side. */
    DailyRhythm(ZoneId zone, long fromEpochSecond, long toEpochSecond) {
        this(zone, fromEpochSecond, toEpochSecond, null);
    }

    /**
     * @param days null for {@link FleetCalendar#FLAT}; else consecutive days starting the day before the span, as
     *             {@link FleetDays#withMargins} gives them
     */
    DailyRhythm(ZoneId zone, long fromEpochSecond, long toEpochSecond, List<CalendarDay> days) {
        ZoneRules rules = zone.getRules();
        this.originEpochSecond = Math.floorDiv(fromEpochSecond - SECONDS_PER_DAY, SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
        int hours = (int) ((toEpochSecond + SECONDS_PER_DAY - originEpochSecond) / SECONDS_PER_HOUR) + 1;
        this.offsetSecondsByHour = new int[hours];
        for (int hour = 0; hour < hours; hour++) {
            offsetSecondsByHour[hour] = rules.getOffset(Instant.ofEpochSecond(originEpochSecond + hour * SECONDS_PER_HOUR))
                    .getTotalSeconds();
        }
        this.days = days == null ? null : days.toArray(new CalendarDay[0]);
        this.firstEpochDay = days == null || days.isEmpty() ? 0 : days.get(0).date().toEpochDay();
    }

    /** The local hour of the day, in [0, 24), of an instant in (or near) the simulated span. */
    double localHour(long epochMicros) {
        long localSecondOfDay = Math.floorMod(localEpochSecond(epochMicros), SECONDS_PER_DAY);
        return (localSecondOfDay + Math.floorMod(epochMicros, 1_000_000L) / 1e6) / SECONDS_PER_HOUR;
    }

    private long localEpochSecond(long epochMicros) {
        long epochSecond = Math.floorDiv(epochMicros, 1_000_000L);
        int index = (int) Math.max(0, Math.min(offsetSecondsByHour.length - 1,
                (epochSecond - originEpochSecond) / SECONDS_PER_HOUR));
        return epochSecond + offsetSecondsByHour[index];
    }

    /** The calendar day of a local epoch second, the nearest planned one outside the plan. */
    private CalendarDay day(long localEpochSecond) {
        long index = Math.floorDiv(localEpochSecond, SECONDS_PER_DAY) - firstEpochDay;
        return days[(int) Math.max(0, Math.min(days.length - 1, index))];
    }

    /**
     * Share of the fleet on duty at an instant for a taxi whose shifts run {@code shiftHours} late; at most about 1
     * (the work-day evening peak). Under a flat calendar this is the work-day table at the shifted local hour.
     */
    double onDutyShare(long epochMicros, double shiftHours) {
        if (days == null) {
            return onDutyShare(localHour(epochMicros) - shiftHours);
        }
        double shiftedSecond = localEpochSecond(epochMicros) + Math.floorMod(epochMicros, 1_000_000L) / 1e6 - shiftHours * SECONDS_PER_HOUR;
        CalendarDay day = day((long) Math.floor(shiftedSecond));
        double hour = (shiftedSecond - Math.floor(shiftedSecond / SECONDS_PER_DAY) * SECONDS_PER_DAY) / SECONDS_PER_HOUR;
        double share = interpolate(dutyTable(day.kind()), hour) * day.activity();
        if (strikeAt(day, hour)) {
            share *= STRIKE_DUTY;
        }
        return share;
    }

    /** Traffic speed relative to a normal daytime hour at an instant. */
    double trafficSpeedFactor(long epochMicros) {
        double hour = localHour(epochMicros);
        if (days == null) {
            return trafficSpeedFactor(hour);
        }
        CalendarDay day = day(localEpochSecond(epochMicros));
        double factor = interpolate(day.kind() == CalendarDay.Kind.WORKDAY ? TRAFFIC_SPEED : TRAFFIC_SPEED_WEEKEND, hour);
        if (day.rainsAt(hour)) {
            factor *= RAIN_SPEED;
        }
        if (strikeAt(day, hour)) {
            factor *= STRIKE_SPEED;
        }
        return factor;
    }

    /** Demand for taxis relative to the work-day evening peak at an instant: passengers are as plentiful as taxis on duty. */
    double demand(long epochMicros) {
        double hour = localHour(epochMicros);
        if (days == null) {
            return demand(hour);
        }
        CalendarDay day = day(localEpochSecond(epochMicros));
        double demand = interpolate(dutyTable(day.kind()), hour) * day.activity();
        if (day.rainsAt(hour)) {
            demand *= RAIN_DEMAND;
        }
        if (strikeAt(day, hour)) {
            demand *= STRIKE_DUTY;
        }
        return Math.min(1.2, demand);
    }

    /** The hotspot (index in the city's hotspot list) concert-goers travel to at an instant, or -1. */
    int arrivalVenue(long epochMicros) {
        if (days == null) {
            return -1;
        }
        CalendarDay day = day(localEpochSecond(epochMicros));
        if (day.event().isEmpty() || day.event().get().kind() != CalendarDay.EventKind.CONCERT) {
            return -1;
        }
        double hour = localHour(epochMicros);
        CalendarDay.Event event = day.event().get();
        return hour >= event.fromHour() - ARRIVAL_HOURS && hour < event.fromHour() + 0.25 ? event.hotspot() : -1;
    }

    /** The hotspot free taxis head to at an instant because a concert there is ending, or -1. */
    int departureVenue(long epochMicros) {
        if (days == null) {
            return -1;
        }
        CalendarDay day = day(localEpochSecond(epochMicros));
        if (day.event().isEmpty() || day.event().get().kind() != CalendarDay.EventKind.CONCERT) {
            return -1;
        }
        double hour = localHour(epochMicros);
        CalendarDay.Event event = day.event().get();
        return hour >= event.toHour() - 0.5 && hour < event.toHour() + DEPARTURE_HOURS ? event.hotspot() : -1;
    }

    /**
     * The expected share of the fleet at work at a local hour of a calendar day, rain and strikes included: the
     * rhythm the simulation follows, for generators that draw counts directly.
     */
    static double expectedActivity(CalendarDay day, double hour) {
        double share = interpolate(dutyTable(day.kind()), hour) * day.activity();
        if (strikeAt(day, hour)) {
            share *= STRIKE_DUTY;
        }
        if (day.rainsAt(hour)) {
            share *= 1 / RAIN_SPEED; // slower taxis stay longer in each cell
        }
        return share;
    }

    private static boolean strikeAt(CalendarDay day, double hour) {
        return day.event().isPresent() && day.event().get().kind() == CalendarDay.EventKind.STRIKE
                && hour >= day.event().get().fromHour() && hour < day.event().get().toHour();
    }

    private static double[] dutyTable(CalendarDay.Kind kind) {
        return switch (kind) {
            case WORKDAY -> ON_DUTY;
            case SATURDAY -> ON_DUTY_SATURDAY;
            case SUNDAY -> ON_DUTY_SUNDAY;
        };
    }

    /** Share of the fleet on duty at a local hour of a work day; its maximum is 1 at the evening peak. */
    static double onDutyShare(double localHour) {
        return interpolate(ON_DUTY, localHour);
    }

    /** Traffic speed relative to a normal daytime hour of a work day. */
    static double trafficSpeedFactor(double localHour) {
        return interpolate(TRAFFIC_SPEED, localHour);
    }

    /** Demand for taxis relative to the evening peak of a work day: passengers are as plentiful as taxis on duty. */
    static double demand(double localHour) {
        return onDutyShare(localHour);
    }

    /** Linear interpolation of an hourly table, wrapping around midnight. */
    private static double interpolate(double[] table, double localHour) {
        double hour = localHour - 24 * Math.floor(localHour / 24);
        int low = (int) hour % 24;
        int high = (low + 1) % 24;
        double fraction = hour - Math.floor(hour);
        return table[low] + fraction * (table[high] - table[low]);
    }
}
