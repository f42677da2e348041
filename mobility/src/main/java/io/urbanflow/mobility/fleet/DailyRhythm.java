package io.urbanflow.mobility.fleet;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * A city's daily rhythm in local time: the share of the fleet on duty and how fast traffic flows, by hour of the
 * day, with morning (8-9 h) and evening (17-19 h) peaks. Converts instants to local hours through a table of UTC
 * offsets per hour of the simulated span, so that the hot path neither allocates nor consults zone rules (these
 * cities change offset only on whole UTC hours). Immutable and thread-safe.
 */
final class DailyRhythm {
    /** Share of the fleet on duty at each local hour 0..23 (linear in between): low at night, two peaks. */
    private static final double[] ON_DUTY = {
        0.30, 0.22, 0.15, 0.12, 0.12, 0.18, 0.40, 0.70, 0.90, 0.92, 0.80, 0.72,
        0.70, 0.68, 0.68, 0.72, 0.82, 0.92, 1.00, 0.90, 0.72, 0.58, 0.48, 0.38,
    };
    /** Speed of traffic relative to a normal daytime hour: free at night, congested at the rush hours. */
    private static final double[] TRAFFIC_SPEED = {
        1.25, 1.30, 1.30, 1.30, 1.30, 1.25, 1.10, 0.85, 0.60, 0.62, 0.85, 0.92,
        0.92, 0.92, 0.92, 0.90, 0.80, 0.62, 0.58, 0.65, 0.88, 1.05, 1.15, 1.20,
    };

    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    private final long originEpochSecond;
    private final int[] offsetSecondsByHour;

    /** A rhythm for instants between {@code fromEpochSecond} and {@code toEpochSecond}, with a day's margin each side. */
    DailyRhythm(ZoneId zone, long fromEpochSecond, long toEpochSecond) {
        ZoneRules rules = zone.getRules();
        this.originEpochSecond = Math.floorDiv(fromEpochSecond - SECONDS_PER_DAY, SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
        int hours = (int) ((toEpochSecond + SECONDS_PER_DAY - originEpochSecond) / SECONDS_PER_HOUR) + 1;
        this.offsetSecondsByHour = new int[hours];
        for (int hour = 0; hour < hours; hour++) {
            offsetSecondsByHour[hour] = rules.getOffset(Instant.ofEpochSecond(originEpochSecond + hour * SECONDS_PER_HOUR))
                    .getTotalSeconds();
        }
    }

    /** The local hour of the day, in [0, 24), of an instant in (or near) the simulated span. */
    double localHour(long epochMicros) {
        long epochSecond = Math.floorDiv(epochMicros, 1_000_000L);
        int index = (int) Math.max(0, Math.min(offsetSecondsByHour.length - 1,
                (epochSecond - originEpochSecond) / SECONDS_PER_HOUR));
        long localSecondOfDay = Math.floorMod(epochSecond + offsetSecondsByHour[index], SECONDS_PER_DAY);
        return (localSecondOfDay + Math.floorMod(epochMicros, 1_000_000L) / 1e6) / SECONDS_PER_HOUR;
    }

    /** Share of the fleet on duty at a local hour; its maximum is 1 at the evening peak. */
    static double onDutyShare(double localHour) {
        return interpolate(ON_DUTY, localHour);
    }

    /** Traffic speed relative to a normal daytime hour. */
    static double trafficSpeedFactor(double localHour) {
        return interpolate(TRAFFIC_SPEED, localHour);
    }

    /** Demand for taxis relative to the evening peak: passengers are as plentiful as taxis on duty. */
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
