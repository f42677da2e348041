package io.urbanflow.mobility.analytics.charts.internal;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/** Axis labels for hours of the day: 0 → {@code 00:00}, 13.5 → {@code 13:30}, 24 → {@code 24:00}. */
public final class ClockFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double hours, StringBuffer target, FieldPosition position) {
        long minutes = Math.round(hours * 60);
        long hour = minutes / 60;
        long minute = minutes % 60;
        if (hour < 10) {
            target.append('0');
        }
        target.append(hour).append(':');
        if (minute < 10) {
            target.append('0');
        }
        return target.append(minute);
    }

    @Override
    public StringBuffer format(long hours, StringBuffer target, FieldPosition position) {
        return format((double) hours, target, position);
    }

    @Override
    public Number parse(String source, ParsePosition position) {
        throw new UnsupportedOperationException("axis labels are not parsed");
    }
}
