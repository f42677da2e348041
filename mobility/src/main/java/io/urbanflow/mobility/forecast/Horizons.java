package io.urbanflow.mobility.forecast;

import java.util.List;

/** The forecast horizons in 10-minute steps: 10, 30 and 60 minutes ahead and the next day (144 steps). */
public final class Horizons {
    public static final int STEP_MINUTES = 10;
    public static final int SLOTS_PER_DAY = 144;
    public static final int SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;
    /** Every horizon forecast and backtested, shortest first. */
    public static final List<Integer> ALL = List.of(1, 3, 6, SLOTS_PER_DAY);
    /** The horizons of the next hour, as the live map's slider shows them. */
    public static final List<Integer> NEXT_HOUR = List.of(1, 3, 6);

    private Horizons() {
    }

    /** {@code h1}, {@code h3}, {@code h6}, {@code day}. */
    public static String label(int steps) {
        return steps == SLOTS_PER_DAY ? "day" : "h" + steps;
    }

    /** {@code 10 min}, {@code 1 h}, {@code 1 day}. */
    public static String describe(int steps) {
        int minutes = steps * STEP_MINUTES;
        return minutes % 1440 == 0 ? minutes / 1440 + " day" : minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
    }
}
