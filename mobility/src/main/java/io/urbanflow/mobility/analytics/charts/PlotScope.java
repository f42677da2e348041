package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.mobility.City;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The points a chart covers, resolved from {@link PlotOptions} and the lake: the city (its bounds select the
 * points; null = no spatial filter), the zone of local times, the time window and the hour of day. Immutable.
 *
 * @param city the city, or null
 * @param zone zone of local times
 * @param from first instant (inclusive), or null
 * @param to   end instant (exclusive), or null
 * @param hour local hour of day 0..23, or null
 */
public record PlotScope(City city, ZoneId zone, Instant from, Instant to, Integer hour) {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public PlotScope {
        if (zone == null) {
            throw new IllegalArgumentException("Cannot build plot scope: a zone is required");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new io.urbanflow.model.UrbanFlowException("Cannot plot: --from " + from + " is not before --to " + to);
        }
    }

    /** "in rome between 2014-02-01 08:00 and 2014-02-01 09:00 (Europe/Rome) at 08:00-09:00", for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(city == null ? "in the lake" : "in " + city.key());
        if (from != null && to != null) {
            text.append(" between ").append(local(from)).append(" and ").append(local(to)).append(" (").append(zone).append(')');
        } else if (from != null) {
            text.append(" from ").append(local(from)).append(" (").append(zone).append(')');
        } else if (to != null) {
            text.append(" before ").append(local(to)).append(" (").append(zone).append(')');
        }
        if (hour != null) {
            text.append(String.format(java.util.Locale.ROOT, " at %02d:00-%02d:00 local time", hour, (hour + 1) % 24));
        }
        return text.toString();
    }

    /** A local time in this scope's zone, as the charts print it. */
    public String local(Instant instant) {
        return LOCAL.format(instant.atZone(zone));
    }
}
