package io.urbanflow.mobility.analytics.charts;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Maps data values to the space a colour ramp and its legend axis work in: identity, or log10 for
 * heavy-tailed counts (a taxi rank with thousands of fixes beside streets with a handful). Immutable.
 */
public enum ValueScale {
    LINEAR,
    LOG;

    /** The value in scale space; for {@link #LOG} values at or below zero map to NaN (drawn as "no data"). */
    public double toScale(double value) {
        if (this == LINEAR) {
            return value;
        }
        return value > 0 ? Math.log10(value) : Double.NaN;
    }

    public double fromScale(double scaled) {
        return this == LINEAR ? scaled : Math.pow(10, scaled);
    }

    /** Formats legend ticks (scale space) as data values: 0, 1, 2 on a log legend read 1, 10, 100. */
    public NumberFormat tickFormat() {
        return new DataValueFormat(this);
    }

    /** Formats scale-space values as the data values they stand for, with thousands separators. */
    private static final class DataValueFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final ValueScale scale;

        DataValueFormat(ValueScale scale) {
            this.scale = scale;
        }

        @Override
        public StringBuffer format(double number, StringBuffer target, FieldPosition position) {
            double value = scale.fromScale(number);
            double magnitude = Math.abs(value);
            String pattern = magnitude >= 100 || magnitude == Math.rint(magnitude) ? "#,##0"
                    : magnitude >= 10 ? "#,##0.#" : magnitude >= 1 ? "0.##" : "0.###";
            return target.append(new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value));
        }

        @Override
        public StringBuffer format(long number, StringBuffer target, FieldPosition position) {
            return format((double) number, target, position);
        }

        @Override
        public Number parse(String source, ParsePosition position) {
            throw new UnsupportedOperationException("legend labels are not parsed");
        }
    }
}
