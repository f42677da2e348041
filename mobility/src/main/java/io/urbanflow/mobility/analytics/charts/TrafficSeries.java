package io.urbanflow.mobility.analytics.charts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Points and active vehicles per 10 minutes, and their mean daily profile. Immutable.
 *
 * @param zone      zone of the profile's time of day
 * @param intervals every 10-minute interval from the first to the last with points, empty ones as zeros, in order
 * @param profile   144 slots (00:00, 00:10, ... 23:50 local): the mean over {@code days} of the intervals there
 * @param days      local days from the first to the last interval, both included
 * @param table     where the counts came from
 */
public record TrafficSeries(ZoneId zone, List<Interval> intervals, List<ProfileSlot> profile, int days, String table) implements ChartData {
    public TrafficSeries {
        intervals = List.copyOf(intervals);
        profile = List.copyOf(profile);
    }

    /**
     * @param start    start of the interval
     * @param points   GPS points in it
     * @param vehicles distinct vehicles with a point in it
     */
    public record Interval(Instant start, long points, long vehicles) {
    }

    /**
     * @param minuteOfDay start of the slot, 0, 10, ... 1430 (local)
     * @param points      mean points per day in the slot
     * @param vehicles    mean active vehicles per day in the slot
     */
    public record ProfileSlot(int minuteOfDay, double points, double vehicles) {
    }

    public long totalPoints() {
        long total = 0;
        for (Interval interval : intervals) {
            total += interval.points();
        }
        return total;
    }
}
