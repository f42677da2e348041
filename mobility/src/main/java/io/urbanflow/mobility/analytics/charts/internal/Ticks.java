package io.urbanflow.mobility.analytics.charts.internal;

/**
 * Round tick spacings at 1, 2 or 5 × 10^n: the finest one giving at most 30% more ticks than {@code count}, so
 * labels neither crowd nor thin out to a handful.
 */
final class Ticks {
    private Ticks() {
    }

    static double spacing(double span, double count) {
        double raw = span / (1.3 * Math.max(1, count));
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= raw) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
