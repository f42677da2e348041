package io.urbanflow.mobility.analytics.charts.internal;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/** Axis labels in degrees with a hemisphere letter: {@code 12.48°E}, {@code 122.40°W}, {@code 41.90°N}. */
public final class DegreeFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;
    private final char positive;
    private final char negative;

    private DegreeFormat(char positive, char negative) {
        this.positive = positive;
        this.negative = negative;
    }

    public static DegreeFormat longitude() {
        return new DegreeFormat('E', 'W');
    }

    public static DegreeFormat latitude() {
        return new DegreeFormat('N', 'S');
    }

    @Override
    public StringBuffer format(double number, StringBuffer target, FieldPosition position) {
        DecimalFormat decimals = new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        String text = decimals.format(Math.abs(number));
        target.append(text).append('°');
        // no letter on the equator and the prime meridian
        if (!text.equals("0.00")) {
            target.append(number > 0 ? positive : negative);
        }
        return target;
    }

    @Override
    public StringBuffer format(long number, StringBuffer target, FieldPosition position) {
        return format((double) number, target, position);
    }

    @Override
    public Number parse(String source, ParsePosition position) {
        throw new UnsupportedOperationException("axis labels are not parsed");
    }
}
