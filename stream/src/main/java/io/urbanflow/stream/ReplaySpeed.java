package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/**
 * How fast a replay goes: {@link #MAX} (as fast as the broker takes the points) or {@code factor} times faster
 * than the data's own clock ({@code 1} = real time, {@code 60} = an hour of data per minute). Immutable.
 *
 * @param factor data seconds per wall-clock second; {@link Double#POSITIVE_INFINITY} for {@link #MAX}
 */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

    public ReplaySpeed {
        if (!(factor > 0)) {
            throw new UrbanFlowException("Cannot use replay speed " + factor + ": it must be greater than 0");
        }
    }

    public static ReplaySpeed times(double factor) {
        return new ReplaySpeed(factor);
    }

    /**
     * Parses {@code max}, {@code 60} or {@code 60x}.
     *
     * @throws UrbanFlowException when the text is none of these or not above 0
     */
    public static ReplaySpeed parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("max")) {
            return MAX;
        }
        if (value.endsWith("x")) {
            value = value.substring(0, value.length() - 1);
        }
        double factor;
        try {
            factor = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            factor = Double.NaN;
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new UrbanFlowException("Cannot read replay speed '" + text
                    + "': expected max or a number above 0 (how many times faster than the data's clock), such as 60");
        }
        return new ReplaySpeed(factor);
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        if (isMax()) {
            return "max";
        }
        return factor == Math.rint(factor) ? (long) factor + "x" : factor + "x";
    }
}
