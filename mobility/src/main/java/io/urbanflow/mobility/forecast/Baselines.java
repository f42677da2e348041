package io.urbanflow.mobility.forecast;

/**
 * The four baselines, fitted on the slots before an origin: last value, historical average (mean of the training
 * days at the same local time of day, work days and rest days apart), seasonal naive one day and one week back. A
 * baseline with nothing to go on (a missing speed, a week lag before the data starts) falls back to the historical
 * average, then to 0. Immutable once fitted; thread-safe.
 */
final class Baselines {
    private static final int LAST_VALUE_LOOKBACK = 6;

    private final SeriesPanel panel;
    /** [series][rest day 0/1][slot of day]: the historical average. */
    private final float[][][] average;

    /** Fits the historical average on slots [0, trainEnd). */
    Baselines(SeriesPanel panel, int trainEnd) {
        this.panel = panel;
        int day = Horizons.SLOTS_PER_DAY;
        this.average = new float[panel.series()][2][day];
        double[][] sums = new double[2][day];
        int[][] counts = new int[2][day];
        for (int s = 0; s < panel.series(); s++) {
            for (double[] row : sums) {
                java.util.Arrays.fill(row, 0);
            }
            for (int[] row : counts) {
                java.util.Arrays.fill(row, 0);
            }
            for (int u = 0; u < Math.min(trainEnd, panel.slots()); u++) {
                float value = panel.value(s, u);
                if (!Float.isNaN(value)) {
                    int kind = panel.restDay(u) ? 1 : 0;
                    sums[kind][panel.slotOfDay(u)] += value;
                    counts[kind][panel.slotOfDay(u)]++;
                }
            }
            for (int kind = 0; kind < 2; kind++) {
                for (int slot = 0; slot < day; slot++) {
                    int other = 1 - kind;
                    // a kind of day the training data lacks borrows the other kind's average
                    average[s][kind][slot] = counts[kind][slot] > 0 ? (float) (sums[kind][slot] / counts[kind][slot])
                            : counts[other][slot] > 0 ? (float) (sums[other][slot] / counts[other][slot]) : Float.NaN;
                }
            }
        }
    }

    /** The forecast of {@code method} (a baseline) from origin {@code t} for slot {@code t + h}. */
    float predict(ForecastMethod method, int series, int t, int h) {
        int target = t + h;
        float value;
        switch (method) {
            case LAST_VALUE:
                value = Float.NaN;
                for (int back = 0; back < LAST_VALUE_LOOKBACK && t - back >= 0 && Float.isNaN(value); back++) {
                    value = panel.value(series, t - back);
                }
                break;
            case HISTORICAL_AVERAGE:
                value = Float.NaN;
                break;
            case SEASONAL_NAIVE_DAY:
                value = target - Horizons.SLOTS_PER_DAY >= 0 ? panel.value(series, target - Horizons.SLOTS_PER_DAY) : Float.NaN;
                break;
            case SEASONAL_NAIVE_WEEK:
                value = target - Horizons.SLOTS_PER_WEEK >= 0 ? panel.value(series, target - Horizons.SLOTS_PER_WEEK) : Float.NaN;
                break;
            default:
                throw new IllegalArgumentException("Cannot predict with " + method + ": not a baseline");
        }
        if (Float.isNaN(value)) {
            value = average(series, target);
        }
        return Float.isNaN(value) ? 0 : value;
    }

    /** The historical average of a series at a slot's local time and kind of day. */
    float average(int series, int slot) {
        int at = Math.min(slot, panel.slots() - 1);
        return average[series][panel.restDay(at) ? 1 : 0][(panel.slotOfDay(at) + slot - at) % Horizons.SLOTS_PER_DAY];
    }
}
